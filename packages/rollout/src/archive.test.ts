import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveRollout, deleteRolloutFiles, unarchiveRollout } from './archive';
import { findRollout, findRolloutPath } from './find';
import { listRollouts } from './listing';
import { copyFixtureHome, readExpected, tempDir } from './testing/homes';
import { writeSyntheticRollout } from './testing/synthetic';

describe('archive and unarchive', () => {
  const expected = readExpected('0.142');
  let home: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ home, cleanup } = copyFixtureHome('0.142'));
  });
  afterEach(() => cleanup());

  it('moves a rollout to archived_sessions and back into its dated folder', async () => {
    const id = expected.active[2]!.id;
    const before = (await findRolloutPath(home, id))!;
    const archived = await archiveRollout(home, id);
    expect(archived.fromPath).toBe(before);
    expect(archived.toPath).toBe(join(home, 'archived_sessions', before.split('/').pop()!));
    expect(existsSync(before)).toBe(false);
    expect(await findRolloutPath(home, id)).toBeUndefined();
    expect((await findRollout(home, id, { includeArchived: true }))?.archived).toBe(true);
    const archivedIds = (await listRollouts(home, { archived: true })).items.map((t) => t.threadId);
    expect(archivedIds).toContain(id);

    const now = new Date('2031-01-01T00:00:00Z');
    const restored = await unarchiveRollout(home, id, { now });
    expect(restored.toPath).toBe(before);
    expect(statSync(before).mtime.getTime()).toBe(now.getTime());
    expect((await listRollouts(home, { pageSize: 100 })).items.map((t) => t.threadId)).toEqual(expected.active.map((t) => t.id));
  });

  it('rebuilds the dated folder from the file name when unarchiving', async () => {
    const id = expected.archived[0]!.id;
    const moved = await unarchiveRollout(home, id);
    expect(moved.toPath).toBe(join(home, 'sessions', '2026', '11', '21', expected.archived[0]!.path.split('/').pop()!));
  });

  it('refuses wrong ids, wrong folders and existing destinations, changing nothing', async () => {
    const id = expected.active[0]!.id;
    const other = expected.active[1]!.id;
    const path = (await findRolloutPath(home, id))!;
    await expect(archiveRollout(home, other, { path })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(archiveRollout(home, 'x/../../etc')).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(unarchiveRollout(home, id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(archiveRollout(home, expected.archived[0]!.id)).rejects.toMatchObject({ code: 'not_found' });

    const outside = tempDir();
    try {
      const stray = join(outside.dir, path.split('/').pop()!);
      writeFileSync(stray, '');
      await expect(archiveRollout(home, id, { path: stray })).rejects.toMatchObject({ code: 'invalid_request' });
      const link = join(home, 'sessions', 'escape');
      symlinkSync(outside.dir, link);
      await expect(archiveRollout(home, id, { path: join(link, path.split('/').pop()!) })).rejects.toMatchObject({
        code: 'invalid_request',
      });
    } finally {
      outside.cleanup();
    }

    mkdirSync(join(home, 'archived_sessions'), { recursive: true });
    writeFileSync(join(home, 'archived_sessions', path.split('/').pop()!), 'occupied');
    await expect(archiveRollout(home, id)).rejects.toMatchObject({ code: 'conflict' });
    expect(existsSync(path)).toBe(true);
  });

  it('moves a .zst sibling along and deletes every file of a thread', async () => {
    const { dir, cleanup: done } = tempDir();
    try {
      const id = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';
      const path = writeSyntheticRollout(dir, { id, startedAt: new Date('2026-01-01T00:00:00Z'), preview: 'p' });
      writeFileSync(`${path}.zst`, 'stale compressed copy');
      const moved = await archiveRollout(dir, id);
      expect(moved.movedFiles.map((f) => f.split('/').pop())).toEqual([path.split('/').pop(), `${path.split('/').pop()}.zst`]);
      expect(readdirSync(join(dir, 'sessions', '2026', '01', '01'))).toEqual([]);
      writeSyntheticRollout(dir, { id, startedAt: new Date('2026-01-01T00:00:00Z'), preview: 'p' });
      const removed = await deleteRolloutFiles(dir, id);
      expect(removed).toHaveLength(3);
      expect(await findRollout(dir, id, { includeArchived: true })).toBeUndefined();
      expect(await deleteRolloutFiles(dir, id)).toEqual([]);
    } finally {
      done();
    }
  });
});
