import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRolloutFile } from '@threadkit/rollout';
import { snapshotTree } from './temp-root';

/** The files a Codex home's history lives in (not the index): rollouts and session_index.jsonl. */
export function snapshotHistoryFiles(home: string): Map<string, string> {
  const snapshot = new Map<string, string>();
  for (const dir of ['sessions', 'archived_sessions']) {
    if (existsSync(join(home, dir))) for (const [path, state] of snapshotTree(join(home, dir))) snapshot.set(`${dir}/${path}`, state);
  }
  const names = join(home, 'session_index.jsonl');
  if (existsSync(names)) snapshot.set('session_index.jsonl', readFileSync(names, 'utf8'));
  return snapshot;
}

export function rolloutPaths(home: string): string[] {
  const paths: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.jsonl')) paths.push(join(dir, entry.name));
    }
  };
  walk(join(home, 'sessions'));
  walk(join(home, 'archived_sessions'));
  return paths;
}

/** Every rollout reads with no skipped line, and every session_index.jsonl line is a whole entry. */
export async function expectHistoryFilesIntact(home: string): Promise<void> {
  for (const path of rolloutPaths(home)) {
    const file = await readRolloutFile(path);
    const skipped = Object.entries(file.skipped).filter(([kind, count]) => kind !== 'unknown_kind' && count > 0);
    if (skipped.length > 0) throw new Error(`${path} has unreadable lines: ${JSON.stringify(Object.fromEntries(skipped))}`);
  }
  const names = join(home, 'session_index.jsonl');
  if (!existsSync(names)) return;
  const text = readFileSync(names, 'utf8');
  if (text !== '' && !text.endsWith('\n')) throw new Error('session_index.jsonl does not end with a newline');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const entry = JSON.parse(line) as { id?: unknown; thread_name?: unknown };
    if (typeof entry.id !== 'string' || typeof entry.thread_name !== 'string') throw new Error(`bad session_index.jsonl line: ${line}`);
  }
}
