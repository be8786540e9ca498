import { describe, expect, it } from 'vitest';
import { useTempHomes } from './test-support/temp-home';
import { ThreadIndex } from './thread-index';

const { makeHome, openIndex } = useTempHomes();

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('backfill bookkeeping', () => {
  it('starts pending, records progress per batch and completes', () => {
    const index = openIndex();
    expect(index.getBackfillState()).toMatchObject({ status: 'pending', watermark: null, processed: 0, runId: null });
    const claim = index.claimBackfill({ owner: 'pid 1' });
    expect(claim).toMatchObject({ resumeAfter: null, processed: 0, failed: 0 });
    index.checkpointBackfill(claim!.runId, { watermark: 'sessions/2026/01/a.jsonl', processedInBatch: 200, failedInBatch: 1 });
    index.checkpointBackfill(claim!.runId, { watermark: 'sessions/2026/02/b.jsonl', processedInBatch: 50 });
    expect(index.getBackfillState()).toMatchObject({
      status: 'running',
      runId: claim!.runId,
      owner: 'pid 1',
      watermark: 'sessions/2026/02/b.jsonl',
      processed: 250,
      failed: 1,
    });
    index.completeBackfill(claim!.runId, { processedInBatch: 3 });
    const done = index.getBackfillState();
    expect(done).toMatchObject({ status: 'complete', watermark: 'sessions/2026/02/b.jsonl', processed: 253 });
    expect(done.completedAt).toBeInstanceOf(Date);
    expect(index.claimBackfill()).toBeNull();
  });

  it('lets only one run hold a live claim, across connections', () => {
    const home = makeHome();
    const first = openIndex({ sqliteHome: home });
    const second = openIndex({ sqliteHome: home });
    expect(first.claimBackfill()).not.toBeNull();
    expect(second.claimBackfill()).toBeNull();
  });

  it('resumes a crashed run from its last checkpoint once the lease lapses', async () => {
    const home = makeHome();
    const crashed = ThreadIndex.open({ sqliteHome: home });
    const claim = crashed.claimBackfill({ leaseMs: 50 })!;
    crashed.checkpointBackfill(claim.runId, { watermark: 'sessions/b.jsonl', processedInBatch: 2 });
    crashed.close(); // the process dies here without completing

    const survivor = openIndex({ sqliteHome: home });
    expect(survivor.claimBackfill({ leaseMs: 60_000 })).toBeNull();
    await pause(80);
    const resumed = survivor.claimBackfill({ leaseMs: 50 });
    expect(resumed).toMatchObject({ resumeAfter: 'sessions/b.jsonl', processed: 2 });
    expect(resumed!.runId).not.toBe(claim.runId);
  });

  it('tells a run that lost its claim with a conflict, and keeps the new run’s progress', async () => {
    const home = makeHome();
    const slow = openIndex({ sqliteHome: home });
    const other = openIndex({ sqliteHome: home });
    const stale = slow.claimBackfill({ leaseMs: 30 })!;
    await pause(50);
    const fresh = other.claimBackfill({ leaseMs: 30 })!;
    other.checkpointBackfill(fresh.runId, { watermark: 'sessions/z.jsonl' });
    expect(() => slow.checkpointBackfill(stale.runId, { watermark: 'sessions/a.jsonl' })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(() => slow.completeBackfill(stale.runId)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(other.getBackfillState()).toMatchObject({ runId: fresh.runId, watermark: 'sessions/z.jsonl', status: 'running' });
  });

  it('starts over after a reset', () => {
    const index = openIndex();
    const claim = index.claimBackfill()!;
    index.completeBackfill(claim.runId, { watermark: 'sessions/x.jsonl', processedInBatch: 9 });
    index.resetBackfill();
    expect(index.getBackfillState()).toMatchObject({ status: 'pending', watermark: null, processed: 0 });
    expect(index.claimBackfill()).toMatchObject({ resumeAfter: null });
  });

  it('rejects malformed progress without recording it', () => {
    const index = openIndex();
    const claim = index.claimBackfill()!;
    expect(() => index.checkpointBackfill(claim.runId, { watermark: '' })).toThrow(
      expect.objectContaining({ code: 'invalid_request', field: 'progress.watermark' }),
    );
    expect(() => index.checkpointBackfill(claim.runId, { watermark: 'a', processedInBatch: -1 })).toThrow(
      expect.objectContaining({ field: 'progress.processedInBatch' }),
    );
    expect(() => index.claimBackfill({ leaseMs: 0 })).toThrow(expect.objectContaining({ field: 'options.leaseMs' }));
    expect(index.getBackfillState()).toMatchObject({ watermark: null, processed: 0 });
  });
});
