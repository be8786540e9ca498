import type { RolloutLine, UnknownRolloutLine } from '@threadkit/protocol';
import {
  type StoredThread,
  StoredThreadSchema,
  ThreadHistoryItemSchema,
  ThreadStoreError,
} from '@threadkit/thread-store';
import { z } from 'zod';
import { storeErrorFromDriver } from '../connection/driver-errors';
import { encodeRolloutLine } from '../rows/history-lines';
import { SqlParams } from '../rows/sql-params';
import { insertThreadStatement, type ThreadFields } from '../rows/thread-row';
import type { StoreContext } from '../store-context';
import { insertItems } from './write-history';

/** What `importThread` does when the thread already exists. */
export type ImportConflictPolicy = 'error' | 'skip' | 'replace';

/**
 * A whole thread to copy in from elsewhere (a Codex home, another store):
 * its metadata exactly as that store reports it, and its history as rollout
 * lines with their original timestamps.
 */
export interface ImportThreadParams {
  /** The thread's metadata; timestamps, name, archive state and every other field are kept as given. `history` is ignored. */
  thread: StoredThread;
  /**
   * The title observed from history, shown as the name only while there is no explicit name.
   * `thread.name` is stored as the explicit name. Default: none.
   */
  title?: string | null;
  /** The thread's rollout lines in replay order (envelope included), stored verbatim: no policy is applied. */
  lines: ReadonlyArray<RolloutLine | UnknownRolloutLine>;
  /** When the thread exists already: `error` (default, a `conflict`), `skip` it, or `replace` it entirely. */
  ifExists?: ImportConflictPolicy;
}

export type ImportThreadResult = 'imported' | 'skipped' | 'replaced';

const ENVELOPE_KEYS = new Set(['timestamp', 'ordinal', 'type', 'payload', 'metadata', 'extra']);

const ImportLineSchema = z
  .looseObject({ timestamp: z.string({ error: 'timestamp must be a string' }) })
  .and(ThreadHistoryItemSchema as z.ZodType<Record<string, unknown>>);

const ImportThreadParamsSchema = z.object({
  thread: StoredThreadSchema,
  title: z.string().nullish(),
  lines: z.array(ImportLineSchema),
  ifExists: z.enum(['error', 'skip', 'replace']).default('error'),
});

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)),
    '',
  );
}

/** A line with every top-level field kept: unknown ones travel in `extra`, as protocol's codec writes them. */
function completeLine(line: Record<string, unknown>): RolloutLine {
  const extra: Record<string, unknown> = { ...(line.extra as Record<string, unknown> | undefined) };
  for (const key of Object.keys(line)) if (!ENVELOPE_KEYS.has(key)) extra[key] = line[key];
  const complete: Record<string, unknown> = { timestamp: line.timestamp, type: line.type, payload: line.payload };
  if (line.ordinal !== undefined) complete.ordinal = line.ordinal;
  if (line.metadata !== undefined) complete.metadata = line.metadata;
  if (Object.keys(extra).length > 0) complete.extra = extra;
  return complete as unknown as RolloutLine;
}

/**
 * Copies a whole thread in, in one transaction, keeping its timestamps,
 * name, archive state and history lines exactly (the bulk path of
 * `threads migrate`). Holds the thread's writer lock meanwhile, so a thread
 * another instance is writing is a `conflict`.
 */
export async function importThread(ctx: StoreContext, params: ImportThreadParams): Promise<ImportThreadResult> {
  const result = ImportThreadParamsSchema.safeParse(params);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue ? fieldPath(issue.path) : '';
    throw ThreadStoreError.invalidRequest(`importThread: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid params'}`, {
      field: field || undefined,
      cause: result.error,
    });
  }
  const { thread, title, lines, ifExists } = result.data;
  const { threadId } = thread;
  const fields: ThreadFields = { ...thread, explicitName: thread.name, title: title ?? null };
  delete (fields as { name?: unknown }).name;
  delete (fields as { history?: unknown }).history;
  const encoded = lines.map((line) => encodeRolloutLine(completeLine(line)));

  if (ctx.writers.has(threadId) || ctx.opening.has(threadId)) {
    throw ThreadStoreError.conflict(`thread ${threadId} has a live writer in this store instance`, { threadId });
  }
  ctx.opening.add(threadId);
  try {
    const context = { operation: 'importThread', threadId, where: ctx.runner.description };
    let acquired: boolean;
    try {
      acquired = await ctx.locks.tryAcquire(threadId);
    } catch (error) {
      throw storeErrorFromDriver(error, context);
    }
    if (!acquired) {
      throw ThreadStoreError.conflict(`thread ${threadId} is being written by another store instance`, { threadId });
    }
    try {
      return await ctx.runner.transaction(async (tx) => {
        const existing = await tx.query(`SELECT 1 FROM ${ctx.names.threads} WHERE thread_id = $1 FOR UPDATE`, [threadId]);
        if (existing.length > 0) {
          if (ifExists === 'skip') return 'skipped';
          if (ifExists === 'error') throw ThreadStoreError.conflict(`thread ${threadId} already exists`, { threadId });
          await tx.query(`DELETE FROM ${ctx.names.threads} WHERE thread_id = $1`, [threadId]);
        }
        const sql = new SqlParams();
        await tx.query(insertThreadStatement(ctx.names.threads, fields, sql), sql.values);
        await insertItems(tx, ctx.names.items, threadId, 0, encoded);
        return existing.length > 0 ? 'replaced' : 'imported';
      });
    } catch (error) {
      throw storeErrorFromDriver(error, context);
    } finally {
      await ctx.locks.release(threadId);
    }
  } finally {
    ctx.opening.delete(threadId);
  }
}
