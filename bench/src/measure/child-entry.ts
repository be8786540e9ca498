/**
 * Runs one workload in this (fresh) process and prints its result as the
 * last stdout line, prefixed `RESULT `:
 *   node --expose-gc --import tsx src/measure/child-entry.ts <workload> '<json args>'
 * With THREADKIT_BENCH_CPU_PROFILE=<file>, writes a V8 CPU profile of the
 * workload alone (not of node's start and module loading) to that file.
 */
import { writeFileSync, writeSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { peakRssBytes } from './memory';

const [name, argsJson] = process.argv.slice(2);
if (!name || !/^[a-z0-9-]+$/.test(name)) throw new Error(`bad workload name: ${name}`);
const workload = (await import(`../workloads/${name}.ts`)) as { run(args: unknown): Promise<Record<string, unknown>> };
const profilePath = process.env.THREADKIT_BENCH_CPU_PROFILE;
const session = profilePath ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
}
const result = await workload.run(JSON.parse(argsJson ?? '{}'));
if (session && profilePath) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profilePath, JSON.stringify(profile));
  session.disconnect();
}
writeSync(1, `RESULT ${JSON.stringify({ ...result, peakRssBytes: peakRssBytes() })}\n`);
// Workloads may leave handles (servers, watchers) behind; the result is out.
process.exit(0);
