import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Bundles the writer process from source into `dir` so plain node can run it. */
export async function bundleWriterProcess(dir: string): Promise<string> {
  const outfile = join(dir, 'writer.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./writer-process.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** A spawned writer process and the lines it has printed so far. */
export interface WriterChild {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first printed line that starts with `prefix`. */
  waitFor(prefix: string, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnWriterOptions {
  /** Run under `ulimit -f` with this many 512-byte blocks (POSIX sh), so writes past it fail with EFBIG. */
  fileSizeBlocks?: number;
}

export function spawnWriter(script: string, args: string[], options: SpawnWriterOptions = {}): WriterChild {
  const child =
    options.fileSizeBlocks === undefined
      ? spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn('/bin/sh', ['-c', `ulimit -f ${options.fileSizeBlocks} && exec "$0" "$@"`, process.execPath, script, ...args], {
          stdio: ['pipe', 'pipe', 'pipe'],
        });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let partial = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const listener of listeners) listener();
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const listener of listeners) listener();
      resolve({ code, signal });
    });
  });
  const waitFor = (prefix: string, timeoutMs = 10_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find((l) => l.startsWith(prefix) || l.startsWith('error'));
        if (found?.startsWith('error') && !prefix.startsWith('error')) {
          cleanup();
          reject(new Error(`writer process failed: ${found}`));
        } else if (found) {
          cleanup();
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          cleanup();
          reject(new Error(`writer process exited before printing ${prefix}: ${stderr}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${prefix}; printed ${lines.length} lines; stderr: ${stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  return { child, lines, waitFor, exited };
}
