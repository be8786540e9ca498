import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isThreadStoreError } from '../errors';
import { LocalThreadStore } from './local-thread-store';
import { tempDir } from './testing/temp-home';
import { writeSampleThread } from './testing/sample-thread';

describe('LocalThreadStore.readThreadByRolloutPath', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(index: 'sqlite' | 'none' = 'sqlite') {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const home = join(dir.path, 'home');
    const store = await LocalThreadStore.open({ home, index });
    cleanups.push(() => store.close());
    const threadId = await writeSampleThread(store, 'read me by path');
    const { rolloutPath } = await store.readThread({ threadId });
    return { store, home, outside: dir.path, threadId, rolloutPath: rolloutPath! };
  }

  async function rejection(promise: Promise<unknown>) {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isThreadStoreError(error), String(error)).toBe(true);
    return error as { code: string; field?: string; message: string };
  }

  it('takes a relative path from the home and reports the canonical one', async () => {
    const { store, home, threadId, rolloutPath } = await setup();
    const thread = await store.readThreadByRolloutPath({ rolloutPath: relative(home, rolloutPath) });
    expect(thread).toMatchObject({ threadId, rolloutPath, preview: 'read me by path' });
    const roundabout = join(home, 'sessions', '..', relative(home, rolloutPath));
    expect((await store.readThreadByRolloutPath({ rolloutPath: roundabout })).rolloutPath).toBe(rolloutPath);
  });

  it('resolves a symlink to the rollout it points at', async () => {
    const { store, outside, threadId, rolloutPath } = await setup();
    const link = join(outside, 'link.jsonl');
    await symlink(rolloutPath, link);
    expect(await store.readThreadByRolloutPath({ rolloutPath: link })).toMatchObject({ threadId, rolloutPath });
  });

  it('refuses a directory, something that is not a file, a missing file and a file without session_meta', async () => {
    const { store, home, outside, rolloutPath } = await setup();
    const directory = await rejection(store.readThreadByRolloutPath({ rolloutPath: join(home, 'sessions') }));
    expect(directory).toMatchObject({ code: 'invalid_request', field: 'rolloutPath' });
    expect(directory.message).toContain('path is a directory');

    const fifo = join(outside, 'rollout.fifo');
    execFileSync('mkfifo', [fifo]);
    const notAFile = await rejection(store.readThreadByRolloutPath({ rolloutPath: fifo }));
    expect(notAFile).toMatchObject({ code: 'invalid_request', field: 'rolloutPath' });
    expect(notAFile.message).toContain('path is not a file');

    const missing = await rejection(store.readThreadByRolloutPath({ rolloutPath: `${rolloutPath}.gone.jsonl` }));
    expect(missing).toMatchObject({ code: 'invalid_request', field: 'rolloutPath' });
    expect(missing.message).toContain('file does not exist');

    const notes = join(outside, 'notes.jsonl');
    await writeFile(notes, '{"hello":"world"}\n');
    const notARollout = await rejection(store.readThreadByRolloutPath({ rolloutPath: notes }));
    expect(notARollout).toMatchObject({ code: 'invalid_request', field: 'rolloutPath' });
  });

  it('reads a copy outside the home from the file alone, without indexing it', async () => {
    const { store, outside, threadId, rolloutPath } = await setup();
    await mkdir(join(outside, 'backup'));
    const copy = join(outside, 'backup', 'copy.jsonl');
    await copyFile(rolloutPath, copy);
    const fromCopy = await store.readThreadByRolloutPath({ rolloutPath: copy, includeHistory: true });
    expect(fromCopy).toMatchObject({ threadId, rolloutPath: copy, preview: 'read me by path' });
    expect(fromCopy.history?.items.length).toBeGreaterThan(1);
    // The thread itself still lives where it was written.
    expect((await store.readThread({ threadId })).rolloutPath).toBe(rolloutPath);
  });

  it('works without an index, from the file', async () => {
    const { store, threadId, rolloutPath } = await setup('none');
    const thread = await store.readThreadByRolloutPath({ rolloutPath, includeHistory: true });
    expect(thread).toMatchObject({ threadId, rolloutPath, preview: 'read me by path' });
    expect(thread.history?.items[0]?.type).toBe('session_meta');
  });
});
