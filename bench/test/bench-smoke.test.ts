import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchRow } from '../src/report/bench-row';

const BENCH_DIR = join(import.meta.dirname, '..');

/** Every row `pnpm bench` reports; DESIGN.md §11 names each workload. */
const ROW_IDS = [
  'index-vs-codex-0.142.0',
  'index-vs-codex-0.169.0',
  'index-peak-memory',
  'list-indexed-vs-sql',
  'list-unindexed-vs-codex-0.142.0',
  'list-unindexed-vs-codex-0.169.0',
  'append-buffered-vs-writesync',
  'append-flushed-vs-fdatasync',
  'read-large-vs-json-parse',
  'read-large-memory',
];
const CODEX_ROWS = ROW_IDS.filter((id) => id.includes('codex'));
const codexSkipped = process.env.THREADKIT_SKIP_CODEX === '1';

interface Results {
  quick: boolean;
  home: { threads: number };
  rows: BenchRow[];
}

function runQuickBench(dir: string): Promise<{ code: number | null; output: string }> {
  const args = ['--import', 'tsx', 'src/run-bench.ts', '--quick', '--homes', join(dir, 'homes'), '--results', join(dir, 'results')];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: BENCH_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

// A smoke run: the whole quick bench end to end. It asserts what was measured, never how fast.
describe('pnpm bench --quick', () => {
  let dir: string;
  let run: { code: number | null; output: string };
  let results: Results;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'threadkit-bench-smoke-'));
    run = await runQuickBench(dir);
    const [file] = readdirSync(join(dir, 'results'));
    results = JSON.parse(readFileSync(join(dir, 'results', file!), 'utf8')) as Results;
  }, 600_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes without a failed workload and writes <date>-quick.json', () => {
    expect(run.code, run.output.slice(-4000)).toBe(0);
    expect(readdirSync(join(dir, 'results'))[0]).toMatch(/^\d{4}-\d{2}-\d{2}-quick\.json$/);
    expect(results.quick).toBe(true);
    expect(results.home.threads).toBe(1_000);
  });

  it('has every row, each with finite positive figures and a verdict against its budget', () => {
    expect(results.rows.map((row) => row.id)).toEqual(ROW_IDS);
    for (const row of results.rows) {
      if (codexSkipped && CODEX_ROWS.includes(row.id)) {
        expect(row.missing).toBe('skipped (Codex)');
        continue;
      }
      expect(row.missing, row.id).toBeUndefined();
      for (const figure of [row.threadkit, row.baseline]) {
        expect(figure, row.id).not.toBeNull();
        expect(Number.isFinite(figure!.value) && figure!.value > 0, `${row.id}: ${figure!.label} = ${figure!.value}`).toBe(true);
      }
      if (row.budget === null) {
        expect(row.met).toBeNull();
      } else {
        expect(Number.isFinite(row.ratio), row.id).toBe(true);
        expect(typeof row.met, row.id).toBe('boolean');
      }
    }
  });

  it('prints the table: a header and one bordered row per workload', () => {
    expect(run.output).toContain('budget (§11)');
    // cli-table3 draws one ├ separator under the header and one between rows.
    expect(run.output.split('\n').filter((line) => line.startsWith('├'))).toHaveLength(results.rows.length);
  });
});
