import { appendFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateHome } from 'threadkit-bench/generate';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'fixtures');

/**
 * A realistic home in `home`: `threads` generated Codex-shaped rollouts (both
 * history eras, names, archived threads, many days) plus the real Codex 0.142
 * fixture home (renames, an archive, a git patch, a fork). Generated once per
 * `cacheDir` and copied.
 */
export function buildMixedHome(home: string, cacheDir: string, threads: number): void {
  const generated = generateHome(cacheDir, { threads, averageBytes: 20_000, seed: 'threadkit-reliability' });
  cpSync(generated.home, home, { recursive: true, preserveTimestamps: true });
  const fixture = join(FIXTURES, 'codex-0.142', 'home');
  cpSync(join(fixture, 'sessions'), join(home, 'sessions'), { recursive: true, preserveTimestamps: true });
  cpSync(join(fixture, 'archived_sessions'), join(home, 'archived_sessions'), { recursive: true, preserveTimestamps: true });
  const names = join(fixture, 'session_index.jsonl');
  if (existsSync(names)) appendFileSync(join(home, 'session_index.jsonl'), readFileSync(names));
}
