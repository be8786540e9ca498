import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { RolloutReader } from '@threadkit/rollout';
import { searchableTexts, snippetAround } from '../search-text';

/**
 * True unless the raw bytes of a plain rollout certainly do not contain the
 * text (as JSON writes it). Skips parsing the many files a term is not in.
 */
async function mayContain(actualPath: string, needle: string): Promise<boolean> {
  if (actualPath.endsWith('.zst')) return true;
  const escaped = JSON.stringify(needle).slice(1, -1);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of createReadStream(actualPath, { highWaterMark: 1 << 20 })) {
    const text = carry + decoder.write(chunk as Buffer).toLowerCase();
    if (text.includes(escaped)) return true;
    carry = text.slice(-escaped.length);
  }
  return false;
}

/** A snippet of the first message of the rollout that contains `needle` (lowercase), or undefined. */
export async function findInMessages(actualPath: string, needle: string): Promise<string | undefined> {
  if (!(await mayContain(actualPath, needle))) return undefined;
  for await (const line of new RolloutReader(actualPath)) {
    for (const text of searchableTexts(line)) {
      const snippet = snippetAround(text, needle);
      if (snippet !== null) return snippet;
    }
  }
  return undefined;
}
