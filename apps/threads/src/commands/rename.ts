import { Command } from 'commander';
import type { App } from '../app';
import type { CommandContext } from '../context';
import { UsageError } from '../errors';
import { writeJson, writeLine } from '../io';
import { threadJson } from '../render/thread-json';
import { resolveThread } from '../threads-query';

export function renameCommand(app: App): Command {
  return new Command('rename')
    .description('give a thread a name (Codex shows it instead of the first message)')
    .argument('<thread>', 'thread id, or its current exact name')
    .argument('<name>', 'the new name')
    .action(async (reference: string, name: string, _options: object, command: Command) => {
      await renameThread(app.context(command), reference, name);
    });
}

async function renameThread(ctx: CommandContext, reference: string, rawName: string): Promise<void> {
  // Codex trims names and refuses empty ones; do the same before touching anything.
  const name = rawName.trim();
  if (name === '') throw new UsageError('the new name must not be empty');
  const { store } = await ctx.openStore('write');
  const thread = await resolveThread(store, reference);
  const renamed = await store.updateThreadMetadata({
    threadId: thread.threadId,
    patch: { name },
    includeArchived: true,
  });
  if (ctx.json) {
    writeJson(ctx.io.stdout, { thread: threadJson(renamed) });
    return;
  }
  const from = thread.name ? ` (was "${thread.name}")` : '';
  writeLine(ctx.io.stdout, `Renamed ${thread.threadId} to "${name}"${from}.`);
}
