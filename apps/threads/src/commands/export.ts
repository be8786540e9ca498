import { Command, Option } from 'commander';
import type { StoredThread, ThreadHistoryItem } from '@threadkit/thread-store';
import type { App } from '../app';
import type { CommandContext } from '../context';
import { CliError } from '../errors';
import { writeJson } from '../io';
import { conversationEntries } from '../render/conversation';
import { renderConversationMarkdown } from '../render/conversation-markdown';
import { threadDetails, threadTitle } from '../render/thread-details';
import { threadJson } from '../render/thread-json';
import { readWithHistory, resolveThread, unreadableHistoryReason } from '../threads-query';

const FORMATS = ['md', 'json', 'jsonl'] as const;
type ExportFormat = (typeof FORMATS)[number];

interface ExportOptions {
  format?: ExportFormat;
}

export function exportCommand(app: App): Command {
  return new Command('export')
    .description('print a whole thread as Markdown, JSON or JSON Lines')
    .argument('<thread>', 'thread id, or its exact name')
    .addOption(
      new Option('--format <format>', 'md: readable document; json: details and every history item; jsonl: one item per line')
        .choices(FORMATS),
    )
    .addHelpText('after', '\nThe default format is md, or json with the global --json. Redirect to save: > thread.md')
    .action(async (reference: string, options: ExportOptions, command: Command) => {
      await exportThread(app.context(command), reference, options);
    });
}

async function exportThread(ctx: CommandContext, reference: string, options: ExportOptions): Promise<void> {
  const format: ExportFormat = options.format ?? (ctx.json ? 'json' : 'md');
  const { store } = await ctx.openStore('read');
  const found = await resolveThread(store, reference);
  const { thread, items } = await readWithHistory(store, found.threadId);
  if (items === null) throw new CliError(`cannot export ${thread.threadId}: ${unreadableHistoryReason(thread)}`);
  const out = ctx.io.stdout;
  switch (format) {
    case 'json':
      writeJson(out, { thread: threadJson(thread), items });
      break;
    case 'jsonl':
      for (const item of items) out.write(`${JSON.stringify(item)}\n`);
      break;
    case 'md':
      out.write(markdown(thread, items, ctx.now()));
      break;
  }
}

function markdown(thread: StoredThread, items: readonly ThreadHistoryItem[], now: Date): string {
  const details = threadDetails(thread, now)
    .map(([label, value]) => `- **${label}:** ${value}`)
    .join('\n');
  const conversation = renderConversationMarkdown(conversationEntries(items));
  return `# ${threadTitle(thread)}\n\n${details}\n\n${conversation}\n`;
}
