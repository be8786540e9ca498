import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import { PostgresThreadStore, type PostgresThreadStoreOptions } from '../postgres-thread-store';

/** The real server tests also run against, when set (CI sets it when a server answers). */
export const REAL_SERVER_URL = process.env.THREADKIT_PG_URL || undefined;

/** A schema name no other run uses: `threadkit_test_<random>`. */
export function uniqueSchemaName(): string {
  return `threadkit_test_${randomBytes(6).toString('hex')}`;
}

/** One embedded database per test file: PGlite takes seconds to start. Close it in afterAll. */
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

/** Runs one statement on the real server on a short-lived connection of its own. */
export async function onRealServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Where a test's stores live: a fresh schema on PGlite or on the real server, dropped by `cleanup`. */
export interface TestBackend {
  readonly name: string;
  readonly schema: string;
  /** Opens a store instance on the test's schema; every instance is closed by cleanup. */
  open(options?: Partial<PostgresThreadStoreOptions>): Promise<PostgresThreadStore>;
  /** Runs SQL directly against the test's database. */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  cleanup(): Promise<void>;
}

function trackStores() {
  const opened: PostgresThreadStore[] = [];
  return {
    add(store: PostgresThreadStore) {
      opened.push(store);
      return store;
    },
    async closeAll() {
      for (const store of opened.splice(0)) await store.close().catch(() => undefined);
    },
  };
}

export async function pgliteBackend(database: PGlite, schema = uniqueSchemaName()): Promise<TestBackend> {
  const stores = trackStores();
  return {
    name: 'PGlite',
    schema,
    open: async (options = {}) =>
      stores.add(await PostgresThreadStore.open({ pglite: database, schema, ...options })),
    query: async <Row>(text: string, params: unknown[] = []) => (await database.query<Row>(text, params)).rows,
    cleanup: async () => {
      await stores.closeAll();
      await database.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

export async function realServerBackend(url: string, schema = uniqueSchemaName()): Promise<TestBackend> {
  const stores = trackStores();
  return {
    name: 'PostgreSQL',
    schema,
    open: async (options = {}) =>
      stores.add(
        await PostgresThreadStore.open({
          connectionString: url,
          schema,
          poolSize: 4,
          ...options,
        }),
      ),
    query: <Row>(text: string, params: unknown[] = []) =>
      onRealServer(url, async (client) => (await client.query(text, params)).rows as Row[]),
    cleanup: async () => {
      await stores.closeAll();
      await onRealServer(url, (client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    },
  };
}

/**
 * Registers `body` once per backend: always on PGlite, and on the real
 * server when THREADKIT_PG_URL is set. Each test gets a fresh schema,
 * dropped after it.
 */
export function describeOnEachBackend(title: string, body: (backend: () => TestBackend) => void): void {
  const pglite = lazyPGlite();
  afterAll(() => pglite.close());
  const targets: Array<{ name: string; make: () => Promise<TestBackend> }> = [
    { name: 'PGlite', make: async () => pgliteBackend(await pglite.get()) },
  ];
  const url = REAL_SERVER_URL;
  if (url) targets.push({ name: 'PostgreSQL', make: () => realServerBackend(url) });
  for (const target of targets) {
    describe(`${title} (${target.name})`, () => {
      let current: TestBackend | undefined;
      beforeEach(async () => {
        current = await target.make();
      });
      afterEach(async () => {
        await current?.cleanup();
        current = undefined;
      });
      body(() => {
        if (!current) throw new Error('the backend exists only inside a test');
        return current;
      });
    });
  }
}
