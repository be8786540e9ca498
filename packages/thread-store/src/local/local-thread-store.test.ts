import { describe, expect, it } from 'vitest';
import { supportsOperation } from '../thread-store';
import { LocalThreadStore, type LocalThreadStoreOptions } from './local-thread-store';
import { tempDir } from './testing/temp-home';

describe('LocalThreadStore.open', () => {
  it.each([
    [{ home: '', index: 'sqlite' }, 'home'],
    [{ home: '/tmp/x', index: 'postgres' }, 'index'],
    [{ home: '/tmp/x', index: 'none', reconcileIntervalMs: -1 }, 'reconcileIntervalMs'],
    [{ home: '/tmp/x', index: 'none', onIndexProgress: 42 }, 'onIndexProgress'],
    [{ home: '/tmp/x', index: 'none', defaultModelProvider: '' }, 'defaultModelProvider'],
  ])('rejects %j naming %s', async (options, field) => {
    await expect(LocalThreadStore.open(options as unknown as LocalThreadStoreOptions)).rejects.toMatchObject({
      code: 'invalid_request',
      field,
    });
  });

  it('declares what it implements', async () => {
    const home = await tempDir();
    try {
      const store = await LocalThreadStore.open({ home: home.path, index: 'none' });
      expect(store.home).toBe(home.path);
      expect(store.capabilities).toMatchObject({ searchThreads: true, sharedBackend: true, rolloutFiles: true });
      expect(supportsOperation(store, 'searchThreads')).toBe(true);
      expect(supportsOperation(store, 'listTurns')).toBe(false);
      await store.close();
      await store.close();
    } finally {
      await home.remove();
    }
  });
});
