import { Command } from 'commander';
import { supportsOperation, type StoredThread, type ThreadStore } from '@threadkit/thread-store';
import type { App } from '../app';
import type { CommandContext } from '../context';
import { UsageError } from '../errors';
import { writeJson, writeLine } from '../io';
import { limitOption } from '../options';
import { relativeTime } from '../render/relative-time';
import { renderTable } from '../render/table';
import { singleLine } from '../render/text';
import { threadJson } from '../render/thread-json';
import { threadTitle } from '../render/thread-details';
import { EVERYTHING } from '../threads-query';

interface SearchOptions {
  archived?: boolean;
  limit: number;
  cursor?: string;
}

interface Hit {
  thread: StoredThread;
  snippet: string;
}

export function searchCommand(app: App): Command {
  return new Command('search')
    .description('find threads by their names and messages, with the matching text')
    .argument('<text>', 'the words to look for')
    .option('--archived', 'search archived threads instead of active ones')
    .addOption(limitOption(20))
    .option('--cursor <cursor>', 'continue after a previous page')
    .action(async (text: string, options: SearchOptions, command: Command) => {
      await searchThreads(app.context(command), text, options);
    });
}

async function searchThreads(ctx: CommandContext, text: string, options: SearchOptions): Promise<void> {
  const term = text.trim();
  if (term === '') throw new UsageError('search text must not be empty');
  const { store } = await ctx.openStore('read');
  const page = await findThreads(store, term, options);

  if (ctx.json) {
    writeJson(ctx.io.stdout, {
      results: page.items.map((hit) => ({ thread: threadJson(hit.thread), snippet: hit.snippet })),
      nextCursor: page.nextCursor,
    });
    return;
  }
  const out = ctx.io.stdout;
  if (page.items.length === 0) {
    writeLine(out, `No threads match "${term}".`);
    return;
  }
  const c = ctx.colors;
  const now = ctx.now();
  writeLine(
    out,
    renderTable(
      [{ header: 'ID' }, { header: 'UPDATED' }, { header: 'TITLE' }, { header: 'MATCH', flexible: true }],
      page.items.map((hit) => [
        { text: hit.thread.threadId, style: c.dim },
        relativeTime(hit.thread.updatedAt, now),
        threadTitle(hit.thread).slice(0, 40),
        { text: singleLine(hit.snippet), style: (snippet) => (c.isColorSupported ? highlight(snippet, term, c.bold) : snippet) },
      ]),
      { colors: c, width: ctx.width },
    ),
  );
  if (page.nextCursor) writeLine(out, c.dim(`More: threads search ${JSON.stringify(term)} --cursor ${page.nextCursor}`));
}

/**
 * The store's own search when it has one (full-text, with content snippets);
 * otherwise a listing filtered by the term, with a snippet cut from the
 * metadata that matched.
 */
async function findThreads(
  store: ThreadStore,
  term: string,
  options: SearchOptions,
): Promise<{ items: Hit[]; nextCursor: string | null }> {
  const common = { pageSize: options.limit, cursor: options.cursor ?? null, archived: options.archived === true };
  if (supportsOperation(store, 'searchThreads')) {
    return store.searchThreads!({ ...common, searchTerm: term, sortKey: 'updated_at' });
  }
  const page = await store.listThreads({ ...common, ...EVERYTHING, searchTerm: term, sortKey: 'updated_at' });
  return {
    items: page.items.map((thread) => ({ thread, snippet: metadataSnippet(thread, term) })),
    nextCursor: page.nextCursor,
  };
}

function metadataSnippet(thread: StoredThread, term: string): string {
  const lowered = term.toLowerCase();
  for (const text of [thread.name, thread.preview, thread.firstUserMessage]) {
    if (!text) continue;
    const at = text.toLowerCase().indexOf(lowered);
    if (at < 0) continue;
    const start = Math.max(0, at - 40);
    const end = Math.min(text.length, at + term.length + 60);
    return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  }
  return thread.preview;
}

/**
 * Marks each occurrence of the search words in a snippet. The index's
 * full-text snippets bracket the words that matched (`[checkout]`); in colour
 * the brackets give way to the highlight (without colour they are kept).
 */
function highlight(snippet: string, term: string, mark: (text: string) => string): string {
  const words = term
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length === 0) return snippet;
  const pattern = new RegExp(`\\[(${words.join('|')})\\]|(${words.join('|')})`, 'gi');
  return snippet.replace(pattern, (_match, bracketed: string | undefined, bare: string | undefined) =>
    mark(bracketed ?? bare ?? ''),
  );
}
