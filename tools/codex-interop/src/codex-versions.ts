/** Codex CLI releases the fixtures under fixtures/codex-<version> were written by. */
export const PINNED_CODEX_VERSIONS = ['0.142.0', '0.169.0'] as const;

export type PinnedCodexVersion = (typeof PINNED_CODEX_VERSIONS)[number];

/** The oldest and the newest pinned release, for tests that need just one. */
export const OLDEST_CODEX_VERSION: PinnedCodexVersion = '0.142.0';
export const NEWEST_CODEX_VERSION: PinnedCodexVersion = '0.169.0';

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** A version string is interpolated into paths and an npm spec: accept exact semver only. */
export function assertExactVersion(version: string): void {
  if (!SEMVER.test(version)) {
    throw new Error(`Codex CLI version must be an exact semver like 0.142.0, got ${JSON.stringify(version)}`);
  }
}
