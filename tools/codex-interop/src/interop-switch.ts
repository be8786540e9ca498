/** Set to 1 to skip every test that needs the real Codex CLI (they run by default, and in CI). */
export const CODEX_SKIP_ENV = 'THREADKIT_SKIP_CODEX';

/** False only when THREADKIT_SKIP_CODEX is set to 1 or true. Use with `describe.runIf(...)`. */
export function codexInteropEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[CODEX_SKIP_ENV]?.trim().toLowerCase();
  return !(value === '1' || value === 'true');
}
