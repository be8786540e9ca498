import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import type { App } from '../app';
import type { CommandContext } from '../context';
import { CliError, UsageError } from '../errors';
import { writeJson, writeLine } from '../io';
import { threadTitle } from '../render/thread-details';
import { resolveThread } from '../threads-query';

interface DeleteOptions {
  yes?: boolean;
}

export function deleteCommand(app: App): Command {
  return new Command('delete')
    .alias('rm')
    .description('delete a thread for good: its rollout file(s), its name and its index row')
    .argument('<thread>', 'thread id, or its exact name')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .action(async (reference: string, options: DeleteOptions, command: Command) => {
      await deleteThread(app.context(command), reference, options);
    });
}

async function deleteThread(ctx: CommandContext, reference: string, options: DeleteOptions): Promise<void> {
  // Decided before anything is opened: a script must say --yes, it is never asked.
  if (!options.yes && !ctx.io.stdin.isTTY) {
    throw new UsageError('refusing to delete without --yes: stdin is not a terminal to confirm on');
  }
  const { store } = await ctx.openStore('write');
  const thread = await resolveThread(store, reference);
  if (!options.yes) {
    const question = `Delete thread ${thread.threadId} (${threadTitle(thread)})? This cannot be undone. [y/N] `;
    if (!(await confirm(ctx, question))) throw new CliError('nothing deleted');
  }
  await store.deleteThread({ threadId: thread.threadId });
  if (ctx.json) {
    writeJson(ctx.io.stdout, { deleted: thread.threadId });
    return;
  }
  writeLine(ctx.io.stdout, `Deleted ${thread.threadId} (${threadTitle(thread)}).`);
}

/** Asks on stderr so that stdout stays clean for the result. */
async function confirm(ctx: CommandContext, question: string): Promise<boolean> {
  const prompt = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr, terminal: true });
  try {
    return await new Promise<boolean>((resolve, reject) => {
      // End of input (Ctrl-D) is a "no", not a hang. Deferred: an answer read just before
      // the input ended is delivered after 'close'.
      prompt.once('close', () => setImmediate(() => resolve(false)));
      prompt.question(ctx.errorColors.bold(question)).then((answer) => resolve(/^(y|yes)$/i.test(answer.trim())), reject);
    });
  } finally {
    prompt.close();
  }
}
