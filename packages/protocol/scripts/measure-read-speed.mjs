// Compares parseRolloutLine with bare JSON.parse on the fixture lines repeated
// to about 100,000 lines. A quick local measurement, not a benchmark: run
// `pnpm build` first, then `node scripts/measure-read-speed.mjs`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRolloutLine } from '../dist/index.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const TARGET_LINES = 100_000;
const ROUNDS = 9;

function rollouts(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return rollouts(path);
    return entry.name.startsWith('rollout-') && entry.name.endsWith('.jsonl') ? [path] : [];
  });
}

const base = rollouts(fixtures).flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean));
const lines = [];
while (lines.length < TARGET_LINES) lines.push(...base);
const megabytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0) / 1e6;

/** Best of several rounds, so a busy machine disturbs the result less. */
function bestOf(read) {
  let best = Number.POSITIVE_INFINITY;
  let kept = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (const line of lines) if (read(line)) kept++;
    best = Math.min(best, performance.now() - start);
  }
  if (kept === 0) throw new Error('nothing was read');
  return best;
}

const bare = bestOf((line) => JSON.parse(line) !== null);
const validated = bestOf((line) => parseRolloutLine(line).ok);
const unvalidated = bestOf((line) => parseRolloutLine(line, { validatePayload: false }).ok);

console.log(`${lines.length} lines, ${megabytes.toFixed(1)} MB (${base.length} fixture lines repeated)`);
console.log(`JSON.parse                               ${bare.toFixed(0)} ms`);
for (const [label, ms] of [
  ['parseRolloutLine (validatePayload true) ', validated],
  ['parseRolloutLine (validatePayload false)', unvalidated],
]) {
  console.log(`${label} ${ms.toFixed(0)} ms  speed ${(bare / ms).toFixed(2)}x of JSON.parse`);
}
