/**
 * A LocalThreadStore writer in its own process, for the crash and
 * rival-writer tests. One event per stdout line, written synchronously so
 * nothing it reported can still sit in a buffer when it is killed:
 *   `ready`          the thread is open for appends (created or resumed)
 *   `appended <n>`   appendItems resolved for records up to n (bytes reached the OS)
 *   `flushed <n>`    flushThread resolved after records up to n (durable)
 *   `error <code> <message>`
 *
 * Usage: store-writer.ts <home> <threadId> <firstSeq> <tag>
 * Appends numbered records (`<tag> <n> ...`) in batches of 1–4, flushing
 * after about a third of them, until killed.
 */
import { writeSync } from 'node:fs';
import { isThreadStoreError, LocalThreadStore } from '@threadkit/thread-store';
import { numberedRecord, sessionParams, userMessage } from '../support/records';

function say(text: string): void {
  writeSync(1, `${text}\n`);
}

const [home, threadId, firstSeqText, tag] = process.argv.slice(2);
if (!home || !threadId || !firstSeqText || !tag) throw new Error('usage: store-writer.ts <home> <threadId> <firstSeq> <tag>');

try {
  const store = await LocalThreadStore.open({ home, index: 'sqlite' });
  try {
    await store.resumeThread({ threadId });
  } catch (error) {
    if (!isThreadStoreError(error) || error.code !== 'thread_not_found') throw error;
    await store.createThread(sessionParams(threadId));
    await store.appendItems({ threadId, items: [userMessage(`reliability writer ${tag}`)] });
  }
  say('ready');
  let seq = Number(firstSeqText);
  for (;;) {
    const count = 1 + Math.floor(Math.random() * 4);
    const items = Array.from({ length: count }, (_, i) => numberedRecord(seq + i, tag));
    await store.appendItems({ threadId, items });
    seq += count;
    say(`appended ${seq - 1}`);
    if (Math.random() < 0.33) {
      await store.flushThread(threadId);
      say(`flushed ${seq - 1}`);
    }
  }
} catch (error) {
  const code = isThreadStoreError(error) ? error.code : 'crash';
  say(`error ${code} ${(error as Error).message.replaceAll('\n', ' ')}`);
  process.exit(3);
}
