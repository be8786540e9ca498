import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { PostgresThreadStore } from '@threadkit/store-postgres';
import type { ListThreadsParams, StoredThread, ThreadStore } from '@threadkit/thread-store';
import pg from 'pg';
import type { MigrationTarget } from '../../src/migrate/copy-thread';
import type { PostgresOpener } from '../../src/store/open-postgres-store';

/** The real server the binary's tests copy into; unset, only those tests are left out (PGlite is in-process only). */
export const PG_URL = process.env.THREADKIT_PG_URL || undefined;

/** A schema no other test uses; drop it afterwards. */
export function uniqueSchema(): string {
  return `threads_test_${randomBytes(6).toString('hex')}`;
}

/** One embedded database per test file (it takes seconds to start); each test works in its own schema. */
export function lazyPGlite(): { get(): Promise<PGlite>; close(): Promise<void> } {
  let db: Promise<PGlite> | undefined;
  return {
    get: () => {
      db ??= PGlite.create();
      return db;
    },
    close: async () => {
      if (db) await (await db).close();
    },
  };
}

/** `migrate`'s store on PGlite instead of a server: `--to` is ignored, `--schema` is kept. */
export function pgliteOpener(db: PGlite, onOpen?: (store: PostgresThreadStore) => MigrationTarget): PostgresOpener {
  return async ({ schema }) => {
    const store = await PostgresThreadStore.open({ pglite: db, schema });
    return { target: onOpen ? onOpen(store) : store, close: () => store.close() };
  };
}

/** Runs SQL on the real server on a connection of its own. */
export async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The listing fields a copy must reproduce exactly. */
export interface ListedFields {
  threadId: string;
  preview: string;
  name: string | null;
  source: unknown;
  modelProvider: string;
  cwd: string;
  archivedAt: string | null;
  createdAt: string;
}

/** Every thread of one collection, every provider and source, in the store's default order (newest first). */
export async function listedFields(store: ThreadStore, archived: boolean): Promise<ListedFields[]> {
  const params: ListThreadsParams = { archived, modelProviders: [], allowedSources: [], pageSize: 2 };
  const out: ListedFields[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listThreads({ ...params, cursor });
    out.push(...page.items.map(fieldsOf));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

function fieldsOf(thread: StoredThread): ListedFields {
  return {
    threadId: thread.threadId,
    preview: thread.preview,
    name: thread.name,
    source: thread.source,
    modelProvider: thread.modelProvider,
    cwd: thread.cwd,
    archivedAt: thread.archivedAt?.toISOString() ?? null,
    createdAt: thread.createdAt.toISOString(),
  };
}
