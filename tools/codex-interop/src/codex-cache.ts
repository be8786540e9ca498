import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Overrides where Codex CLI releases are installed (one sub-folder per version). */
export const CODEX_CACHE_ENV = 'THREADKIT_CODEX_CACHE';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** `$THREADKIT_CODEX_CACHE`, else `<repo>/.cache/codex` (git-ignored). */
export function codexCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[CODEX_CACHE_ENV];
  return override ? resolve(override) : join(REPO_ROOT, '.cache', 'codex');
}
