import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { withBusyRetry } from './busy-retry';
import { StateError, sqliteCode, toStateError } from './errors';
import { SCHEMA_VERSION } from './migrations/index';
import { migrate, readSchemaVersion, THREADKIT_APPLICATION_ID } from './migrations/migrate';

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** Tables the current schema must have; a marked file without them was damaged. */
const REQUIRED_TABLES = ['threads', 'threads_fts', 'backfill_state', 'thread_messages', 'thread_messages_fts'];

type FileKind = { kind: 'fresh' } | { kind: 'threadkit'; version: number } | { kind: 'foreign' };

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function readHeader(path: string): Buffer {
  const header = Buffer.alloc(SQLITE_MAGIC.length);
  const fd = openSync(path, 'r');
  try {
    const bytes = readSync(fd, header, 0, header.length, 0);
    return header.subarray(0, bytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * Decides whose file this is without writing to it: the magic bytes first
 * (SQLite is not even opened on a file that is not SQLite, so it cannot touch
 * the sidecars either), then the header fields through a read-only connection,
 * which never checkpoints or deletes a WAL.
 */
function inspectFile(path: string, busyTimeoutMs: number): FileKind {
  if (!existsSync(path) || statSync(path).size === 0) return { kind: 'fresh' };
  if (!readHeader(path).equals(SQLITE_MAGIC)) {
    throw new StateError('corrupt', `${path} is not a SQLite database`);
  }
  const reader = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
  try {
    return withBusyRetry(() => {
      const applicationId = reader.pragma('application_id', { simple: true }) as number;
      const version = readSchemaVersion(reader);
      if (applicationId === THREADKIT_APPLICATION_ID) return { kind: 'threadkit', version };
      const objects = (reader.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
      if (applicationId === 0 && version === 0 && objects === 0) return { kind: 'fresh' };
      return { kind: 'foreign' };
    });
  } finally {
    reader.close();
  }
}

function closeQuietly(db: Database.Database): void {
  try {
    db.close();
  } catch {
    // Already failing; the first error is the one worth reporting.
  }
}

function classifyOpenError(error: unknown, path: string): StateError {
  if (sqliteCode(error) === 'SQLITE_NOTADB') {
    return new StateError('corrupt', `${path} is not a SQLite database`, { cause: error });
  }
  return toStateError(error, `opening ${path}`);
}

export interface OpenDatabaseOptions {
  busyTimeoutMs?: number;
  /** Build the schema only up to this version (tests of the upgrade path). */
  targetVersion?: number;
}

/**
 * Opens (creating if missing) a threadkit index file and brings its schema up
 * to date. A file that is not SQLite, or SQLite that is not a threadkit
 * index, is `corrupt`; a file from a newer threadkit is `newer_schema`. In
 * both cases the file is left exactly as it was.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const targetVersion = options.targetVersion ?? SCHEMA_VERSION;
  let file: FileKind;
  try {
    mkdirSync(dirname(path), { recursive: true });
    file = inspectFile(path, busyTimeoutMs);
  } catch (error) {
    throw classifyOpenError(error, path);
  }
  if (file.kind === 'foreign') {
    throw new StateError('corrupt', `${path} is a SQLite file but not a threadkit index`);
  }
  if (file.kind === 'threadkit' && file.version > SCHEMA_VERSION) {
    throw new StateError(
      'newer_schema',
      `${path} has schema version ${file.version}, newer than this threadkit understands (${SCHEMA_VERSION}); ` +
        'upgrade threadkit or point it at another SQLite home',
    );
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw classifyOpenError(error, path);
  }
  try {
    // WAL lets readers proceed while one process writes; NORMAL is durable across crashes of the process.
    withBusyRetry(() => db.pragma('journal_mode = WAL'));
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, targetVersion);
    if (targetVersion === SCHEMA_VERSION) withBusyRetry(() => verifyTables(db, path));
    return db;
  } catch (error) {
    closeQuietly(db);
    throw classifyOpenError(error, path);
  }
}

function verifyTables(db: Database.Database, path: string): void {
  const present = new Set(
    (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map(
      (row) => row.name,
    ),
  );
  const missing = REQUIRED_TABLES.filter((table) => !present.has(table));
  if (missing.length > 0) {
    throw new StateError('corrupt', `${path} is marked as a threadkit index but lacks ${missing.join(', ')}`);
  }
}
