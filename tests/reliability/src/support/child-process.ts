import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const PACKAGE_DIR = join(import.meta.dirname, '..', '..');

/** A process script bundled for plain node (twice as fast to start as through a TypeScript loader). */
export interface BuiltScript {
  name: string;
  path: string;
  remove(): void;
}

/**
 * Bundles `src/processes/<name>.ts` (workspace packages stay imports of their
 * built dist) into this package's node_modules/.cache, where node resolves
 * those imports. One file per test process, so parallel suites never share one.
 */
export async function buildScript(name: string): Promise<BuiltScript> {
  const dir = join(PACKAGE_DIR, 'node_modules', '.cache', 'threadkit-reliability');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.${process.pid}.mjs`);
  await build({
    entryPoints: [join(PACKAGE_DIR, 'src', 'processes', `${name}.ts`)],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: path,
    logLevel: 'silent',
  });
  return { name, path, remove: () => rmSync(path, { force: true }) };
}

/** A child process speaking one event per stdout line. */
export interface LineChild {
  child: ChildProcess;
  lines: string[];
  stderr(): string;
  /** The first line starting with `prefix` (rejects on an `error ...` line, an early exit or the timeout). */
  waitFor(prefix: string, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a built script with node; `wrapper` goes in front of node (e.g. `unshare ... sh -c ...`). */
export function spawnScript(
  built: BuiltScript,
  args: string[],
  options: { wrapper?: string[]; spawn?: SpawnOptions } = {},
): LineChild {
  const script = built.name;
  const nodeArgs = [built.path, ...args];
  const [command, ...commandArgs] = options.wrapper ? [...options.wrapper, process.execPath, ...nodeArgs] : [process.execPath, ...nodeArgs];
  const child = spawn(command!, commandArgs, { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'], ...options.spawn });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      if (partial) lines.push(partial);
      partial = '';
      for (const listener of listeners) listener();
      resolve({ code, signal });
    });
  });
  const waitFor = (prefix: string, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find((line) => line.startsWith(prefix) || line.startsWith('error '));
        if (found !== undefined) {
          done();
          if (found.startsWith(prefix)) resolve(found);
          else reject(new Error(`${script} reported: ${found}`));
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(new Error(`${script} exited before printing "${prefix}": ${stderr.slice(-2000)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for "${prefix}" from ${script}; lines: ${lines.slice(-5).join(' | ')}; stderr: ${stderr.slice(-2000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  return { child, lines, stderr: () => stderr, waitFor, exited };
}

/** Highest `n` among lines `<prefix> <n>`, or -1. */
export function highestReported(lines: readonly string[], prefix: string): number {
  let highest = -1;
  for (const line of lines) {
    if (line.startsWith(`${prefix} `)) highest = Math.max(highest, Number(line.slice(prefix.length + 1)));
  }
  return highest;
}

/** Polls `condition` every few ms until it holds (or throws after `timeoutMs`). */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
