import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { useTempHomes } from './test-support/temp-home';
import { ThreadIndex } from './thread-index';

const { makeHome } = useTempHomes();

/** How long the processes contend; ~8 s keeps the suite bounded while giving thousands of overlapping transactions. */
const CONTENTION_MS = Number(process.env.THREADKIT_CONTENTION_MS ?? 8_000);

interface WorkerReport {
  role: string;
  operations: number;
  inserted: number;
  deleted: number;
  errors: string[];
}

/** Bundles the worker from source so the child processes run exactly this code (no stale build). */
async function bundleWorker(outDir: string): Promise<string> {
  const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const outfile = join(outDir, 'contention-worker.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./test-support/contention-worker.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [
      {
        name: 'native-better-sqlite3',
        setup(builder) {
          // The native module stays outside the bundle, loaded from this package's own install.
          builder.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlitePath, external: true }));
        },
      },
    ],
  });
  return outfile;
}

function runWorker(script: string, role: string, home: string): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, role, home, String(CONTENTION_MS)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${role} exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.trim()) as WorkerReport);
    });
  });
}

describe('several processes on one index', () => {
  it(
    'two writers and a reader never see SQLITE_BUSY or any other error',
    async () => {
      const home = makeHome();
      const script = await bundleWorker(makeHome());
      ThreadIndex.open({ sqliteHome: home }).close();

      const reports = await Promise.all([
        runWorker(script, 'writer', home),
        runWorker(script, 'writer', home),
        runWorker(script, 'reader', home),
      ]);

      for (const report of reports) {
        expect(report.errors.slice(0, 5), `${report.role} errors (first five)`).toEqual([]);
        expect(report.errors).toHaveLength(0);
        expect(report.operations, `${report.role} operations`).toBeGreaterThan(50);
      }
      const index = ThreadIndex.open({ sqliteHome: home });
      try {
        const writers = reports.filter((report) => report.role === 'writer');
        const expected = writers.reduce((sum, report) => sum + report.inserted - report.deleted, 0);
        const counts = index.countThreads();
        expect(counts.active + counts.archived).toBe(expected);
        expect(index.checkIntegrity()).toEqual({ ok: true, problems: [] });
      } finally {
        index.close();
      }
    },
    CONTENTION_MS + 30_000,
  );
});
