import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's fixtures: homes written by the real Codex CLI, with what its app-server reported. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));

export type FixtureVersion = '0.142' | '0.169';

export interface ExpectedThread {
  id: string;
  preview: string;
  name: string | null;
  cwd: string;
  source: string;
  modelProvider: string;
  model?: string;
  createdAt: number;
  cliVersion: string;
  forkedFromId: string | null;
  gitInfo: { sha: string | null; branch: string | null; originUrl: string | null } | null;
  path: string;
}

export interface ExpectedRead extends ExpectedThread {
  turns: Array<{ id: string; status: string; items: Array<{ type: string; text: string | null }> }>;
}

export interface Expected {
  active: ExpectedThread[];
  archived: ExpectedThread[];
  reads: Record<string, ExpectedRead>;
}

export function readExpected(version: FixtureVersion): Expected {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `codex-${version}`, 'expected.json'), 'utf8')) as Expected;
}

/** A fresh temp directory, removed by the returned cleanup. */
export function tempDir(prefix = 'threadkit-rollout-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A private copy of a fixture home (tests never write to the fixtures themselves). */
export function copyFixtureHome(version: FixtureVersion): { home: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir(`threadkit-codex-${version}-`);
  const home = join(dir, 'home');
  cpSync(join(FIXTURES_DIR, `codex-${version}`, 'home'), home, { recursive: true, preserveTimestamps: true });
  return { home, cleanup };
}
