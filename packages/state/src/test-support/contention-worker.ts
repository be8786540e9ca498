/**
 * One process of the contention test: hammers a shared index as a writer or a
 * reader until the deadline, then prints one JSON line with what it did and
 * every error it saw. Bundled and started by contention.test.ts.
 */
import { randomUUID } from 'node:crypto';
import type { ThreadSortKey } from '../cursor';
import { ThreadIndex } from '../thread-index';

interface Report {
  role: string;
  operations: number;
  inserted: number;
  deleted: number;
  errors: string[];
}

const [role = 'reader', sqliteHome = '', durationText = '1000'] = process.argv.slice(2);
const deadline = Date.now() + Number(durationText);
const report: Report = { role, operations: 0, inserted: 0, deleted: 0, errors: [] };
const SORT_KEYS: ThreadSortKey[] = ['created_at', 'updated_at', 'recency_at'];
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

function attempt(operation: () => void): void {
  try {
    operation();
    report.operations++;
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown';
    report.errors.push(`${code}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const index = ThreadIndex.open({ sqliteHome });
const mine: string[] = [];

function writeOnce(): void {
  const roll = Math.random();
  if (roll < 0.35 || mine.length < 5) {
    const batch = Array.from({ length: 1 + Math.floor(Math.random() * 4) }, () => randomUUID());
    attempt(() => {
      index.upsertThreads(
        batch.map((threadId) => ({
          threadId,
          rolloutPath: `/home/${role}/sessions/${threadId}.jsonl`,
          createdAt: Date.now(),
          preview: `contention ${role} thread ${threadId.slice(0, 8)}`,
          modelProvider: 'openai',
          cwd: pick(['/a', '/b', '/c']),
          source: pick(['cli', 'exec', 'vscode']),
          rolloutFile: { sizeBytes: 100, mtimeMs: Date.now() },
        })),
      );
      mine.push(...batch);
      report.inserted += batch.length;
    });
  } else if (roll < 0.75) {
    attempt(() => {
      index.patchThread(pick(mine), {
        name: `renamed ${Math.random().toString(36).slice(2, 8)}`,
        updatedAt: Date.now(),
        advanceRecencyAt: Date.now(),
        gitInfo: { branch: pick(['main', 'dev', null]) },
      });
    });
  } else if (roll < 0.85) {
    const threadId = pick(mine);
    attempt(() => {
      index.markArchived(threadId, { rolloutPath: `/home/${role}/archived_sessions/${threadId}.jsonl` });
      index.markUnarchived(threadId, { rolloutPath: `/home/${role}/sessions/${threadId}.jsonl` });
    });
  } else if (roll < 0.93) {
    attempt(() => {
      index.setThreadMessages(pick(mine), [
        { role: 'user', text: `question ${Math.random()}` },
        { role: 'assistant', text: 'answer with some words' },
      ]);
    });
  } else {
    const at = Math.floor(Math.random() * mine.length);
    const threadId = mine[at]!;
    attempt(() => {
      if (index.deleteThread(threadId)) report.deleted++;
      mine.splice(at, 1);
    });
  }
}

function readOnce(): void {
  const roll = Math.random();
  if (roll < 0.6) {
    attempt(() => {
      const sortKey = pick(SORT_KEYS);
      let cursor: string | null = null;
      for (let page = 0; page < 3; page++) {
        const result = index.listThreads({ pageSize: 20, cursor, sortKey, modelProviders: [] });
        cursor = result.nextCursor;
        if (cursor === null) break;
      }
    });
  } else if (roll < 0.8) {
    attempt(() => index.searchThreads({ searchTerm: 'contention', pageSize: 10 }));
  } else if (roll < 0.9) {
    attempt(() => index.searchMessages({ searchTerm: 'answer', pageSize: 10 }));
  } else {
    attempt(() => index.countThreads());
  }
}

while (Date.now() < deadline) {
  if (role === 'writer') writeOnce();
  else readOnce();
}
index.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
