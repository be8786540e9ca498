import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { codexCacheRoot } from './codex-cache';
import { findCodexExecutable, launcherEnvironment } from './codex-executable';
import { assertExactVersion } from './codex-versions';
import { withDirectoryLock } from './directory-lock';
import { runProcess } from './run-process';

export interface EnsureCodexCliOptions {
  /** Folder holding one sub-folder per installed version. Default: codexCacheRoot(). */
  cacheRoot?: string;
  /** Give up on `npm install` after this long. Default 10 minutes. */
  installTimeoutMs?: number;
  /** Told what is happening when an install is needed (it takes a while). Default: stderr. */
  log?: (message: string) => void;
}

const installs = new Map<string, Promise<string>>();

/**
 * Installs `@openai/codex@<version>` from npm into `<cacheRoot>/<version>` unless it
 * is already there, and returns the path of the native `codex` program.
 * Concurrent callers, in this process or in other processes, share one install.
 */
export function ensureCodexCli(version: string, options: EnsureCodexCliOptions = {}): Promise<string> {
  try {
    assertExactVersion(version);
  } catch (error) {
    return Promise.reject(error);
  }
  const cacheRoot = options.cacheRoot ?? codexCacheRoot();
  const key = `${cacheRoot}\0${version}`;
  let install = installs.get(key);
  if (!install) {
    install = installOnce(version, cacheRoot, options);
    installs.set(key, install);
    // A failed install may be retried by a later call.
    install.catch(() => installs.delete(key));
  }
  return install;
}

async function installOnce(version: string, cacheRoot: string, options: EnsureCodexCliOptions): Promise<string> {
  const target = join(cacheRoot, version);
  const ready = findCodexExecutable(target);
  if (ready) return ready;

  await mkdir(cacheRoot, { recursive: true });
  const installTimeoutMs = options.installTimeoutMs ?? 10 * 60_000;
  const lockOptions = { waitTimeoutMs: installTimeoutMs + 60_000, staleAfterMs: installTimeoutMs + 60_000 };
  return withDirectoryLock(join(cacheRoot, `.lock-${version}`), lockOptions, async () => {
    const installedMeanwhile = findCodexExecutable(target);
    if (installedMeanwhile) return installedMeanwhile;

    // Holding the lock, nobody else installs this version: staging folders left
    // for it are debris of killed installs (and a few hundred MB each).
    for (const entry of await readdir(cacheRoot)) {
      if (entry.startsWith(`.staging-${version}-`)) await rm(join(cacheRoot, entry), { recursive: true, force: true });
    }
    const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
    log(`installing @openai/codex@${version} into ${target} (a few hundred MB, once)`);
    // Install beside the target and rename it into place: a killed install never
    // leaves a half-filled folder that looks ready.
    const staging = join(cacheRoot, `.staging-${version}-${process.pid}-${randomBytes(4).toString('hex')}`);
    await mkdir(staging, { recursive: true });
    try {
      await npmInstall(version, staging, installTimeoutMs);
      const executable = findCodexExecutable(staging);
      if (!executable) {
        throw new Error(`npm installed @openai/codex@${version} but no native codex program for ${process.platform}-${process.arch}`);
      }
      await verifyVersion(executable, version);
      // Whatever sits at the target without a runnable program is debris: replace it.
      await rm(target, { recursive: true, force: true });
      await rename(staging, target);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    const executable = findCodexExecutable(target);
    if (!executable) throw new Error(`@openai/codex@${version} vanished from ${target} right after its install`);
    log(`installed @openai/codex@${version}`);
    return executable;
  });
}

async function npmInstall(version: string, prefix: string, timeoutMs: number): Promise<void> {
  const args = [
    'install',
    `@openai/codex@${version}`,
    '--prefix',
    prefix,
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    '--loglevel=error',
  ];
  const result = await runProcess('npm', args, { env: npmEnvironment(), cwd: prefix, timeoutMs });
  if (result.timedOut) throw new Error(`npm install @openai/codex@${version} timed out after ${timeoutMs} ms`);
  if (result.exitCode !== 0) {
    throw new Error(`npm install @openai/codex@${version} failed (exit ${result.exitCode}):\n${result.stderr.trim()}`);
  }
}

// Scripts run by pnpm inherit npm_config_* settings meant for pnpm (workspace,
// lockfile, filters); keep only those that say how to reach the registry.
const NPM_SETTINGS_TO_KEEP = new Set([
  'npm_config_registry',
  'npm_config_cache',
  'npm_config_userconfig',
  'npm_config_globalconfig',
  'npm_config_proxy',
  'npm_config_https_proxy',
  'npm_config_noproxy',
  'npm_config_cafile',
  'npm_config_strict_ssl',
]);

function npmEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('npm_') && !NPM_SETTINGS_TO_KEEP.has(lower)) continue;
    env[name] = value;
  }
  return env;
}

async function verifyVersion(executable: string, version: string): Promise<void> {
  const result = await runProcess(executable, ['--version'], {
    env: { ...process.env, ...launcherEnvironment(executable) },
    timeoutMs: 30_000,
  });
  const reported = result.stdout.trim();
  if (result.exitCode !== 0 || !reported.endsWith(` ${version}`)) {
    throw new Error(`installed codex does not run as ${version}: exit ${result.exitCode}, said ${JSON.stringify(reported || result.stderr.trim())}`);
  }
}
