import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseIni } from 'ini';
import { sanitizeRepositoryUrl } from './repository-url';

/** Git facts of a working directory, in Codex's `session_meta.git` shape. */
export interface CollectedGitInfo {
  commit_hash?: string;
  branch?: string;
  repository_url?: string;
}

interface GitDirs {
  /** The per-worktree git dir (HEAD lives here). */
  gitDir: string;
  /** The shared git dir (refs, packed-refs, config). */
  commonDir: string;
}

/**
 * Reads the commit, branch and origin URL of the repository containing `cwd` straight from
 * the `.git` files — no `git` process is spawned, so a directory outside any repository costs
 * a few `stat` calls. Returns undefined outside a repository; never throws.
 */
export async function collectGitInfo(cwd: string): Promise<CollectedGitInfo | undefined> {
  try {
    const dirs = await findGitDirs(resolve(cwd));
    if (!dirs) return undefined;
    const info: CollectedGitInfo = {};
    const head = (await readFile(join(dirs.gitDir, 'HEAD'), 'utf8')).trim();
    if (head.startsWith('ref:')) {
      const ref = head.slice(4).trim();
      if (ref.startsWith('refs/heads/')) info.branch = ref.slice('refs/heads/'.length);
      const sha = await resolveRef(dirs, ref);
      if (sha) info.commit_hash = sha;
    } else if (/^[0-9a-f]{40,64}$/.test(head)) {
      info.commit_hash = head;
    }
    const origin = await readOriginUrl(dirs.commonDir);
    if (origin) info.repository_url = sanitizeRepositoryUrl(origin);
    return Object.keys(info).length > 0 ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Walks up from `start` to the nearest `.git` directory or `.git` file (worktrees, submodules). */
async function findGitDirs(start: string): Promise<GitDirs | undefined> {
  let dir = start;
  for (;;) {
    const candidate = join(dir, '.git');
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isDirectory()) return { gitDir: candidate, commonDir: candidate };
    if (info?.isFile()) {
      const text = await readFile(candidate, 'utf8');
      const match = /^gitdir:\s*(.+)$/m.exec(text);
      if (match) {
        const gitDir = resolve(dir, match[1]!.trim());
        const common = await readFile(join(gitDir, 'commondir'), 'utf8').catch(() => undefined);
        const commonDir = common ? resolve(gitDir, common.trim()) : gitDir;
        return { gitDir, commonDir };
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Resolves a ref through loose ref files, then packed-refs. Undefined for an unborn branch. */
async function resolveRef(dirs: GitDirs, ref: string): Promise<string | undefined> {
  if (ref.includes('..') || isAbsolute(ref)) return undefined;
  for (const base of [dirs.gitDir, dirs.commonDir]) {
    const loose = await readFile(join(base, ref), 'utf8').catch(() => undefined);
    if (loose) {
      const value = loose.trim();
      if (value.startsWith('ref:')) return resolveRef(dirs, value.slice(4).trim());
      return value;
    }
  }
  const packed = await readFile(join(dirs.commonDir, 'packed-refs'), 'utf8').catch(() => '');
  for (const line of packed.split('\n')) {
    const [sha, name] = line.trim().split(' ');
    if (name === ref && sha && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
  }
  return undefined;
}

async function readOriginUrl(commonDir: string): Promise<string | undefined> {
  const text = await readFile(join(commonDir, 'config'), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const config = parseIni(text) as Record<string, Record<string, unknown> | undefined>;
  const url = config['remote "origin"']?.url;
  return typeof url === 'string' && url.trim() ? url.trim() : undefined;
}
