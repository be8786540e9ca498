/**
 * A child process for the crash and multi-writer tests, bundled and run with
 * plain node. Protocol on stdout, one line per event, written synchronously
 * so nothing reported can be lost in a buffer:
 *   `ready`        the writer is open
 *   `written <n>`  the append of record n resolved (bytes reached the OS)
 *   `flushed <n>`  a flush covering records up to n resolved
 *   `error <code> <message>`
 *
 *   `failed <code> <cause code>`  an append was refused
 *   `flush <ok | code>`
 *
 * Usage: node writer.mjs append <home> <threadId> <firstSeq>
 *        node writer.mjs hold <home> <threadId>
 *        node writer.mjs fill <home> <threadId>   (run under a file size limit)
 */
import { existsSync, writeSync } from 'node:fs';
import type { RolloutItem } from '@threadkit/protocol';
import { findRolloutPath } from '../find';
import { RolloutRecorder } from '../recorder';

function say(text: string): void {
  writeSync(1, `${text}\n`);
}

async function open(home: string, threadId: string): Promise<RolloutRecorder> {
  if (await findRolloutPath(home, threadId)) return RolloutRecorder.resume({ home, threadId });
  const recorder = await RolloutRecorder.create({
    home,
    timeZone: 'UTC',
    sessionMeta: {
      session_id: threadId,
      id: threadId,
      timestamp: new Date().toISOString(),
      cwd: '/workspace/crash',
      originator: 'threadkit-crash-test',
      cli_version: '0.0.0',
      source: 'exec',
      model_provider: 'openai',
      history_mode: 'legacy',
    },
  });
  await recorder.persist();
  return recorder;
}

function record(seq: number): RolloutItem {
  // Varying sizes so kills land inside lines of different lengths.
  const padding = 'x'.repeat((seq * 7919) % 3000);
  return { type: 'event_msg', payload: { type: 'agent_message', message: `seq ${seq} ${padding}` } } as RolloutItem;
}

async function append(home: string, threadId: string, firstSeq: number): Promise<void> {
  const recorder = await open(home, threadId);
  say('ready');
  let seq = firstSeq;
  for (;;) {
    const batch: Promise<void>[] = [];
    // Several appends in flight at once, so they coalesce; each reports when it resolves.
    for (let i = 0; i < 5; i++) {
      const n = seq++;
      batch.push(recorder.append([record(n)]).then(() => say(`written ${n}`)));
    }
    await Promise.all(batch);
    await recorder.flush();
    say(`flushed ${seq - 1}`);
  }
}

async function hold(home: string, threadId: string): Promise<void> {
  const recorder = await open(home, threadId);
  say('ready');
  process.stdin.resume();
  process.stdin.on('end', () => {
    recorder.shutdown().then(() => process.exit(0));
  });
}

/** Appends until the OS refuses (e.g. a file size limit), then tries a flush. */
async function fill(home: string, threadId: string): Promise<void> {
  // Over the limit the kernel sends SIGXFSZ; ignoring it turns the signal into an EFBIG error.
  process.on('SIGXFSZ', () => {});
  const recorder = await open(home, threadId);
  say('ready');
  for (let n = 0; ; n++) {
    try {
      await recorder.append([record(n % 7)]);
      say(`written ${n}`);
    } catch (err) {
      const { code, cause } = err as { code?: string; cause?: { code?: string } };
      say(`failed ${code} ${cause?.code}`);
      break;
    }
  }
  try {
    await recorder.flush();
    say('flush ok');
  } catch (err) {
    say(`flush ${(err as { code?: string }).code}`);
  }
  process.exit(0);
}

const [mode, home, threadId, first] = process.argv.slice(2);
if (!home || !threadId || !existsSync(home)) {
  say('error usage missing home or thread id');
  process.exit(2);
}
const run =
  mode === 'append' ? append(home, threadId, Number(first ?? 0)) : mode === 'fill' ? fill(home, threadId) : hold(home, threadId);
run.catch((err: { code?: string; message?: string }) => {
  say(`error ${err.code ?? 'unknown'} ${err.message ?? String(err)}`);
  process.exit(1);
});
