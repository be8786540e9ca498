/**
 * Runs as an unprivileged user (see os-errors.test.ts) in `<home>`: writes a
 * thread, then takes write permission away from the rollout, from
 * session_index.jsonl, from the day folder and from archived_sessions, one
 * at a time, tries the store operation each one blocks, gives the permission
 * back and reads everything back. Prints one line: `report <json>`.
 */
import { chmodSync, mkdirSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { newThreadId } from '@threadkit/protocol';
import { findRolloutPath } from '@threadkit/rollout';
import { LocalThreadStore } from '@threadkit/thread-store';
import { reportCall } from '../support/error-report';
import { numberedRecord, recordNumbers, sessionParams, userMessage } from '../support/records';

const home = process.argv[2]!;

/** Runs `body` with `path` at `mode`, then restores `restore`. */
async function withMode<T>(path: string, mode: number, restore: number, body: () => Promise<T>): Promise<T> {
  chmodSync(path, mode);
  try {
    return await body();
  } finally {
    chmodSync(path, restore);
  }
}

const report: Record<string, unknown> = { uid: process.getuid?.() };
const store = await LocalThreadStore.open({ home, index: 'sqlite' });
const threadId = newThreadId();
await store.createThread(sessionParams(threadId));
await store.appendItems({ threadId, items: [userMessage('written with permission'), ...Array.from({ length: 10 }, (_, i) => numberedRecord(i))] });
await store.shutdownThread(threadId);
await store.updateThreadMetadata({ threadId, patch: { name: 'first name' } });
const rollout = (await findRolloutPath(home, threadId))!;

report.resumeReadOnlyRollout = await withMode(rollout, 0o444, 0o644, () =>
  reportCall(async () => {
    await store.resumeThread({ threadId });
    await store.appendItems({ threadId, items: [numberedRecord(10)] });
    await store.flushThread(threadId);
  }),
);
await store.discardThread(threadId).catch(() => {});

report.renameReadOnlyIndexFile = await withMode(join(home, 'session_index.jsonl'), 0o444, 0o644, () =>
  reportCall(() => store.updateThreadMetadata({ threadId, patch: { name: 'second name' } })),
);

report.gitPatchReadOnlyRollout = await withMode(rollout, 0o444, 0o644, () =>
  reportCall(() => store.updateThreadMetadata({ threadId, patch: { gitInfo: { branch: 'refused' } } })),
);

const second = newThreadId();
report.createInReadOnlyDayFolder = await withMode(dirname(rollout), 0o555, 0o755, () =>
  reportCall(async () => {
    await store.createThread(sessionParams(second));
    await store.appendItems({ threadId: second, items: [userMessage('a thread in a folder without write permission')] });
    await store.flushThread(second);
  }),
);
await store.discardThread(second).catch(() => {});

mkdirSync(join(home, 'archived_sessions'), { recursive: true });
report.archiveIntoReadOnlyFolder = await withMode(join(home, 'archived_sessions'), 0o555, 0o755, () =>
  reportCall(() => store.archiveThread({ threadId })),
);
await store.close();

const fresh = await LocalThreadStore.open({ home, index: 'none' });
report.numbersAfter = recordNumbers((await fresh.loadHistory({ threadId })).items);
const after = await fresh.readThread({ threadId });
report.nameAfter = after.name;
report.branchAfter = after.gitInfo?.branch ?? null;
report.archivedAfter = after.archivedAt !== null;
report.listedAfter = (await fresh.listThreads({ modelProviders: [] })).items.map((t) => t.threadId);
await fresh.close();
report.threadId = threadId;
report.secondThreadId = second;
writeSync(1, `report ${JSON.stringify(report)}\n`);
