/**
 * Runs one workload in this (fresh) process and prints its result as the
 * last stdout line, prefixed `RESULT `:
 *   node --expose-gc --import tsx src/measure/child-entry.ts <workload> '<json args>'
 */
import { writeSync } from 'node:fs';
import { peakRssBytes } from './memory';

const [name, argsJson] = process.argv.slice(2);
if (!name || !/^[a-z0-9-]+$/.test(name)) throw new Error(`bad workload name: ${name}`);
const workload = (await import(`../workloads/${name}.ts`)) as { run(args: unknown): Promise<Record<string, unknown>> };
const result = await workload.run(JSON.parse(argsJson ?? '{}'));
writeSync(1, `RESULT ${JSON.stringify({ ...result, peakRssBytes: peakRssBytes() })}\n`);
// Workloads may leave handles (servers, watchers) behind on purpose of speed; the result is out.
process.exit(0);
