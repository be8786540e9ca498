import type Database from 'better-sqlite3';
import { withBusyRetry } from '../busy-retry';
import { StateError } from '../errors';
import { MIGRATIONS, SCHEMA_VERSION } from './index';

/** Marks a SQLite file as a threadkit index (`PRAGMA application_id`, "TKS1"). */
export const THREADKIT_APPLICATION_ID = 0x544b5331;

export function readSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration above the file's version, up to `targetVersion`,
 * each in its own IMMEDIATE transaction that re-reads the version first, so
 * several processes opening the same file at once apply each step exactly once.
 */
export function migrate(db: Database.Database, targetVersion: number = SCHEMA_VERSION): void {
  for (const migration of MIGRATIONS) {
    if (migration.version > targetVersion) break;
    const step = db.transaction(() => {
      const current = readSchemaVersion(db);
      if (current >= migration.version) return;
      if (current !== migration.version - 1) {
        throw new StateError('internal', `thread index schema ${current} cannot step to ${migration.version}`);
      }
      if (current === 0) db.pragma(`application_id = ${THREADKIT_APPLICATION_ID}`);
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    });
    withBusyRetry(() => step.immediate());
  }
}
