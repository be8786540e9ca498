// Runs the whole vitest suite once and ends with a plain summary line
// ("vitest: N passed, N failed") that CI logs can be read by.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'threadkit-vitest-'));
const report = join(dir, 'report.json');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('vitest', args.slice(1), { stdio: 'inherit' });
if (run.error) console.error(`cannot start vitest: ${run.error.message}`);
let summary = 'vitest: no report written';
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + (r.numTodoTests ?? 0);
  summary = `vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
  if (r.numTotalTests === 0) summary += ' (no test ran)';
} catch {}
rmSync(dir, { recursive: true, force: true });
console.log(summary);
process.exit(run.status ?? 1);
