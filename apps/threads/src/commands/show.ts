import { Command } from 'commander';
import type { App } from '../app';
import type { CommandContext } from '../context';
import { writeJson, writeLine } from '../io';
import { conversationEntries } from '../render/conversation';
import { renderConversationText } from '../render/conversation-text';
import { threadDetails, threadTitle } from '../render/thread-details';
import { threadJson } from '../render/thread-json';
import { readWithHistory, resolveThread, unreadableHistoryReason } from '../threads-query';

interface ShowOptions {
  full?: boolean;
}

export function showCommand(app: App): Command {
  return new Command('show')
    .description('show a thread: its details, then the conversation')
    .argument('<thread>', 'thread id, or its exact name')
    .option('--full', 'show tool calls and their output unfolded')
    .addHelpText(
      'after',
      `
Tool output is folded to its first lines; --full prints all of it.
With --json, prints the thread's details and its conversation entries.`,
    )
    .action(async (reference: string, options: ShowOptions, command: Command) => {
      await showThread(app.context(command), reference, options);
    });
}

async function showThread(ctx: CommandContext, reference: string, options: ShowOptions): Promise<void> {
  const { store } = await ctx.openStore('read');
  const found = await resolveThread(store, reference);
  const { thread, items } = await readWithHistory(store, found.threadId);
  const entries = items ? conversationEntries(items) : null;

  if (ctx.json) {
    writeJson(ctx.io.stdout, { thread: threadJson(thread), conversation: entries });
    return;
  }
  const c = ctx.colors;
  const out = ctx.io.stdout;
  writeLine(out, c.bold(threadTitle(thread)) + (thread.archivedAt ? c.yellow('  [archived]') : ''));
  const details = threadDetails(thread, ctx.now());
  const labelWidth = Math.max(...details.map(([label]) => label.length));
  for (const [label, value] of details) writeLine(out, `  ${c.dim(label.padEnd(labelWidth))}  ${value}`);
  writeLine(out);
  if (entries === null) {
    writeLine(out, c.dim(`(no conversation shown: ${unreadableHistoryReason(thread)})`));
    return;
  }
  if (entries.length === 0) {
    writeLine(out, c.dim('(no conversation recorded yet)'));
    return;
  }
  writeLine(out, renderConversationText(entries, { colors: c, width: ctx.width, full: options.full === true }));
}
