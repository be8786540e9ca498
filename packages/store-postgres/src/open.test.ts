import { randomBytes } from 'node:crypto';
import { isThreadStoreError, type ThreadStoreError } from '@threadkit/thread-store';
import { describe, expect, it } from 'vitest';
import { PostgresThreadStore } from './postgres-thread-store';
import { MIGRATIONS } from './schema/migrations';
import { createParams, userMessage } from './testing/items';
import { describeOnEachBackend, onRealServer, REAL_SERVER_URL, uniqueSchemaName } from './testing/test-databases';

async function openError(open: () => Promise<unknown>): Promise<ThreadStoreError> {
  try {
    await open();
  } catch (error) {
    if (isThreadStoreError(error)) return error;
    throw error;
  }
  throw new Error('open succeeded');
}

describe('PostgresThreadStore.open: bad options are one clear error', () => {
  it('rejects a malformed connection string without repeating it (it may hold a password)', async () => {
    const error = await openError(() =>
      PostgresThreadStore.open({ connectionString: 'postgres://admin:hunter2@db.example:notaport/app' }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.field).toBe('connectionString');
    expect(error.message).not.toContain('hunter2');
  });

  it('rejects other URL schemes, empty strings and bad pool settings', async () => {
    expect((await openError(() => PostgresThreadStore.open({ connectionString: 'mysql://root@localhost/db' }))).field).toBe(
      'connectionString',
    );
    expect((await openError(() => PostgresThreadStore.open({ connectionString: '  ' }))).code).toBe('invalid_request');
    const badPool = await openError(() =>
      PostgresThreadStore.open({ connectionString: 'postgres://u@localhost/db', poolSize: 0 }),
    );
    expect(badPool.field).toBe('poolSize');
    expect((await openError(() => PostgresThreadStore.open({} as never))).code).toBe('invalid_request');
  });

  it('rejects a schema name that is not a plain lowercase identifier', async () => {
    for (const schema of ['Threads', 'a-b', 'x"; DROP SCHEMA public; --', '', '1abc', 'a'.repeat(64)]) {
      const error = await openError(() => PostgresThreadStore.open({ connectionString: 'postgres://u@localhost/db', schema }));
      expect(error.field, schema).toBe('schema');
    }
  });

  it('reports a server that does not answer as internal, naming where it tried and why', async () => {
    const error = await openError(() =>
      PostgresThreadStore.open({ connectionString: 'postgres://someone:secret@127.0.0.1:1/nowhere', connectTimeoutMs: 2000 }),
    );
    expect(error.code).toBe('internal');
    expect(error.message).toContain('cannot connect to postgres://someone@127.0.0.1:1/nowhere');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('secret');
  });
});

describeOnEachBackend('schema migrations', (backend) => {
  it('creates the schema at open and records each step once, however often it is opened', async () => {
    await backend().open();
    await backend().open();
    const applied = await backend().query<{ version: number; name: string }>(
      `SELECT version, name FROM "${backend().schema}".schema_migrations ORDER BY version`,
    );
    expect(applied.map((row) => Number(row.version))).toEqual(MIGRATIONS.map((m) => m.version));
    expect(PostgresThreadStore.SCHEMA_VERSION).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    const tables = await backend().query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [backend().schema],
    );
    expect(tables.map((row) => row.table_name)).toEqual(['schema_migrations', 'thread_items', 'threads']);
  });

  it('keeps the data when reopened', async () => {
    const first = await backend().open();
    const params = createParams();
    await first.createThread(params);
    await first.appendItems({ threadId: params.threadId, items: [userMessage('survives a reopen')] });
    await first.shutdownThread(params.threadId);
    await first.close();
    const second = await backend().open();
    expect((await second.loadHistory({ threadId: params.threadId })).items).toHaveLength(2);
  });

  it('refuses a schema a newer release migrated, instead of misreading it', async () => {
    await backend().open();
    await backend().query(`INSERT INTO "${backend().schema}".schema_migrations (version, name) VALUES (99, 'from the future')`);
    const error = await openError(() => backend().open());
    expect(error.code).toBe('unsupported');
    expect(error.message).toContain('version 99');
  });

  it('refuses every operation after close, and closing twice is fine', async () => {
    const store = await backend().open();
    await store.close();
    await store.close();
    await expect(store.listThreads({})).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('closed') });
    // The database itself stays usable by other instances.
    expect((await (await backend().open()).listThreads({})).items).toEqual([]);
  });
});

