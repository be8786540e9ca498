import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STATE_DB_FILE_NAME } from '@threadkit/state';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveThread } from '../live/live-thread';
import { LocalThreadStore } from './local-thread-store';
import { agentMessage, sampleCreateParams, turnContext, userMessage } from './testing/sample-thread';
import { tempDir } from './testing/temp-home';

describe('LiveThread on LocalThreadStore', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const errors: Error[] = [];
    const sqliteHome = join(dir.path, 'index');
    const store = await LocalThreadStore.open({
      home: join(dir.path, 'home'),
      sqliteHome,
      index: 'sqlite',
      onIndexError: (error) => errors.push(error),
    });
    cleanups.push(() => store.close());
    return { store, sqliteHome, errors, home: join(dir.path, 'home') };
  }

  it('lists what the live thread observed, and a rebuilt index agrees on what the files say', async () => {
    const { store, home } = await setup();
    const params = sampleCreateParams({ cwd: '/work/live', modelProvider: 'openai' });
    const live = await LiveThread.create(store, params);
    await live.appendItems([turnContext('gpt-live', '/work/live'), userMessage('How do I ship this?'), agentMessage('Carefully.')]);
    await live.shutdown();
    const [listed] = (await store.listThreads({})).items;
    expect(listed).toMatchObject({
      threadId: params.threadId,
      preview: 'How do I ship this?',
      firstUserMessage: 'How do I ship this?',
      model: 'gpt-live',
      cwd: '/work/live',
      modelProvider: 'openai',
      source: 'cli',
    });
    const filesOnly = await LocalThreadStore.open({ home, index: 'none' });
    const fromFiles = await filesOnly.readThread({ threadId: params.threadId });
    expect(fromFiles).toMatchObject({ preview: listed!.preview, model: listed!.model, cwd: listed!.cwd });
    // LiveThread hands the store the instant its creation patch carries.
    expect(fromFiles.createdAt).toEqual(listed!.createdAt);
    await filesOnly.close();
  });

  it('never fails an append, or the barriers after it, because the index broke', async () => {
    const { store, sqliteHome, errors } = await setup();
    const params = sampleCreateParams();
    const live = await LiveThread.create(store, params);
    await live.appendItems([userMessage('before the index broke')]);
    await live.flush();
    for (const name of await readdir(sqliteHome)) {
      if (name.startsWith(STATE_DB_FILE_NAME)) await writeFile(join(sqliteHome, name), Buffer.alloc(64 * 1024, 0x5a));
    }
    await live.appendItems([turnContext('gpt-after'), agentMessage('after the index broke')]);
    await live.flush();
    await live.shutdown();
    expect(errors.length).toBeGreaterThan(0);
    const history = await store.loadHistory({ threadId: params.threadId });
    expect(history.items.map((item) => (item.payload as { message?: string }).message).filter(Boolean)).toEqual([
      'before the index broke',
      'after the index broke',
    ]);
    // The files still answer, and the index is rebuilt from them.
    expect((await store.listThreads({})).items.map((t) => t.preview)).toEqual(['before the index broke']);
  });
});
