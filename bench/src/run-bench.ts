/**
 * `pnpm bench` — DESIGN.md §11 measured in one run, as ratios against floors
 * measured in the same run and against the real Codex CLI:
 *
 *   pnpm bench                 10,000 threads (~400 MB), a 100 MB rollout
 *   pnpm bench --quick         1,000 threads, a 10 MB rollout (a smoke run; its figures mean little)
 *   options: --threads N  --large-mb N  --skip-codex  --homes DIR  --results DIR  --cpu-prof DIR
 *
 * Every workload runs in a fresh node process, one after another. Prints one
 * table and writes bench/results/<date>.json (or <date>-quick.json).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { codexInteropEnabled } from '@threadkit/codex-interop';
import { stateDbPath } from '@threadkit/state';
import { BUDGETS, type Budget } from './budgets';
import { generateHome, generateLargeRollout } from './generate/generate-home';
import { runWorkloadInChild } from './measure/run-in-child';
import type { RepeatedTiming } from './measure/timing';
import type { BenchRow, Figure } from './report/bench-row';
import { renderTable } from './report/print-table';

const BENCH_DIR = join(import.meta.dirname, '..');
const MB = 1024 * 1024;
const PAGE_SIZE = 50;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    threads: { type: 'string' },
    'large-mb': { type: 'string' },
    'skip-codex': { type: 'boolean', default: false },
    homes: { type: 'string', default: join(BENCH_DIR, 'homes') },
    results: { type: 'string', default: join(BENCH_DIR, 'results') },
    'cpu-prof': { type: 'string' },
  },
});

const quick = values.quick!;
const config = {
  threads: Number(values.threads ?? (quick ? 1_000 : 10_000)),
  largeBytes: Number(values['large-mb'] ?? (quick ? 10 : 100)) * MB,
  appendTurns: quick ? 200 : 2_000,
  listWarmup: quick ? 3 : 5,
  listRuns: quick ? 20 : 100,
  codexListRuns: quick ? 10 : 30,
  codexVersions: ['0.142.0', '0.169.0'],
  runCodex: !values['skip-codex'] && codexInteropEnabled(),
};
/** With --cpu-prof DIR, threadkit's workloads each leave DIR/<name>.cpuprofile (see src/profile-summary.ts). */
const profiled = (name: string) => {
  if (!values['cpu-prof']) return {};
  mkdirSync(values['cpu-prof'], { recursive: true });
  return { cpuProfile: join(values['cpu-prof'], `${name}.cpuprofile`) };
};

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

const rows: BenchRow[] = [];
let failures = 0;

function figure(label: string, value: number, unit: Figure['unit']): Figure {
  return { label, value, unit };
}

function compared(
  row: Omit<BenchRow, 'ratio' | 'ratioMeaning' | 'budget' | 'met'>,
  budget: Budget | null,
  ratio: number | null,
  ratioMeaning?: string,
): BenchRow {
  return {
    ...row,
    ratio,
    ratioMeaning: budget?.ratioMeaning ?? ratioMeaning ?? '',
    budget: budget?.text ?? null,
    met: budget && ratio !== null ? budget.met(ratio) : null,
  };
}

function missingRow(id: string, workload: string, reason: string, budget: Budget | null): BenchRow {
  return {
    id,
    workload,
    threadkit: null,
    baseline: null,
    ratio: null,
    ratioMeaning: budget?.ratioMeaning ?? '',
    budget: budget?.text ?? null,
    met: null,
    notes: '',
    missing: reason,
  };
}

