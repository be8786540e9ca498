import { Command } from 'commander';
import type { App } from '../app';
import type { CommandContext } from '../context';
import { writeJson, writeLine } from '../io';
import { threadJson } from '../render/thread-json';
import { threadTitle } from '../render/thread-details';
import { resolveThread } from '../threads-query';

export function archiveCommand(app: App): Command {
  return new Command('archive')
    .description("move a thread to the archive (Codex's archived_sessions); nothing is deleted")
    .argument('<thread>', 'thread id, or its exact name')
    .action(async (reference: string, _options: object, command: Command) => {
      await archiveThread(app.context(command), reference);
    });
}

async function archiveThread(ctx: CommandContext, reference: string): Promise<void> {
  const { store } = await ctx.openStore('write');
  const thread = await resolveThread(store, reference);
  const alreadyArchived = thread.archivedAt !== null;
  if (!alreadyArchived) await store.archiveThread({ threadId: thread.threadId });
  const archived = await store.readThread({ threadId: thread.threadId, includeArchived: true });
  if (ctx.json) {
    writeJson(ctx.io.stdout, { thread: threadJson(archived), changed: !alreadyArchived });
    return;
  }
  writeLine(
    ctx.io.stdout,
    alreadyArchived
      ? `${thread.threadId} is already archived.`
      : `Archived ${thread.threadId} (${threadTitle(thread)}).`,
  );
}
