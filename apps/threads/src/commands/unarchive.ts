import { Command } from 'commander';
import type { App } from '../app';
import type { CommandContext } from '../context';
import { writeJson, writeLine } from '../io';
import { threadJson } from '../render/thread-json';
import { threadTitle } from '../render/thread-details';
import { resolveThread } from '../threads-query';

export function unarchiveCommand(app: App): Command {
  return new Command('unarchive')
    .description('bring an archived thread back to the active list')
    .argument('<thread>', 'thread id, or its exact name')
    .action(async (reference: string, _options: object, command: Command) => {
      await unarchiveThread(app.context(command), reference);
    });
}

async function unarchiveThread(ctx: CommandContext, reference: string): Promise<void> {
  const { store } = await ctx.openStore('write');
  const thread = await resolveThread(store, reference);
  const wasArchived = thread.archivedAt !== null;
  const restored = wasArchived ? await store.unarchiveThread({ threadId: thread.threadId }) : thread;
  if (ctx.json) {
    writeJson(ctx.io.stdout, { thread: threadJson(restored), changed: wasArchived });
    return;
  }
  writeLine(
    ctx.io.stdout,
    wasArchived ? `Unarchived ${thread.threadId} (${threadTitle(thread)}).` : `${thread.threadId} is not archived.`,
  );
}
