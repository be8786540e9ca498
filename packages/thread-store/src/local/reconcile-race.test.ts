import { join } from 'node:path';
import { ThreadIndex } from '@threadkit/state';
import { afterEach, describe, expect, it } from 'vitest';
import { indexInputFromSummary } from './index-rows';
import { LocalThreadStore } from './local-thread-store';
import { NameBook } from './name-book';
import { applySummary, writeSummaries } from './reconcile-index';
import { type RolloutSummary, summarizeRollout } from './rollout-summary';
import { writeSampleThread } from './testing/sample-thread';
import { tempDir } from './testing/temp-home';

const LIVE = { preview: 'what the live writer patched', name: 'Named live', updatedAt: Date.UTC(2031, 0, 1) };

/**
 * The index as seen by a reconcile pass that checked for a row just before
 * another instance created it: the check says "no row", the database has one.
 */
function checkedTooEarly(index: ThreadIndex): ThreadIndex {
  return new Proxy(index, {
    get(target, property) {
      if (property === 'getThread') return () => undefined;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('a row built from a rollout racing a fresh row from another instance', () => {
  const cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(): Promise<{ index: ThreadIndex; summary: RolloutSummary; names: NameBook }> {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const home = join(dir.path, 'home');
    const files = await LocalThreadStore.open({ home, index: 'none' });
    const threadId = await writeSampleThread(files, 'what the file says');
    const { rolloutPath } = await files.readThread({ threadId });
    await files.close();
    const summary = await summarizeRollout(rolloutPath!, { archivedDir: join(home, 'archived_sessions') });
    const index = ThreadIndex.open({ sqliteHome: join(dir.path, 'index') });
    cleanups.push(() => index.close());
    // The other instance: its row, then its fresher patch.
    index.upsertThread(indexInputFromSummary(summary!, null));
    index.patchThread(threadId, LIVE);
    return { index, summary: summary!, names: new NameBook(home) };
  }

  it('keeps the other instance’s row when one rollout is indexed', async () => {
    const { index, summary, names } = await setup();
    applySummary(checkedTooEarly(index), summary, names);
    expect(index.getThread(summary.threadId)).toMatchObject({
      preview: LIVE.preview,
      name: LIVE.name,
      updatedAt: new Date(LIVE.updatedAt),
    });
  });

  it('keeps the other instance’s row when a batch is indexed', async () => {
    const { index, summary, names } = await setup();
    const errors: Error[] = [];
    writeSummaries(checkedTooEarly(index), [summary], names, (error) => errors.push(error));
    expect(errors).toEqual([]);
    expect(index.getThread(summary.threadId)).toMatchObject({
      preview: LIVE.preview,
      name: LIVE.name,
      updatedAt: new Date(LIVE.updatedAt),
    });
  });
});
