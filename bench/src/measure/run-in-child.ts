import { spawn } from 'node:child_process';
import { join } from 'node:path';

const BENCH_DIR = join(import.meta.dirname, '..', '..');

export interface ChildRunOptions {
  timeoutMs?: number;
  /** Write a CPU profile of the workload (only) to this file. */
  cpuProfile?: string;
}

/**
 * Runs `src/workloads/<name>.ts` in a fresh node process (its own heap, JIT
 * and peak RSS) and returns what it printed after `RESULT `.
 */
export function runWorkloadInChild<T = Record<string, unknown>>(name: string, args: unknown, options: ChildRunOptions = {}): Promise<T & { peakRssBytes: number }> {
  const nodeArgs = [
    '--expose-gc',
    '--import',
    'tsx',
    join(BENCH_DIR, 'src', 'measure', 'child-entry.ts'),
    name,
    JSON.stringify(args),
  ];
  return new Promise((resolve, reject) => {
    const env = options.cpuProfile ? { ...process.env, THREADKIT_BENCH_CPU_PROFILE: options.cpuProfile } : process.env;
    const child = spawn(process.execPath, nodeArgs, { cwd: BENCH_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30 * 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) {
        resolve(JSON.parse(line.slice('RESULT '.length)));
        return;
      }
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
      reject(new Error(`workload ${name} failed (code ${code}, signal ${signal}):\n${tail}`));
    });
  });
}