/** Runs a workload; on failure records it and returns undefined so later rows still run. */
async function attempt<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
  log(`${what}...`);
  const started = performance.now();
  try {
    const value = await work();
    log(`${what}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return value;
  } catch (error) {
    failures++;
    log(`${what}: FAILED\n${(error as Error).message}`);
    return undefined;
  }
}

const mbOf = (bytes: number) => bytes / MB;

// ---------------------------------------------------------------------------------------------
mkdirSync(values.homes!, { recursive: true });
log(`generating a home of ${config.threads} threads and a ${mbOf(config.largeBytes)} MB rollout (cached between runs)`);
const home = generateHome(values.homes!, { threads: config.threads });
const large = generateLargeRollout(values.homes!, { bytes: config.largeBytes });
log(`home: ${home.threads} threads, ${mbOf(home.bytes).toFixed(0)} MB; large rollout: ${mbOf(large.bytes).toFixed(0)} MB`);
const scratch = join(values.homes!, `scratch-${process.pid}`);
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });

try {
  // --- index from scratch --------------------------------------------------------------------
  const sqliteHome = join(scratch, 'threadkit-index');
  type IndexResult = { ms: number; firstPage: string[]; indexedRows: number; peakGrowthBytes: number; peakRssBytes: number };
  const indexed = await attempt('threadkit: index from scratch', () =>
    runWorkloadInChild<IndexResult>('threadkit-index', { home: home.home, sqliteHome, pageSize: PAGE_SIZE }, profiled('threadkit-index')),
  );

  type CodexResult = { indexMs: number; firstPage: string[]; list: RepeatedTiming; indexedRows: number | null; outboundAttempts: string[] };
  const codex = new Map<string, CodexResult | undefined>();
  for (const version of config.codexVersions) {
    if (!config.runCodex) continue;
    codex.set(
      version,
      await attempt(`codex ${version}: backfill and thread/list`, () =>
        runWorkloadInChild<CodexResult>('codex-index-and-list', {
          version,
          home: home.home,
          scratchDir: scratch,
          pageSize: PAGE_SIZE,
          warmup: 2,
          runs: config.codexListRuns,
        }),
      ),
    );
  }

  for (const version of config.codexVersions) {
    const id = `index-vs-codex-${version}`;
    const workload = `index ${home.threads.toLocaleString('en-US')} threads from scratch vs Codex ${version} backfill`;
    const result = codex.get(version);
    if (!config.runCodex) rows.push(missingRow(id, workload, 'skipped (Codex)', BUDGETS.indexVsCodex));
    else if (!indexed || !result) rows.push(missingRow(id, workload, 'failed', BUDGETS.indexVsCodex));
    else
      rows.push(
        compared(
          {
            id,
            workload,
            threadkit: figure('LocalThreadStore, first listThreads', indexed.ms, 'ms'),
            baseline: figure(`codex app-server start → first thread/list`, result.indexMs, 'ms'),
            notes: `rows indexed: threadkit ${indexed.indexedRows}, Codex ${result.indexedRows ?? '?'}`,
          },
          BUDGETS.indexVsCodex,
          result.indexMs / indexed.ms,
        ),
      );
  }

  rows.push(
    indexed
      ? compared(
          {
            id: 'index-peak-memory',
            workload: `peak memory while indexing ${home.threads.toLocaleString('en-US')} threads`,
            threadkit: figure('peak RSS of the process', mbOf(indexed.peakRssBytes), 'MB'),
            baseline: figure('growth while indexing', mbOf(indexed.peakGrowthBytes), 'MB'),
            notes: `home: ${mbOf(home.bytes).toFixed(0)} MB of rollouts`,
          },
          null,
          null,
        )
      : missingRow('index-peak-memory', 'peak memory while indexing', 'failed', null),
  );

  // --- list newest 50 from the index vs the bare SQL query -----------------------------------
  {
    const id = 'list-indexed-vs-sql';
    const workload = `list newest ${PAGE_SIZE} from the index vs the bare SQL query`;
    const listArgs = { home: home.home, sqliteHome, pageSize: PAGE_SIZE, warmup: config.listWarmup, runs: config.listRuns };
    const threadkit = indexed
      ? await attempt('threadkit: list newest from the index', () =>
          runWorkloadInChild<RepeatedTiming & { listed: number }>('threadkit-list-indexed', listArgs, profiled('threadkit-list-indexed')),
        )
      : undefined;
    const floor = indexed
      ? await attempt('floor: bare SQL page', () =>
          runWorkloadInChild<RepeatedTiming & { rows: number }>('list-sql-floor', { ...listArgs, dbPath: stateDbPath(sqliteHome) }),
        )
      : undefined;
    rows.push(
      threadkit && floor
        ? compared(
            {
              id,
              workload,
              threadkit: figure('LocalThreadStore.listThreads (median)', threadkit.medianMs, 'ms'),
              baseline: figure('better-sqlite3 SELECT … LIMIT 51 (median)', floor.medianMs, 'ms'),
              notes: `${threadkit.runs} runs; p90 ${threadkit.p90Ms.toFixed(2)} ms vs ${floor.p90Ms.toFixed(2)} ms`,
            },
            BUDGETS.listIndexedVsSql,
            threadkit.medianMs / floor.medianMs,
          )
        : missingRow(id, workload, 'failed', BUDGETS.listIndexedVsSql),
    );
  }

  // --- list newest 50 without an index vs Codex's thread/list --------------------------------
  {
    const unindexed = await attempt('threadkit: list newest without an index', () =>
      runWorkloadInChild<RepeatedTiming & { listed: number; firstPage: string[] }>(
        'threadkit-list-unindexed',
        { home: home.home, pageSize: PAGE_SIZE, warmup: config.listWarmup, runs: config.listRuns },
        profiled('threadkit-list-unindexed'),
      ),
    );
    for (const version of config.codexVersions) {
      const id = `list-unindexed-vs-codex-${version}`;
      const workload = `list newest ${PAGE_SIZE}, index 'none', vs Codex ${version} thread/list`;
      const result = codex.get(version);
      if (!config.runCodex) rows.push(missingRow(id, workload, 'skipped (Codex)', BUDGETS.listUnindexedVsCodex));
      else if (!unindexed || !result) rows.push(missingRow(id, workload, 'failed', BUDGETS.listUnindexedVsCodex));
      else {
        const samePage = unindexed.firstPage.filter((threadId) => result.firstPage.includes(threadId)).length;
        rows.push(
          compared(
            {
              id,
              workload,
              threadkit: figure("listThreads, index 'none' (median)", unindexed.medianMs, 'ms'),
              baseline: figure('thread/list, warm server (median)', result.list.medianMs, 'ms'),
              notes: `${samePage}/${PAGE_SIZE} of the page in common${samePage < PAGE_SIZE ? ' (Codex 0.142 hides threads written in 0.169’s format)' : ''}`,
            },
            BUDGETS.listUnindexedVsCodex,
            unindexed.medianMs / result.list.medianMs,
          ),
        );
      }
    }
  }

  // --- append throughput ---------------------------------------------------------------------
  type AppendResult = { ms: number; items: number; turns: number; bytes: number };
  for (const flushPerTurn of [false, true]) {
    const id = flushPerTurn ? 'append-flushed-vs-fdatasync' : 'append-buffered-vs-writesync';
    const workload = flushPerTurn
      ? `append ${config.appendTurns} turns, flush per turn, vs writeSync + fdatasync`
      : `append ${config.appendTurns} turns, buffered, vs bare writeSync`;
    const threadkit = await attempt(`threadkit: ${workload}`, () =>
      runWorkloadInChild<AppendResult>(
        'threadkit-append',
        { home: join(scratch, `append-${flushPerTurn}`), turns: config.appendTurns, flushPerTurn },
        profiled(`threadkit-append-${flushPerTurn ? 'flushed' : 'buffered'}`),
      ),
    );
    const floor = await attempt(`floor: ${workload}`, () =>
      runWorkloadInChild<AppendResult>('append-floor', { dir: join(scratch, `append-floor-${flushPerTurn}`), turns: config.appendTurns, syncPerTurn: flushPerTurn }),
    );
    rows.push(
      threadkit && floor
        ? compared(
            {
              id,
              workload,
              threadkit: figure('appendItems per turn', threadkit.items / (threadkit.ms / 1000), 'items/s'),
              baseline: figure(flushPerTurn ? 'writeSync + fdatasync per turn' : 'writeSync per turn', floor.items / (floor.ms / 1000), 'items/s'),
              notes: `${threadkit.items} items; ${mbOf(threadkit.bytes).toFixed(1)} MB vs ${mbOf(floor.bytes).toFixed(1)} MB written; ${threadkit.ms.toFixed(0)} ms vs ${floor.ms.toFixed(0)} ms`,
            },
            BUDGETS.appendVsWriteSync,
            threadkit.ms / floor.ms,
          )
        : missingRow(id, workload, 'failed', BUDGETS.appendVsWriteSync),
    );
  }

  // --- read a large rollout ------------------------------------------------------------------
  {
    type ReadResult = { ms: number; items: number; retainedBytes: number; peakGrowthBytes: number };
    const size = `${mbOf(large.bytes).toFixed(0)} MB`;
    const threadkit = await attempt(`threadkit: read a ${size} rollout`, () =>
      runWorkloadInChild<ReadResult>('threadkit-read', { home: large.home, threadId: large.threadId }, profiled('threadkit-read')),
    );
    const reader = await attempt(`rollout reader: read a ${size} rollout`, () =>
      runWorkloadInChild<ReadResult>('rollout-read', { path: large.path }, profiled('rollout-read')),
    );
    const floor = await attempt(`floor: JSON.parse per line of a ${size} rollout`, () => runWorkloadInChild<ReadResult>('read-floor', { path: large.path }));
    const mbPerSecond = (result: ReadResult) => mbOf(large.bytes) / (result.ms / 1000);
    rows.push(
      threadkit && floor
        ? compared(
            {
              id: 'read-large-vs-json-parse',
              workload: `read a ${size} rollout (${large.lines.toLocaleString('en-US')} lines) vs JSON.parse per line`,
              threadkit: figure('LocalThreadStore.loadHistory', mbPerSecond(threadkit), 'MB/s'),
              baseline: figure('readFileSync + split + JSON.parse', mbPerSecond(floor), 'MB/s'),
              notes: `${threadkit.ms.toFixed(0)} ms vs ${floor.ms.toFixed(0)} ms; ${threadkit.items} vs ${floor.items} items${reader ? `; readRolloutFile alone ${reader.ms.toFixed(0)} ms` : ''}`,
            },
            BUDGETS.readVsJsonParse,
            threadkit.ms / floor.ms,
          )
        : missingRow('read-large-vs-json-parse', `read a ${size} rollout`, 'failed', BUDGETS.readVsJsonParse),
    );
    rows.push(
      threadkit && floor
        ? compared(
            {
              id: 'read-large-memory',
              workload: `peak memory reading the ${size} rollout`,
              threadkit: figure('loadHistory: peak RSS growth', mbOf(threadkit.peakGrowthBytes), 'MB'),
              baseline: figure('heap held by the returned history', mbOf(threadkit.retainedBytes), 'MB'),
              notes: `floor: peak growth ${mbOf(floor.peakGrowthBytes).toFixed(0)} MB for ${mbOf(floor.retainedBytes).toFixed(0)} MB held`,
            },
            BUDGETS.readMemory,
            threadkit.peakGrowthBytes / threadkit.retainedBytes,
          )
        : missingRow('read-large-memory', `peak memory reading the ${size} rollout`, 'failed', BUDGETS.readMemory),
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
console.log(renderTable(rows));
const date = new Date().toISOString().slice(0, 10);
mkdirSync(values.results!, { recursive: true });
const resultsPath = join(values.results!, `${date}${quick ? '-quick' : ''}.json`);
writeFileSync(
  resultsPath,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      quick,
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), memoryBytes: totalmem(), node: process.version, platform: process.platform },
      config,
      home: { threads: home.threads, bytes: home.bytes, archived: home.archivedThreads, named: home.namedThreads, paginated: home.paginatedThreads },
      largeRollout: { bytes: large.bytes, lines: large.lines },
      rows,
    },
    null,
    2,
  )}\n`,
);
const met = rows.filter((row) => row.met === true).length;
const missed = rows.filter((row) => row.met === false).length;
console.log(`results: ${resultsPath}\nbudgets: ${met} met, ${missed} missed; ${failures} workload(s) failed`);
process.exitCode = failures > 0 ? 1 : 0;
