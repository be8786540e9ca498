import { resolve } from 'node:path';
import type { SessionMeta, ThreadId } from '@threadkit/protocol';
import { persistedRolloutItems, RolloutRecorder, ThreadWriterLock } from '@threadkit/rollout';
import { ThreadStoreError } from '../errors';
import {
  parseAppendThreadItemsParams,
  parseCreateThreadParams,
  parseResumeThreadParams,
  parseThreadId,
} from '../parse-params';
import { sessionMetaForNewThread } from '../session-meta-for-new-thread';
import type { AppendThreadItemsParams } from '../types/append-thread-items-params';
import type { CreateThreadParams } from '../types/create-thread-params';
import type { ResumeThreadParams } from '../types/resume-thread-params';
import { locateThread } from './locate-thread';
import { isArchivedPath, rolloutNameMatches } from './rollout-paths';
import type { LiveWriter, LocalStoreContext } from './store-context';
import { asStoreErrors } from './to-store-error';

// One live writer per thread in this process, whichever store instance holds
// it. Across processes the rollout writer lock decides; it is taken when a new
// thread's file materializes, so a created thread leaves nothing on disk
// until it has history.
const liveInProcess = new Map<string, LocalStoreContext>();

const processKey = (ctx: LocalStoreContext, threadId: string) => `${ctx.home}\0${threadId}`;

function claimInProcess(ctx: LocalStoreContext, threadId: ThreadId): void {
  const key = processKey(ctx, threadId);
  if (liveInProcess.has(key)) {
    throw ThreadStoreError.conflict(`thread ${threadId} already has a live writer`, { threadId });
  }
  liveInProcess.set(key, ctx);
}

function releaseInProcess(ctx: LocalStoreContext, threadId: ThreadId): void {
  const key = processKey(ctx, threadId);
  if (liveInProcess.get(key) === ctx) liveInProcess.delete(key);
}

/** This instance's writer of the thread, or `thread_not_found` naming the operation. */
export function ownWriter(ctx: LocalStoreContext, operation: string, threadId: ThreadId): LiveWriter {
  const writer = ctx.writers.get(threadId);
  if (!writer) {
    throw ThreadStoreError.threadNotFound(threadId, `${operation} needs a live writer; create or resume the thread first`);
  }
  return writer;
}

/** Creates the file of a created thread: takes the cross-process writer lock, then writes what is queued. */
export async function materialize(ctx: LocalStoreContext, writer: LiveWriter): Promise<void> {
  if (writer.materialized) return;
  writer.materializing ??= (async () => {
    try {
      writer.lock ??= await ThreadWriterLock.acquire(ctx.home, writer.threadId);
      await writer.recorder.persist();
      writer.materialized = true;
      writer.hasDeferredItems = false;
      ctx.touchedFiles.add(writer.recorder.path);
    } catch (error) {
      // Every append waiting for the file fails with this error: their items must not reach a later file.
      writer.recorder.discardDeferred();
      writer.hasDeferredItems = false;
      throw error;
    } finally {
      writer.materializing = undefined;
    }
  })();
  await writer.materializing;
}

export function createThread(ctx: LocalStoreContext, params: CreateThreadParams): Promise<void> {
  const parsed = parseCreateThreadParams(params);
  const threadId = parsed.threadId;
  if (parsed.historyMode !== 'legacy') throw ThreadStoreError.unsupported('paginated_threads', { threadId });
  return asStoreErrors(threadId, async () => {
    claimInProcess(ctx, threadId);
    try {
      if ((await locateThread(ctx, threadId)) !== undefined) {
        throw ThreadStoreError.conflict(`thread ${threadId} already exists; resume it instead`, { threadId });
      }
      const sessionMeta = sessionMetaForNewThread(parsed, parsed.createdAt ?? new Date()).payload as SessionMeta;
      const recorder = await RolloutRecorder.create({ home: ctx.home, sessionMeta, lock: false });
      ctx.writers.set(threadId, {
        threadId,
        recorder,
        lock: undefined,
        materialized: false,
        hasDeferredItems: false,
        materializing: undefined,
      });
    } catch (error) {
      releaseInProcess(ctx, threadId);
      throw error;
    }
  });
}

