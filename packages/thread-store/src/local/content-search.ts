import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { RolloutReader } from '@threadkit/rollout';

const SNIPPET_CONTEXT = 60;

/** A one-line excerpt around the first case-insensitive occurrence of `needle` (lowercase), or undefined. */
export function snippetAround(text: string, needle: string): string | undefined {
  const at = text.toLowerCase().indexOf(needle);
  if (at < 0) return undefined;
  const start = Math.max(0, at - SNIPPET_CONTEXT);
  const end = Math.min(text.length, at + needle.length + SNIPPET_CONTEXT);
  const excerpt = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${excerpt}${end < text.length ? '…' : ''}`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The conversation texts of a record: user and agent messages, and message content the model saw or wrote. */
function messageTexts(type: string, payload: unknown): string[] {
  if (!isObject(payload)) return [];
  if (type === 'event_msg' && (payload.type === 'user_message' || payload.type === 'agent_message')) {
    return typeof payload.message === 'string' ? [payload.message] : [];
  }
  if (type === 'response_item' && payload.type === 'message' && Array.isArray(payload.content)) {
    return payload.content.flatMap((part) => (isObject(part) && typeof part.text === 'string' ? [part.text] : []));
  }
  return [];
}

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
    for (const text of messageTexts(line.type, line.payload)) {
      const snippet = snippetAround(text, needle);
      if (snippet !== undefined) return snippet;
    }
  }
  return undefined;
}
