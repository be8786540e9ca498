import { stat } from 'node:fs/promises';
import { Command } from 'commander';
import type { StoredThread } from '@threadkit/thread-store';
import type { App } from '../app';
import type { CommandContext } from '../context';
import { writeJson, writeLine } from '../io';
import { sourceLabel } from '../render/source-label';
import { renderTable } from '../render/table';
import { formatBytes, formatCount } from '../render/text';
import { allThreads, EVERYTHING } from '../threads-query';

interface Bucket {
  threads: number;
  archived: number;
  bytes: number;
  tokens: number;
}

interface Stats {
  home: string;
  threads: number;
  active: number;
  archived: number;
  bytes: number;
  tokens: number;
  bySource: ({ source: string } & Bucket)[];
  byProvider: ({ provider: string } & Bucket)[];
  byMonth: ({ month: string } & Bucket)[];
}

export function statsCommand(app: App): Command {
  return new Command('stats')
    .description('count threads, their size on disk and tokens, per source, provider and month')
    .addHelpText('after', '\nMonths are those the threads were created in (UTC). Sizes are of the rollout files.')
    .action(async (_options: object, command: Command) => {
      await printStats(app.context(command));
    });
}

async function printStats(ctx: CommandContext): Promise<void> {
  const { store } = await ctx.openStore('read');
  const stats = emptyStats(ctx.home);
  const bySource = new Map<string, Bucket>();
  const byProvider = new Map<string, Bucket>();
  const byMonth = new Map<string, Bucket>();
  for (const archived of [false, true]) {
    for await (const thread of allThreads(store, { ...EVERYTHING, archived })) {
      const bytes = await rolloutSize(thread);
      const tokens = thread.tokenUsage?.total_tokens ?? 0;
      const add = (bucket: Bucket) => {
        bucket.threads++;
        if (archived) bucket.archived++;
        bucket.bytes += bytes;
        bucket.tokens += tokens;
      };
      add(stats);
      if (!archived) stats.active++;
      add(bucketOf(bySource, sourceLabel(thread.source)));
      add(bucketOf(byProvider, thread.modelProvider || '(none)'));
      add(bucketOf(byMonth, thread.createdAt.toISOString().slice(0, 7)));
    }
  }
  // Largest first for sources and providers; months in calendar order.
  stats.bySource = sorted(bySource, 'source', (a, b) => b.threads - a.threads || a.key.localeCompare(b.key));
  stats.byProvider = sorted(byProvider, 'provider', (a, b) => b.threads - a.threads || a.key.localeCompare(b.key));
  stats.byMonth = sorted(byMonth, 'month', (a, b) => a.key.localeCompare(b.key));

  if (ctx.json) {
    writeJson(ctx.io.stdout, stats);
    return;
  }
  printHuman(ctx, stats);
}

function emptyStats(home: string): Stats {
  return { home, threads: 0, active: 0, archived: 0, bytes: 0, tokens: 0, bySource: [], byProvider: [], byMonth: [] };
}

function bucketOf(map: Map<string, Bucket>, key: string): Bucket {
  let bucket = map.get(key);
  if (!bucket) {
    bucket = { threads: 0, archived: 0, bytes: 0, tokens: 0 };
    map.set(key, bucket);
  }
  return bucket;
}

function sorted<K extends string>(
  map: Map<string, Bucket>,
  name: K,
  order: (a: { key: string } & Bucket, b: { key: string } & Bucket) => number,
): ({ [P in K]: string } & Bucket)[] {
  return [...map.entries()]
    .map(([key, bucket]) => ({ key, ...bucket }))
    .sort(order)
    .map(({ key, ...bucket }) => ({ [name]: key, ...bucket }) as { [P in K]: string } & Bucket);
}

/** Size of the thread's rollout file; a compressed cold copy counts when the plain file is gone. */
async function rolloutSize(thread: StoredThread): Promise<number> {
  if (!thread.rolloutPath) return 0;
  for (const path of [thread.rolloutPath, `${thread.rolloutPath}.zst`]) {
    try {
      return (await stat(path)).size;
    } catch {
      // Not there: try the next form.
    }
  }
  return 0;
}

function printHuman(ctx: CommandContext, stats: Stats): void {
  const c = ctx.colors;
  const out = ctx.io.stdout;
  writeLine(out, c.bold(stats.home));
  writeLine(
    out,
    `  ${formatCount(stats.threads)} threads (${formatCount(stats.active)} active, ${formatCount(stats.archived)} archived), ` +
      `${formatBytes(stats.bytes)} of rollouts, ${formatCount(stats.tokens)} tokens`,
  );
  const section = (title: string, rows: [string, Bucket][]) => {
    if (rows.length === 0) return;
    writeLine(out);
    writeLine(
      out,
      renderTable(
        [
          { header: title },
          { header: 'THREADS', alignRight: true },
          { header: 'ARCHIVED', alignRight: true },
          { header: 'SIZE', alignRight: true },
          { header: 'TOKENS', alignRight: true },
        ],
        rows.map(([label, row]) => [
          label,
          formatCount(row.threads),
          formatCount(row.archived),
          formatBytes(row.bytes),
          formatCount(row.tokens),
        ]),
        { colors: c, width: ctx.width },
      ),
    );
  };
  section('SOURCE', stats.bySource.map((row) => [row.source, row]));
  section('PROVIDER', stats.byProvider.map((row) => [row.provider, row]));
  section('MONTH', stats.byMonth.map((row) => [row.month, row]));
}
