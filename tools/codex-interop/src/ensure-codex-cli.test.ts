import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ensureCodexCli } from './ensure-codex-cli';
import { codexInteropEnabled } from './interop-switch';
import { PINNED_CODEX_VERSIONS } from './codex-versions';

const run = promisify(execFile);
const INSTALL_TIMEOUT_MS = 10 * 60_000;

describe.runIf(codexInteropEnabled())('ensureCodexCli', () => {
  it.each(PINNED_CODEX_VERSIONS)(
    'installs @openai/codex@%s once, even when asked for it concurrently',
    async (version) => {
      const [first, second] = await Promise.all([ensureCodexCli(version), ensureCodexCli(version)]);
      expect(second).toBe(first);
      const { stdout } = await run(first, ['--version']);
      expect(stdout.trim()).toBe(`codex-cli ${version}`);
      // Already installed: answered from the cache.
      const started = Date.now();
      expect(await ensureCodexCli(version)).toBe(first);
      expect(Date.now() - started).toBeLessThan(1_000);
    },
    INSTALL_TIMEOUT_MS,
  );

  it('refuses a version that is not exact semver', async () => {
    await expect(ensureCodexCli('latest')).rejects.toThrow(/exact semver/);
    await expect(ensureCodexCli('../0.142.0')).rejects.toThrow(/exact semver/);
  });
});
