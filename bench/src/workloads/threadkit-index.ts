import { mkdirSync, rmSync } from 'node:fs';
import { stateDbPath } from '@threadkit/state';
import { LocalThreadStore } from '@threadkit/thread-store';
import Database from 'better-sqlite3';
import { memoryBaseline, peakRssBytes } from '../measure/memory';

export interface ThreadkitIndexArgs {
  home: string;
  /** A folder for the index; emptied first, so the index is built from scratch. */
  sqliteHome: string;
  pageSize: number;
}

/**
 * threadkit indexing a home it has never seen: open a LocalThreadStore
 * (index 'sqlite') whose index does not exist yet and ask for the newest
 * page, which builds the index from every rollout before it answers.
 */
export async function run(args: ThreadkitIndexArgs) {
  rmSync(args.sqliteHome, { recursive: true, force: true });
  mkdirSync(args.sqliteHome, { recursive: true });
  const baseline = memoryBaseline();
  let progressEvents = 0;
  const started = performance.now();
  const store = await LocalThreadStore.open({
    home: args.home,
    sqliteHome: args.sqliteHome,
    index: 'sqlite',
    onIndexProgress: () => {
      progressEvents++;
    },
  });
  const page = await store.listThreads({ pageSize: args.pageSize, modelProviders: [], sortKey: 'created_at' });
  const ms = performance.now() - started;
  await store.close();
  const db = new Database(stateDbPath(args.sqliteHome), { readonly: true });
  const indexedRows = (db.prepare('SELECT count(*) AS n FROM threads').get() as { n: number }).n;
  db.close();
  return {
    ms,
    firstPage: page.items.map((thread) => thread.threadId),
    indexedRows,
    progressEvents,
    peakGrowthBytes: peakRssBytes() - baseline.rssBytes,
  };
}
