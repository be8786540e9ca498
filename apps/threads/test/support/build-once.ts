import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Builds `threads` and the packages it depends on before the suites spawn
 * dist/cli.js. Turbo's cache makes this a second or two when nothing changed
 * (the repository's test command has built everything already).
 */
export default function buildOnce(): void {
  const result = spawnSync('npx', ['turbo', 'run', 'build', '--filter=@threadkit/threads...', '--output-logs=errors-only'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`building threads failed (exit ${result.status ?? result.signal})`);
}
