import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppServerGitInfo } from './app-server-types';

/** A thread as fixtures/codex-<version>/expected.json records what app-server reported. */
export interface ExpectedThread {
  id: string;
  preview: string;
  name: string | null;
  cwd: string;
  source: unknown;
  modelProvider: string;
  model?: string | null;
  createdAt: number;
  updatedAt: number;
  cliVersion: string;
  forkedFromId: string | null;
  gitInfo: AppServerGitInfo | null;
  /** Rewritten to `/codex-home/...`: never equal to a live path. */
  path: string;
}

export interface ExpectedTurn {
  id: string;
  status: string;
  items: Array<{ type: 'userMessage' | 'agentMessage'; text: string }>;
}

export interface CodexFixture {
  version: string;
  /** The Codex home written by that release (read-only: copy it with copyCodexHome before serving it). */
  home: string;
  expected: {
    codex: string;
    active: ExpectedThread[];
    archived: ExpectedThread[];
    reads: Record<string, ExpectedThread & { turns: ExpectedTurn[] }>;
  };
}

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** The repository's fixture written by Codex `version` (fixtures/codex-<major.minor>). */
export function codexFixture(version: string): CodexFixture {
  const [major, minor] = version.split('.');
  const dir = join(FIXTURES, `codex-${major}.${minor}`);
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as CodexFixture['expected'];
  return { version, home: join(dir, 'home'), expected };
}
