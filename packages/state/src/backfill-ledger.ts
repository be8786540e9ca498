import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { StateError } from './errors';

export type BackfillStatus = 'pending' | 'running' | 'complete';

/** Progress of indexing a whole home, shared by every process using the index. */
export interface BackfillState {
  status: BackfillStatus;
  runId: string | null;
  owner: string | null;
  /** The last item (e.g. a rollout path relative to the home) a checkpoint recorded. */
  watermark: string | null;
  processed: number;
  failed: number;
  startedAt: Date | null;
  heartbeatAt: Date | null;
  completedAt: Date | null;
}

/** The right to run the backfill until the lease lapses without a checkpoint. */
export interface BackfillClaim {
  runId: string;
  /** Process items strictly after this watermark; `null` to start from the beginning. */
  resumeAfter: string | null;
  /** Totals carried over from the run this one resumes. */
  processed: number;
  failed: number;
}

export interface ClaimBackfillOptions {
  /** Recorded for diagnostics, e.g. `pid 1234 on host`. */
  owner?: string;
  /** A running claim whose last heartbeat is older than this may be taken over. Default 15 minutes. */
  leaseMs?: number;
}

export interface BackfillProgress {
  /** The last item of the batch just finished. */
  watermark: string;
  /** Items indexed in this batch (added to the run's total). */
  processedInBatch?: number;
  /** Items that failed in this batch (added to the run's total). */
  failedInBatch?: number;
}

export const DEFAULT_BACKFILL_LEASE_MS = 15 * 60_000;

const WatermarkSchema = z.string().min(1).max(4096);
const CountSchema = z.number().int().nonnegative();

export const ClaimBackfillOptionsSchema = z.strictObject({
  owner: z.string().max(256).optional(),
  leaseMs: z.number().int().positive().optional(),
});

export const BackfillProgressSchema = z.strictObject({
  watermark: WatermarkSchema,
  processedInBatch: CountSchema.optional(),
  failedInBatch: CountSchema.optional(),
});

export const BackfillCompletionSchema = BackfillProgressSchema.partial();

interface BackfillRow {
  status: BackfillStatus;
  run_id: string | null;
  owner: string | null;
  watermark: string | null;
  processed: number;
  failed: number;
  started_at_ms: number | null;
  heartbeat_at_ms: number | null;
  completed_at_ms: number | null;
}

const PENDING_ROW: BackfillRow = {
  status: 'pending',
  run_id: null,
  owner: null,
  watermark: null,
  processed: 0,
  failed: 0,
  started_at_ms: null,
  heartbeat_at_ms: null,
  completed_at_ms: null,
};

function toDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

/**
 * The single `backfill_state` row: who is indexing, how far they got. All
 * methods except `state()` run inside the caller's write transaction.
 */
export class BackfillLedger {
  private readonly read: Database.Statement<[], BackfillRow>;
  private readonly ensureRow: Database.Statement<[]>;
  private readonly write: Database.Statement<[BackfillRow]>;

  constructor(db: Database.Database) {
    this.read = db.prepare(
      'SELECT status, run_id, owner, watermark, processed, failed, started_at_ms, heartbeat_at_ms, completed_at_ms ' +
        'FROM backfill_state WHERE id = 1',
    );
    this.ensureRow = db.prepare("INSERT INTO backfill_state (id, status) VALUES (1, 'pending') ON CONFLICT DO NOTHING");
    this.write = db.prepare(
      'UPDATE backfill_state SET status = @status, run_id = @run_id, owner = @owner, watermark = @watermark, ' +
        'processed = @processed, failed = @failed, started_at_ms = @started_at_ms, ' +
        'heartbeat_at_ms = @heartbeat_at_ms, completed_at_ms = @completed_at_ms WHERE id = 1',
    );
  }

  state(): BackfillState {
    const row = this.read.get() ?? PENDING_ROW;
    return {
      status: row.status,
      runId: row.run_id,
      owner: row.owner,
      watermark: row.watermark,
      processed: row.processed,
      failed: row.failed,
      startedAt: toDate(row.started_at_ms),
      heartbeatAt: toDate(row.heartbeat_at_ms),
      completedAt: toDate(row.completed_at_ms),
    };
  }

  private current(): BackfillRow {
    this.ensureRow.run();
    return this.read.get() ?? PENDING_ROW;
  }

  claim(options: z.output<typeof ClaimBackfillOptionsSchema>, nowMs: number): BackfillClaim | null {
    const row = this.current();
    if (row.status === 'complete') return null;
    const leaseMs = options.leaseMs ?? DEFAULT_BACKFILL_LEASE_MS;
    if (row.status === 'running' && row.heartbeat_at_ms !== null && row.heartbeat_at_ms > nowMs - leaseMs) return null;
    const runId = randomUUID();
    this.write.run({
      ...row,
      status: 'running',
      run_id: runId,
      owner: options.owner ?? null,
      started_at_ms: nowMs,
      heartbeat_at_ms: nowMs,
      completed_at_ms: null,
    });
    return { runId, resumeAfter: row.watermark, processed: row.processed, failed: row.failed };
  }

  private owned(runId: string): BackfillRow {
    const row = this.current();
    if (row.status !== 'running' || row.run_id !== runId) {
      throw new StateError(
        'conflict',
        `backfill run ${runId} no longer holds the claim (status ${row.status}, run ${row.run_id ?? 'none'})`,
      );
    }
    return row;
  }

  checkpoint(runId: string, progress: z.output<typeof BackfillProgressSchema>, nowMs: number): void {
    const row = this.owned(runId);
    this.write.run({
      ...row,
      watermark: progress.watermark,
      processed: row.processed + (progress.processedInBatch ?? 0),
      failed: row.failed + (progress.failedInBatch ?? 0),
      heartbeat_at_ms: nowMs,
    });
  }

  complete(runId: string, progress: z.output<typeof BackfillCompletionSchema>, nowMs: number): void {
    const row = this.owned(runId);
    this.write.run({
      ...row,
      status: 'complete',
      watermark: progress.watermark ?? row.watermark,
      processed: row.processed + (progress.processedInBatch ?? 0),
      failed: row.failed + (progress.failedInBatch ?? 0),
      heartbeat_at_ms: nowMs,
      completed_at_ms: nowMs,
    });
  }

  /** Back to `pending` with no watermark: the next claim indexes everything again. */
  reset(): void {
    this.current();
    this.write.run(PENDING_ROW);
  }
}
