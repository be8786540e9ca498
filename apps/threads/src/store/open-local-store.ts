import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalThreadStore } from '@threadkit/thread-store';
import type { StoreOpener } from './store-opener';

/** threadkit's index file in a home (DESIGN §5); Codex's own state_*.sqlite is never touched. */
const INDEX_FILE = 'threadkit-state-1.sqlite';
const INDEX_FILES = [INDEX_FILE, `${INDEX_FILE}-wal`, `${INDEX_FILE}-shm`];

/**
 * Opens a LocalThreadStore on a Codex home. Reading commands use the index
 * only when `threads index` (or another threadkit program) already made one,
 * and otherwise read the files, so that looking at a home never creates
 * anything in it. Writing commands keep an existing index in step. `index`
 * builds it, from scratch with `rebuildIndex`.
 */
export const openLocalStore: StoreOpener = async ({ home, access, onIndexProgress, rebuildIndex }) => {
  if (access === 'index' && rebuildIndex) {
    // The index is derived from the rollouts: removing it loses nothing.
    for (const name of INDEX_FILES) await rm(join(home, name), { force: true });
  }
  const indexed = access === 'index' || existsSync(join(home, INDEX_FILE));
  const store = await LocalThreadStore.open({
    home,
    index: indexed ? 'sqlite' : 'none',
    onIndexProgress: onIndexProgress
      ? ({ phase, done, total, rebuild }) => onIndexProgress({ phase, done, total, rebuild })
      : undefined,
  });
  if (access === 'index') await store.reindex();
  return { store, indexed, close: () => store.close() };
};
