/**
 * Generates a Codex-shaped home without running the benchmarks:
 *   pnpm --filter threadkit-bench generate -- --threads 1000 [--seed s] [--out dir]
 * Prints the manifest (where the home is, how many threads and bytes).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateHome } from './generate/generate-home';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '1000' },
    seed: { type: 'string' },
    out: { type: 'string', default: join(import.meta.dirname, '..', 'homes') },
  },
});
const started = performance.now();
const home = generateHome(values.out!, { threads: Number(values.threads), seed: values.seed });
console.log(JSON.stringify({ ...home, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) }, null, 2));