export function resumeThread(ctx: LocalStoreContext, params: ResumeThreadParams): Promise<void> {
  const parsed = parseResumeThreadParams(params);
  const threadId = parsed.threadId;
  return asStoreErrors(threadId, async () => {
    if (ctx.writers.has(threadId)) {
      throw ThreadStoreError.conflict(`thread ${threadId} already has a live writer`, { threadId });
    }
    claimInProcess(ctx, threadId);
    try {
      let path: string;
      if (parsed.rolloutPath !== null) {
        path = resolve(ctx.home, parsed.rolloutPath);
        if (!rolloutNameMatches(path, threadId)) {
          throw ThreadStoreError.invalidRequest(`rollout ${path} does not belong to thread ${threadId}`, {
            field: 'rolloutPath',
            threadId,
          });
        }
        if (isArchivedPath(path, ctx.archivedDir) && !parsed.includeArchived) {
          throw ThreadStoreError.threadNotFound(threadId, 'it is archived (pass includeArchived to resume it)');
        }
      } else {
        const located = await locateThread(ctx, threadId);
        if (!located) throw ThreadStoreError.threadNotFound(threadId);
        if (located.archived && !parsed.includeArchived) {
          throw ThreadStoreError.threadNotFound(threadId, 'it is archived (pass includeArchived to resume it)');
        }
        path = located.actualPath;
      }
      const recorder = await RolloutRecorder.resume({ home: ctx.home, path, threadId });
      ctx.writers.set(threadId, {
        threadId,
        recorder,
        lock: undefined,
        materialized: true,
        hasDeferredItems: false,
        materializing: undefined,
      });
    } catch (error) {
      releaseInProcess(ctx, threadId);
      throw error;
    }
  });
}

/**
 * Appends what the persistence policy keeps, in call order. The first kept
 * item materializes a created thread; the promise resolves once the bytes
 * reached the OS. Metadata is never touched.
 */
export function appendItems(ctx: LocalStoreContext, params: AppendThreadItemsParams): Promise<void> {
  const parsed = parseAppendThreadItemsParams(params);
  const threadId = parsed.threadId;
  const writer = ownWriter(ctx, 'appendItems', threadId);
  const kept = persistedRolloutItems(parsed.items);
  if (kept.length === 0) return Promise.resolve();
  // Queued synchronously, so concurrent calls keep their order.
  const written = writer.recorder.append(kept, { applyPolicy: false });
  if (!writer.materialized) writer.hasDeferredItems = true;
  return asStoreErrors(threadId, async () => {
    await written;
    if (!writer.materialized) await materialize(ctx, writer);
    ctx.touchedFiles.add(writer.recorder.path);
  });
}

export function persistThread(ctx: LocalStoreContext, id: string): Promise<void> {
  const threadId = parseThreadId('persistThread', id);
  const writer = ownWriter(ctx, 'persistThread', threadId);
  return asStoreErrors(threadId, async () => {
    if (!writer.materialized) await materialize(ctx, writer);
    else await writer.recorder.persist();
  });
}

async function materializePending(ctx: LocalStoreContext, writer: LiveWriter): Promise<void> {
  if (!writer.materialized && (writer.hasDeferredItems || writer.materializing)) await materialize(ctx, writer);
}

export function flushThread(ctx: LocalStoreContext, id: string): Promise<void> {
  const threadId = parseThreadId('flushThread', id);
  const writer = ownWriter(ctx, 'flushThread', threadId);
  return asStoreErrors(threadId, async () => {
    await materializePending(ctx, writer);
    if (writer.materialized) await writer.recorder.flush();
  });
}

function forget(ctx: LocalStoreContext, writer: LiveWriter): void {
  if (ctx.writers.get(writer.threadId) === writer) ctx.writers.delete(writer.threadId);
  releaseInProcess(ctx, writer.threadId);
}

export function shutdownThread(ctx: LocalStoreContext, id: string): Promise<void> {
  const threadId = parseThreadId('shutdownThread', id);
  const writer = ownWriter(ctx, 'shutdownThread', threadId);
  return asStoreErrors(threadId, async () => {
    await materializePending(ctx, writer);
    // A failed shutdown keeps the writer, so the caller can retry once the disk has room again.
    await writer.recorder.shutdown();
    await writer.lock?.release();
    forget(ctx, writer);
  });
}

/** Releases the writer without forcing queued items out; durable history stays. Idempotent. */
export function discardThread(ctx: LocalStoreContext, id: string): Promise<void> {
  const threadId = parseThreadId('discardThread', id);
  const writer = ctx.writers.get(threadId);
  if (!writer) return Promise.resolve();
  return discardWriter(ctx, writer);
}

export function discardWriter(ctx: LocalStoreContext, writer: LiveWriter): Promise<void> {
  forget(ctx, writer);
  return asStoreErrors(writer.threadId, async () => {
    try {
      await writer.recorder.discard();
    } finally {
      await writer.lock?.release();
    }
  });
}

/** True when another store instance of this process holds a writer of the thread. */
export function isLiveElsewhereInProcess(ctx: LocalStoreContext, threadId: ThreadId): boolean {
  const holder = liveInProcess.get(processKey(ctx, threadId));
  return holder !== undefined && holder !== ctx;
}
