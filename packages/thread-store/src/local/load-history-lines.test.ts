import { readFile } from 'node:fs/promises';
import { codexFixture, copyCodexHome } from '@threadkit/codex-interop';
import { serializeRolloutLine } from '@threadkit/protocol';
import { describe, expect, it } from 'vitest';
import { LocalThreadStore } from './local-thread-store';

describe.each(['sqlite', 'none'] as const)('loadHistoryLines (index: %s)', (index) => {
  it("returns each history item with the very line Codex wrote, and agrees with loadHistory", async () => {
    const fixture = codexFixture('0.142.0');
    const home = await copyCodexHome(fixture.home);
    const store = await LocalThreadStore.open({ home: home.path, index });
    try {
      for (const threadId of Object.keys(fixture.expected.reads)) {
        const thread = await store.readThread({ threadId, includeArchived: true });
        const { lines } = await store.loadHistoryLines({ threadId, includeArchived: true });
        const fileLines = (await readFile(thread.rolloutPath!, 'utf8')).split('\n').filter((line) => line !== '');
        expect(lines.map(serializeRolloutLine), threadId).toEqual(fileLines);
        const { items } = await store.loadHistory({ threadId, includeArchived: true });
        expect(lines.map(({ type, payload }) => ({ type, payload })), threadId).toEqual(
          items.map(({ type, payload }) => ({ type, payload })),
        );
      }
      const archived = fixture.expected.archived[0]!.id;
      await expect(store.loadHistoryLines({ threadId: archived })).rejects.toMatchObject({ code: 'thread_not_found' });
      await expect(store.loadHistoryLines({ threadId: '../x' })).rejects.toMatchObject({ code: 'invalid_request' });
    } finally {
      await store.close();
      await home.remove();
    }
  });
});
