import { homedir } from 'node:os';
import { resolve, sep } from 'node:path';
import { Command, Option } from 'commander';
import type { ListThreadsParams, StoredThread } from '@threadkit/thread-store';
import type { App } from '../app';
import type { CommandContext } from '../context';
import { writeJson, writeLine } from '../io';
import { collect, limitOption, SORT_KEYS, sortOption } from '../options';
import { relativeTime } from '../render/relative-time';
import { parseSourceOption, sourceLabel } from '../render/source-label';
import { renderTable } from '../render/table';
import { threadJson } from '../render/thread-json';
import { threadTitle } from '../render/thread-details';

interface ListOptions {
  archived?: boolean;
  cwd?: string[];
  source?: string[];
  provider?: string[];
  search?: string;
  sort: string;
  asc?: boolean;
  limit: number;
  cursor?: string;
}

export function listCommand(app: App): Command {
  return new Command('list')
    .alias('ls')
    .description('list threads, newest first')
    .addHelpText(
      'after',
      `
Every source (cli, vscode, exec, mcp, custom:<name>, subagents...) and every
model provider is listed unless --source or --provider narrow it down: unlike
Codex's own picker, which hides exec sessions and other providers' threads.

Examples:
  threads list --source exec --provider openai
  threads list --cwd . --sort updated --limit 10
  threads --json list --archived`,
    )
    .option('--archived', 'list archived threads instead of active ones')
    .addOption(new Option('--cwd <dir>', 'only threads started in this directory (repeatable)').argParser(collect))
    .addOption(
      new Option('--source <source>', 'only this source: cli, vscode, exec, mcp, custom:<name>... (repeatable)').argParser(
        collect,
      ),
    )
    .addOption(new Option('--provider <id>', 'only this model provider, e.g. openai (repeatable)').argParser(collect))
    .option('--search <text>', 'only threads whose name, preview or first message contains this text')
    .addOption(sortOption())
    .option('--asc', 'oldest first')
    .addOption(limitOption(25))
    .option('--cursor <cursor>', 'continue after a previous page (printed at its end)')
    .action(async (options: ListOptions, command: Command) => {
      await listThreads(app.context(command), options);
    });
}

async function listThreads(ctx: CommandContext, options: ListOptions): Promise<void> {
  const params: ListThreadsParams = {
    pageSize: options.limit,
    cursor: options.cursor ?? null,
    sortKey: SORT_KEYS[options.sort]!,
    sortDirection: options.asc ? 'asc' : 'desc',
    archived: options.archived === true,
    allowedSources: (options.source ?? []).map(parseSourceOption),
    modelProviders: options.provider ?? [],
    cwdFilters: options.cwd ? options.cwd.map((dir) => resolve(dir)) : null,
    searchTerm: options.search ?? null,
  };
  const { store } = await ctx.openStore('read');
  const page = await store.listThreads(params);

  if (ctx.json) {
    writeJson(ctx.io.stdout, { threads: page.items.map(threadJson), nextCursor: page.nextCursor });
    return;
  }
  const out = ctx.io.stdout;
  if (page.items.length === 0) {
    writeLine(out, options.archived ? 'No archived threads.' : 'No threads.');
    return;
  }
  writeLine(out, threadTable(ctx, page.items, options.sort));
  if (page.nextCursor) {
    writeLine(out, ctx.colors.dim(`More: threads list --cursor ${page.nextCursor}`));
  }
}

/** The thread table `list` prints; the demo and `search` read the same columns. */
export function threadTable(ctx: CommandContext, threads: readonly StoredThread[], sort = 'updated'): string {
  const now = ctx.now();
  const c = ctx.colors;
  const timeHeader = sort === 'created' ? 'CREATED' : sort === 'recency' ? 'ACTIVE' : 'UPDATED';
  const timeOf = (thread: StoredThread) =>
    sort === 'created' ? thread.createdAt : sort === 'recency' ? thread.recencyAt : thread.updatedAt;
  return renderTable(
    [
      { header: 'ID' },
      { header: timeHeader },
      { header: 'SOURCE' },
      { header: 'PROVIDER' },
      { header: 'CWD' },
      { header: 'TITLE', flexible: true },
    ],
    threads.map((thread) => [
      { text: thread.threadId, style: c.dim },
      relativeTime(timeOf(thread), now),
      sourceLabel(thread.source),
      thread.modelProvider,
      shortPath(thread.cwd),
      thread.name ? { text: thread.name, style: c.bold } : threadTitle(thread),
    ]),
    { colors: c, width: ctx.width },
  );
}

/** `~/projects/app` for paths under the home directory: the column stays narrow. */
function shortPath(path: string): string {
  const home = homedir();
  if (home && home !== sep && (path === home || path.startsWith(home + sep))) return `~${path.slice(home.length)}`;
  return path;
}
