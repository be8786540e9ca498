import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { PGliteDatabase } from '../connection/pglite-runner';
import { PostgresThreadStore } from '../postgres-thread-store';
import { onRealServer, uniqueSchemaName } from './test-databases';

type Fault = 'drop-before-items' | 'drop-after-commit';

/** A store whose next writes can be made to lose their connection, on one backend. */
export interface FaultyBackend {
  readonly name: string;
  open(): Promise<PostgresThreadStore>;
  /** The next write loses its connection before its items reach the database (nothing commits). */
  dropBeforeItems(): void;
  /** The next write commits, then loses its connection before the client hears so. */
  dropAfterCommit(): void;
  /** Faults armed but not triggered yet. */
  armedFaults(): number;
  cleanup(): Promise<void>;
}

/** A clock that moves 1 ms per reading, so a retried append is stamped differently from the failed one. */
function tickingClock(): () => Date {
  let tick = Date.now();
  return () => new Date(tick++);
}

const connectionLost = () =>
  Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

/**
 * PGlite cannot lose a connection, so the fault is simulated at the
 * transaction boundary with the error a server sends when its backend is
 * terminated: before the work runs, or after it committed.
 */
export function faultyPGliteBackend(database: PGlite): FaultyBackend {
  const faults: Fault[] = [];
  const schema = uniqueSchemaName();
  const stores: PostgresThreadStore[] = [];
  const wrapper: PGliteDatabase = {
    query: (text, params) => database.query(text, params),
    transaction: async (work) => {
      const fault = faults.shift();
      if (fault === 'drop-before-items') throw connectionLost();
      const result = await database.transaction(work);
      if (fault === 'drop-after-commit') throw connectionLost();
      return result;
    },
  };
  return {
    name: 'PGlite, simulated connection loss',
    open: async () => {
      const store = await PostgresThreadStore.open({ pglite: wrapper, schema, now: tickingClock() });
      stores.push(store);
      return store;
    },
    dropBeforeItems: () => faults.push('drop-before-items'),
    dropAfterCommit: () => faults.push('drop-after-commit'),
    armedFaults: () => faults.length,
    cleanup: async () => {
      for (const store of stores) await store.close();
      await database.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

/**
 * The real thing: the backend serving the write is terminated with
 * `pg_terminate_backend` from another connection, either right before the
 * items are inserted or right after COMMIT succeeded (the client then
 * reports the dropped connection instead of the commit).
 */
export function faultyServerBackend(url: string): FaultyBackend {
  const faults: Fault[] = [];
  const schema = uniqueSchemaName();
  const stores: PostgresThreadStore[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  const terminate = (pid: number) =>
    onRealServer(url, (admin) => admin.query('SELECT pg_terminate_backend($1, 5000)', [pid]));
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (text: unknown, params?: unknown) => Promise<unknown>;
    const pid = (client as unknown as { processID: number }).processID;
    (client as unknown as { query: typeof query }).query = async (text, params) => {
      const sql = typeof text === 'string' ? text : '';
      if (faults[0] === 'drop-before-items' && /^INSERT INTO \S+\.thread_items/.test(sql.trim())) {
        faults.shift();
        await terminate(pid);
        return query(text, params);
      }
      if (faults[0] === 'drop-after-commit' && sql === 'COMMIT') {
        faults.shift();
        await query(text, params);
        await terminate(pid);
        throw new Error('Connection terminated unexpectedly');
      }
      return query(text, params);
    };
  });
  return {
    name: 'PostgreSQL, pg_terminate_backend',
    open: async () => {
      const store = await PostgresThreadStore.open({ pool, schema, now: tickingClock() });
      stores.push(store);
      return store;
    },
    dropBeforeItems: () => faults.push('drop-before-items'),
    dropAfterCommit: () => faults.push('drop-after-commit'),
    armedFaults: () => faults.length,
    cleanup: async () => {
      for (const store of stores) await store.close();
      await pool.end();
      await onRealServer(url, (admin) => admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    },
  };
}
