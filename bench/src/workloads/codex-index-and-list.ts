import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCodexCli, startCodexAppServer } from '@threadkit/codex-interop';
import Database from 'better-sqlite3';
import { timeRepeated } from '../measure/timing';

export interface CodexIndexArgs {
  version: string;
  /** The generated home; it is copied first (Codex writes its SQLite files into the home it serves). */
  home: string;
  scratchDir: string;
  pageSize: number;
  warmup: number;
  runs: number;
}

/**
 * Codex's own backfill of a home it has never seen: the time from starting
 * `codex app-server` on a fresh copy to its first `thread/list` answer (the
 * app server indexes every rollout into state_5.sqlite before it serves),
 * then the time of `thread/list` (newest page, scan-and-repair) once warm.
 */
export async function run(args: CodexIndexArgs) {
  await ensureCodexCli(args.version);
  const codexHome = join(args.scratchDir, `codex-${args.version}-home`);
  rmSync(codexHome, { recursive: true, force: true });
  cpSync(args.home, codexHome, { recursive: true, preserveTimestamps: true });
  try {
    const started = performance.now();
    const server = await startCodexAppServer({ version: args.version, codexHome, requestTimeoutMs: 60 * 60_000 });
    try {
      const list = () => server.listThreadsPage({ limit: args.pageSize, sortKey: 'created_at' });
      const first = await list();
      const indexMs = performance.now() - started;
      let listed = 0;
      const timing = await timeRepeated(
        async () => {
          listed = (await list()).data.length;
        },
        { warmup: args.warmup, runs: args.runs },
      );
      const statePath = join(codexHome, 'state_5.sqlite');
      let indexedRows: number | null = null;
      if (existsSync(statePath)) {
        const db = new Database(statePath, { readonly: true });
        indexedRows = (db.prepare('SELECT count(*) AS n FROM threads').get() as { n: number }).n;
        db.close();
      }
      return {
        indexMs,
        firstPage: first.data.map((thread) => thread.id),
        list: timing,
        listed,
        indexedRows,
        outboundAttempts: server.outboundAttempts(),
      };
    } finally {
      await server.close();
    }
  } finally {
    rmSync(codexHome, { recursive: true, force: true });
  }
}
