import { mkdirSync, rmSync, statSync } from 'node:fs';
import { findRolloutPath } from '@threadkit/rollout';
import { LocalThreadStore } from '@threadkit/thread-store';
import { appendInput } from '../inputs/append-input';
import { timeOnce } from '../measure/timing';

export interface ThreadkitAppendArgs {
  /** An empty home is made here. */
  home: string;
  turns: number;
  /** `flushThread` after each turn (durable per turn) instead of only at shutdown. */
  flushPerTurn: boolean;
}

/** Records one thread turn by turn through LocalThreadStore.appendItems (index 'none': appends never touch it). */
export async function run(args: ThreadkitAppendArgs) {
  const input = appendInput(args.turns);
  rmSync(args.home, { recursive: true, force: true });
  mkdirSync(args.home, { recursive: true });
  const meta = input.sessionMeta as { cwd: string; cli_version: string; model_provider: string; base_instructions: { text: string } };
  const { ms } = await timeOnce(async () => {
    const store = await LocalThreadStore.open({ home: args.home, index: 'none' });
    await store.createThread({
      threadId: input.threadId,
      source: 'cli',
      cwd: meta.cwd,
      originator: 'threadkit_bench',
      cliVersion: meta.cli_version,
      modelProvider: meta.model_provider,
      baseInstructions: meta.base_instructions,
    });
    for (const turn of input.turns) {
      await store.appendItems({ threadId: input.threadId, items: turn as never });
      if (args.flushPerTurn) await store.flushThread(input.threadId);
    }
    await store.shutdownThread(input.threadId);
    await store.close();
  });
  const path = await findRolloutPath(args.home, input.threadId);
  return { ms, items: input.items, turns: input.turns.length, bytes: path ? statSync(path).size : 0 };
}
