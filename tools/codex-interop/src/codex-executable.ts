import { existsSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';

// The npm package @openai/codex is a JS launcher; the real program comes from a
// per-platform optional dependency. Same table as the launcher's bin/codex.js.
const TARGETS: Record<string, { triple: string; packageName: string }> = {
  'linux-x64': { triple: 'x86_64-unknown-linux-musl', packageName: '@openai/codex-linux-x64' },
  'linux-arm64': { triple: 'aarch64-unknown-linux-musl', packageName: '@openai/codex-linux-arm64' },
  'darwin-x64': { triple: 'x86_64-apple-darwin', packageName: '@openai/codex-darwin-x64' },
  'darwin-arm64': { triple: 'aarch64-apple-darwin', packageName: '@openai/codex-darwin-arm64' },
};

function currentTarget(): { triple: string; packageName: string } {
  const target = TARGETS[`${process.platform}-${process.arch}`];
  if (!target) throw new Error(`the Codex CLI has no build for ${process.platform}-${process.arch} that this harness knows`);
  return target;
}

/** Path of the native `codex` program inside an npm prefix where @openai/codex is installed, if present. */
export function findCodexExecutable(installPrefix: string): string | undefined {
  const { triple, packageName } = currentTarget();
  const nodeModules = join(installPrefix, 'node_modules');
  const candidates = [
    join(nodeModules, ...packageName.split('/'), 'vendor', triple, 'bin', 'codex'),
    join(nodeModules, '@openai', 'codex', 'vendor', triple, 'bin', 'codex'),
  ];
  return candidates.find((candidate) => existsSync(candidate));
}

/**
 * Environment the npm launcher gives the native program. We spawn the native
 * program directly (so killing it kills Codex, not a wrapper), and pass what the
 * launcher would have passed.
 */
export function launcherEnvironment(executable: string): Record<string, string> {
  const marker = `${sep}node_modules${sep}`;
  const at = executable.lastIndexOf(marker);
  if (at < 0) return {};
  const packageRoot = join(executable.slice(0, at + marker.length), '@openai', 'codex');
  if (!existsSync(packageRoot)) return {};
  return { CODEX_MANAGED_BY_NPM: '1', CODEX_MANAGED_PACKAGE_ROOT: realpathSync(packageRoot) };
}
