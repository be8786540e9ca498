import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CODEX_CACHE_ENV, codexCacheRoot } from './codex-cache';
import { OLDEST_CODEX_VERSION, PINNED_CODEX_VERSIONS } from './codex-versions';
import { ensureCodexCli } from './ensure-codex-cli';
import { codexInteropEnabled } from './interop-switch';
import { makeTempDir } from './temp-dirs';

const run = promisify(execFile);
const INSTALL_TIMEOUT_MS = 10 * 60_000;

describe('codexCacheRoot', () => {
  it('defaults to the git-ignored .cache/codex of the repository', () => {
    const root = codexCacheRoot({});
    expect(root.endsWith(`${sep}.cache${sep}codex`)).toBe(true);
    expect(existsSync(join(root, '..', '..', 'pnpm-workspace.yaml'))).toBe(true);
  });

  it(`is overridden by ${CODEX_CACHE_ENV}`, () => {
    expect(codexCacheRoot({ [CODEX_CACHE_ENV]: '/var/cache/codex-builds' })).toBe('/var/cache/codex-builds');
  });
});

describe('ensureCodexCli arguments', () => {
  it('refuses a version that is not exact semver', async () => {
    await expect(ensureCodexCli('latest')).rejects.toThrow(/exact semver/);
    await expect(ensureCodexCli('../0.142.0')).rejects.toThrow(/exact semver/);
  });
});

describe.runIf(codexInteropEnabled())('ensureCodexCli', () => {
  it.each(PINNED_CODEX_VERSIONS)(
    'installs @openai/codex@%s once, even when asked for it concurrently',
    async (version) => {
      const [first, second] = await Promise.all([ensureCodexCli(version), ensureCodexCli(version)]);
      expect(second).toBe(first);
      expect(first.startsWith(join(codexCacheRoot(), version))).toBe(true);
      const { stdout } = await run(first, ['--version']);
      expect(stdout.trim()).toBe(`codex-cli ${version}`);
      // Already installed: answered from the cache.
      const started = Date.now();
      expect(await ensureCodexCli(version)).toBe(first);
      expect(Date.now() - started).toBeLessThan(1_000);
    },
    INSTALL_TIMEOUT_MS,
  );

  it(
    'replaces what a killed install left behind',
    async () => {
      const version = OLDEST_CODEX_VERSION;
      const cache = await makeTempDir('threadkit-codex-cache-');
      try {
        const debris = join(cache.path, `.staging-${version}-1-deadbeef`);
        await mkdir(join(debris, 'node_modules'), { recursive: true });
        await mkdir(join(cache.path, version, 'node_modules'), { recursive: true });
        await writeFile(join(cache.path, version, 'node_modules', 'half-written'), '');
        const logged: string[] = [];

        const executable = await ensureCodexCli(version, { cacheRoot: cache.path, log: (m) => logged.push(m) });

        expect(executable.startsWith(join(cache.path, version))).toBe(true);
        expect((await run(executable, ['--version'])).stdout.trim()).toBe(`codex-cli ${version}`);
        expect(await readdir(cache.path)).toEqual([version]);
        expect(existsSync(join(cache.path, version, 'node_modules', 'half-written'))).toBe(false);
        expect(logged[0]).toContain(`installing @openai/codex@${version}`);
      } finally {
        await cache.remove();
      }
    },
    INSTALL_TIMEOUT_MS,
  );
});
