import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRolloutFileName } from './file-name';
import { compareCanonicalRollouts, scanRolloutFiles, statRolloutFiles } from './rollout-files';
import { tempDir } from './testing/homes';
import { writeSyntheticRollout } from './testing/synthetic';

const A = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';
const B = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e56';

describe('scanning the rollouts of a home', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('finds active and archived files once each, plain over compressed, with their stats', async () => {
    const { dir: home, cleanup } = tempDir();
    cleanups.push(cleanup);
    const active = writeSyntheticRollout(home, { id: A, startedAt: new Date('2026-01-02T03:04:05Z'), preview: 'a' });
    writeFileSync(`${active}.zst`, 'stale compressed copy');
    const archived = writeSyntheticRollout(home, {
      id: B,
      startedAt: new Date('2025-12-31T23:00:00Z'),
      preview: 'b',
      archived: true,
    });
    writeFileSync(`${home}/sessions/notes.txt`, 'not a rollout');

    const files = await scanRolloutFiles(home);
    expect(files.map((f) => [f.threadId, f.archived, f.path, f.actualPath])).toEqual([
      [A, false, active, active],
      [B, true, archived, archived],
    ]);
    expect(files[0]?.stat.sizeBytes).toBeGreaterThan(100);
    expect(await scanRolloutFiles(`${home}/nowhere`)).toEqual([]);
  });

  it('orders one thread’s files as Codex picks its rollout: active, own file, newest', () => {
    const file = (name: string, archived: boolean) => ({ ...parseRolloutFileName(name)!, archived });
    const own = file(`rollout-2026-01-02T03-04-05-${A}.jsonl`, false);
    const older = file(`rollout-2026-01-01T03-04-05-${A}.jsonl`, false);
    const reverted = file(`rollout-2026-01-03T03-04-05-${A}_${B}.jsonl`, false);
    const inArchive = file(`rollout-2026-01-04T03-04-05-${A}.jsonl`, true);
    expect([inArchive, reverted, older, own].sort(compareCanonicalRollouts)).toEqual([own, older, reverted, inArchive]);
  });

  it('stats files in order, leaving out what vanished or is not a file', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const files = ['a.jsonl', 'gone.jsonl', 'dir.jsonl', 'b.jsonl'].map((name) => ({ name, actualPath: join(dir, name) }));
    writeFileSync(files[0]!.actualPath, 'x');
    mkdirSync(files[2]!.actualPath);
    writeFileSync(files[3]!.actualPath, 'yy');
    const stated = await statRolloutFiles(files);
    expect(stated.map((file) => [file.name, file.stat.sizeBytes])).toEqual([
      ['a.jsonl', 1],
      ['b.jsonl', 2],
    ]);
  });
});
