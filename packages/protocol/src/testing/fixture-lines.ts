import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's copies of Codex homes written by the real Codex CLI. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));

export interface FixtureLine {
  /** Path of the rollout relative to the fixtures folder, with the 1-based line number. */
  where: string;
  text: string;
}

function rolloutFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return rolloutFiles(path);
    return entry.name.startsWith('rollout-') && entry.name.endsWith('.jsonl') ? [path] : [];
  });
}

/** Every non-empty line of every rollout under the fixtures folder (split on LF only, as Codex does). */
export function fixtureLines(): FixtureLine[] {
  return rolloutFiles(FIXTURES_DIR).flatMap((file) => {
    const name = relative(FIXTURES_DIR, file);
    return readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((text, index) => (text === '' ? [] : [{ where: `${name}:${index + 1}`, text }]));
  });
}