describe.runIf(REAL_SERVER_URL)('PostgresThreadStore.open on the real server', () => {
  const url = REAL_SERVER_URL!;

  it('lets several processes open one fresh schema at once; the migration runs once', async () => {
    const schema = uniqueSchemaName();
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => PostgresThreadStore.open({ connectionString: url, schema, poolSize: 2 })),
    );
    try {
      const rows = await onRealServer(url, (c) => c.query(`SELECT count(*)::int AS n FROM "${schema}".schema_migrations`));
      expect(rows.rows[0].n).toBe(MIGRATIONS.length);
    } finally {
      for (const store of stores) await store.close();
      await onRealServer(url, (c) => c.query(`DROP SCHEMA "${schema}" CASCADE`));
    }
  });

  it('names a database that does not exist', async () => {
    const missing = new URL(url);
    missing.pathname = `/threadkit_missing_${randomBytes(4).toString('hex')}`;
    const error = await openError(() => PostgresThreadStore.open({ connectionString: missing.toString() }));
    expect(error.code).toBe('internal');
    expect(error.message).toContain('cannot connect');
    expect(error.message).toContain('does not exist');
  });

  describe('a role without the privileges it needs', () => {
    const role = `threadkit_test_role_${randomBytes(4).toString('hex')}`;
    const asRole = () => {
      const target = new URL(url);
      target.username = role;
      target.password = '';
      return target.toString();
    };
    const admin = <T>(work: (c: import('pg').Client) => Promise<T>) => onRealServer(url, work);

    it('cannot create the schema: one clear error at open, nothing created', async () => {
      const schema = uniqueSchemaName();
      await admin((c) => c.query(`CREATE ROLE ${role} LOGIN`));
      try {
        const error = await openError(() => PostgresThreadStore.open({ connectionString: asRole(), schema }));
        expect(error.code).toBe('internal');
        expect(error.message).toContain('permission denied');
        expect(error.message).toContain(schema);
        const created = await admin((c) => c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]));
        expect(created.rowCount).toBe(0);
      } finally {
        await admin((c) => c.query(`DROP ROLE ${role}`));
      }
    });

    it('may read but not write the tables: open lists what is missing', async () => {
      const schema = uniqueSchemaName();
      await (await PostgresThreadStore.open({ connectionString: url, schema })).close();
      await admin(async (c) => {
        await c.query(`CREATE ROLE ${role} LOGIN`);
        await c.query(`GRANT USAGE ON SCHEMA "${schema}" TO ${role}`);
        await c.query(`GRANT SELECT ON ALL TABLES IN SCHEMA "${schema}" TO ${role}`);
      });
      try {
        const error = await openError(() => PostgresThreadStore.open({ connectionString: asRole(), schema }));
        expect(error.code).toBe('internal');
        expect(error.message).toContain(`INSERT on "${schema}".threads`);
        expect(error.message).toContain(`DELETE on "${schema}".thread_items`);
        expect(error.message).not.toContain('SELECT on');
      } finally {
        await admin(async (c) => {
          await c.query(`DROP SCHEMA "${schema}" CASCADE`);
          await c.query(`DROP ROLE ${role}`);
        });
      }
    });

    it('works once the privileges are granted on a schema prepared for it', async () => {
      const schema = uniqueSchemaName();
      await (await PostgresThreadStore.open({ connectionString: url, schema })).close();
      await admin(async (c) => {
        await c.query(`CREATE ROLE ${role} LOGIN`);
        await c.query(`GRANT USAGE ON SCHEMA "${schema}" TO ${role}`);
        await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO ${role}`);
      });
      try {
        const store = await PostgresThreadStore.open({ connectionString: asRole(), schema });
        const params = createParams();
        await store.createThread(params);
        await store.appendItems({ threadId: params.threadId, items: [userMessage('written by a plain role')] });
        await store.shutdownThread(params.threadId);
        expect((await store.loadHistory({ threadId: params.threadId })).items).toHaveLength(2);
        await store.close();
      } finally {
        await admin(async (c) => {
          await c.query(`DROP SCHEMA "${schema}" CASCADE`);
          await c.query(`DROP OWNED BY ${role}`);
          await c.query(`DROP ROLE ${role}`);
        });
      }
    });
  });
});
