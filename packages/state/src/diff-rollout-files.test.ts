import { describe, expect, it } from 'vitest';
import { BASE_TIME, sampleThread, useTempHomes } from './test-support/temp-home';

const { openIndex } = useTempHomes();

describe('diffRolloutFiles', () => {
  it('sorts a scan into added, changed, unchanged and vanished', () => {
    const index = openIndex();
    const same = sampleThread({ rolloutPath: '/h/sessions/same.jsonl', rolloutFile: { sizeBytes: 100, mtimeMs: BASE_TIME + 0.4 } });
    const grown = sampleThread({ rolloutPath: '/h/sessions/grown.jsonl', rolloutFile: { sizeBytes: 100, mtimeMs: BASE_TIME } });
    const touched = sampleThread({ rolloutPath: '/h/sessions/touched.jsonl', rolloutFile: { sizeBytes: 5, mtimeMs: BASE_TIME } });
    const unknownStat = sampleThread({ rolloutPath: '/h/sessions/nostat.jsonl' });
    const gone = sampleThread({ rolloutPath: '/h/sessions/gone.jsonl', rolloutFile: { sizeBytes: 1, mtimeMs: 1 } });
    const elsewhere = sampleThread({ rolloutPath: '/other/gone.jsonl' });
    index.upsertThreads([same, grown, touched, unknownStat, gone, elsewhere]);

    const files = [
      { path: '/h/sessions/same.jsonl', sizeBytes: 100, mtimeMs: BASE_TIME + 0.9 },
      { path: '/h/sessions/grown.jsonl', sizeBytes: 180, mtimeMs: BASE_TIME },
      { path: '/h/sessions/touched.jsonl', sizeBytes: 5, mtimeMs: BASE_TIME + 2_000 },
      { path: '/h/sessions/nostat.jsonl', sizeBytes: 7, mtimeMs: BASE_TIME },
      { path: '/h/sessions/new.jsonl', sizeBytes: 9, mtimeMs: BASE_TIME },
    ];
    const diff = index.diffRolloutFiles(files);
    expect(diff.added.map((file) => file.path)).toEqual(['/h/sessions/new.jsonl']);
    expect(diff.changed.map((file) => file.path)).toEqual([
      '/h/sessions/grown.jsonl',
      '/h/sessions/touched.jsonl',
      '/h/sessions/nostat.jsonl',
    ]);
    expect(diff.unchanged).toBe(1);
    expect(diff.vanished).toEqual(
      expect.arrayContaining([
        { threadId: gone.threadId, rolloutPath: '/h/sessions/gone.jsonl' },
        { threadId: elsewhere.threadId, rolloutPath: '/other/gone.jsonl' },
      ]),
    );
    expect(diff.vanished).toHaveLength(2);

    const scoped = index.diffRolloutFiles(files, { within: ['/h/'] });
    expect(scoped.vanished).toEqual([{ threadId: gone.threadId, rolloutPath: '/h/sessions/gone.jsonl' }]);
  });

  it('reports a file as unchanged once its row records the new stat', () => {
    const index = openIndex();
    const thread = sampleThread({ rolloutPath: '/h/a.jsonl' });
    index.upsertThread(thread);
    const file = { path: '/h/a.jsonl', sizeBytes: 42, mtimeMs: BASE_TIME + 5 };
    expect(index.diffRolloutFiles([file]).changed).toHaveLength(1);
    index.patchThread(thread.threadId, { rolloutFile: { sizeBytes: 42, mtimeMs: BASE_TIME + 5 } });
    expect(index.diffRolloutFiles([file])).toEqual({ added: [], changed: [], unchanged: 1, vanished: [] });
  });

  it('rejects malformed file entries', () => {
    const index = openIndex();
    expect(() => index.diffRolloutFiles([{ path: '/a', sizeBytes: 1.5, mtimeMs: 0 }])).toThrow(
      expect.objectContaining({ code: 'invalid_request', field: 'files.0.sizeBytes' }),
    );
  });
});
