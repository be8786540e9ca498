/**
 * Runs in a mount namespace where `<dir>` is a fresh 1 MiB tmpfs (see
 * os-errors.test.ts): writes a thread, fills the file system, keeps using
 * the store, frees the space and reads everything back. Prints one line:
 * `report <json>`.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { newThreadId } from '@threadkit/protocol';
import { findRolloutPath, readRolloutFile } from '@threadkit/rollout';
import { LocalThreadStore, type ThreadHistoryItem } from '@threadkit/thread-store';
import { reportCall } from '../support/error-report';
import { numberedRecord, recordNumbers, sessionParams, userMessage } from '../support/records';

const dir = process.argv[2]!;
const home = join(dir, 'home');
const bigRecord = (seq: number): ThreadHistoryItem =>
  ({ type: 'event_msg', payload: { type: 'agent_message', message: `seq ${seq} ${'y'.repeat(20_000)}` } }) as ThreadHistoryItem;

/** Writes until the file system refuses; returns the error code it refused with. */
function fillFileSystem(path: string): string {
  const fd = openSync(path, 'w');
  try {
    for (const size of [64 * 1024, 4096, 1]) {
      const chunk = Buffer.alloc(size, 0x7a);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if (size === 1) return (error as NodeJS.ErrnoException).code ?? 'unknown';
          break;
        }
      }
    }
    return 'never refused';
  } finally {
    closeSync(fd);
  }
}

const report: Record<string, unknown> = {};
const store = await LocalThreadStore.open({ home, index: 'sqlite' });
const threadId = newThreadId();
await store.createThread(sessionParams(threadId));
await store.appendItems({ threadId, items: [userMessage('written before the disk filled'), ...Array.from({ length: 10 }, (_, i) => numberedRecord(i))] });
await store.flushThread(threadId);
await store.updateThreadMetadata({ threadId, patch: { name: 'named before the disk filled' } });

const filler = join(dir, 'filler');
report.fill = fillFileSystem(filler);
report.append = await reportCall(() => store.appendItems({ threadId, items: Array.from({ length: 5 }, (_, i) => bigRecord(10 + i)) }));
report.flush = await reportCall(() => store.flushThread(threadId));
report.rename = await reportCall(() => store.updateThreadMetadata({ threadId, patch: { name: `named while full ${'n'.repeat(1_000)}` } }));
const second = newThreadId();
report.createAndFlush = await reportCall(async () => {
  await store.createThread(sessionParams(second));
  await store.appendItems({ threadId: second, items: [userMessage('a new thread on a full disk'), bigRecord(0)] });
  await store.flushThread(second);
});
report.shutdown = await reportCall(() => store.shutdownThread(threadId));
await store.discardThread(second).catch(() => {});
await store.close().catch(() => {});

rmSync(filler);
const fresh = await LocalThreadStore.open({ home, index: 'none' });
const history = await fresh.loadHistory({ threadId });
report.numbersAfter = recordNumbers(history.items);
report.nameAfter = (await fresh.readThread({ threadId })).name;
report.listedAfter = (await fresh.listThreads({ modelProviders: [] })).items.map((t) => t.threadId);
report.skippedAfter = (await readRolloutFile((await findRolloutPath(home, threadId))!)).skipped;
await fresh.close();
report.threadId = threadId;
report.secondThreadId = second;
writeSync(1, `report ${JSON.stringify(report)}\n`);
