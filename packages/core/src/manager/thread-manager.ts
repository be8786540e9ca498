import {
  newThreadId,
  parseThreadId,
  type SessionSource,
  SessionSourceSchema,
  sessionSourceKind,
  type ThreadId,
  type ThreadSource,
  type TurnContext,
} from '@threadkit/protocol';
import {
  type BaseInstructions,
  type CreateThreadParams,
  LiveThread,
  type LiveThreadOptions,
  optionalOperation,
  type StoredThread,
  supportsOperation,
  type ThreadHistoryItem,
  type ThreadMemoryMode,
  type ThreadMetadataPatch,
  type ThreadStore,
} from '@threadkit/thread-store';
import { z } from 'zod';
import { invalidRequest, parseOrThrow } from '../errors';
import { collectGitInfo } from '../git/git-info';
import {
  type ResolvedManagerDefaults,
  resolveManagerDefaults,
  type ThreadManagerOptions,
} from '../options/manager-options';
import {
  mergeTurnSettings,
  pickTurnSettings,
  type ResolvedTurnSettings,
  type TurnSettings,
  TurnSettingsSchema,
} from '../options/turn-settings';
import { replayHistory } from '../replay/replay-history';
import { Thread } from '../thread/thread';
import { type ForkCutOptions, forkHistory } from './fork-history';
import { metadataUpdateError } from './metadata-errors';
import { sameRolloutPath, threadIdFromRolloutPath } from './rollout-path';
import { type ShutdownAllResult, shutdownWithin } from './shutdown-all';
import { type ThreadCreatedListener, ThreadCreatedListeners, type ThreadOrigin } from './thread-created';

/** Identity of a new thread; every field defaults to the manager's defaults. */
export interface NewThreadOptions extends TurnSettings {
  modelProvider?: string;
  baseInstructions?: BaseInstructions | null;
  source?: SessionSource;
  threadSource?: ThreadSource | null;
  /** Parent of a sub-agent thread. */
  parentThreadId?: string | null;
  /** Root thread id shared with sub-agents (defaults to the thread's own id). */
  sessionId?: string | null;
  agentNickname?: string | null;
  agentRole?: string | null;
  agentPath?: string | null;
  memoryMode?: ThreadMemoryMode;
  /** Dynamic tool specs, written verbatim into session_meta when non-empty. */
  dynamicTools?: unknown[];
  /** Record the cwd's git facts (default: the manager's `collectGit`). */
  collectGit?: boolean;
}

export interface StartThreadOptions extends NewThreadOptions {
  /** A UUID for the new thread (default: a fresh UUIDv7). */
  threadId?: string;
}

/** Resume by id or by rollout file (exactly one), optionally overriding turn settings. */
export type ResumeThreadOptions = TurnSettings &
  ({ threadId: string; rolloutPath?: undefined } | { rolloutPath: string; threadId?: undefined });

export interface ForkThreadOptions extends NewThreadOptions, ForkCutOptions {
  /** The thread to fork (loaded or not). */
  threadId: string;
}

const nullableString = z.string().min(1).nullable().optional();
const ThreadIdOptionSchema = z.string().refine((value) => parseThreadId(value) !== undefined, {
  message: 'must be a UUID such as 0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55',
});

const NewThreadOptionsSchema = TurnSettingsSchema.extend({
  modelProvider: z.string().min(1).optional(),
  baseInstructions: z.looseObject({ text: z.string() }).nullable().optional(),
  source: (SessionSourceSchema as z.ZodType<SessionSource>).optional(),
  threadSource: nullableString,
  parentThreadId: ThreadIdOptionSchema.nullable().optional(),
  sessionId: ThreadIdOptionSchema.nullable().optional(),
  agentNickname: nullableString,
  agentRole: nullableString,
  agentPath: nullableString,
  memoryMode: z.enum(['enabled', 'disabled']).optional(),
  dynamicTools: z.array(z.unknown()).optional(),
  collectGit: z.boolean().optional(),
});
const StartThreadOptionsSchema = NewThreadOptionsSchema.extend({ threadId: ThreadIdOptionSchema.optional() });
const ForkThreadOptionsSchema = NewThreadOptionsSchema.extend({
  threadId: ThreadIdOptionSchema,
  beforeUserMessage: z.number().int('must be a whole number').nonnegative('must not be negative').optional(),
  interruptUnfinishedTurn: z.boolean().optional(),
});
const ResumeThreadOptionsSchema = TurnSettingsSchema.extend({
  threadId: ThreadIdOptionSchema.optional(),
  rolloutPath: z.string().min(1, 'must be a non-empty path').optional(),
}).refine((value) => (value.threadId === undefined) !== (value.rolloutPath === undefined), {
  message: 'pass exactly one of threadId and rolloutPath',
});
const ShutdownAllOptionsSchema = z.strictObject({
  timeoutMs: z.number().positive('must be a positive number of milliseconds').finite(),
});
const IncludeArchivedSchema = z.strictObject({ includeArchived: z.boolean().optional() }).optional();

type NewThreadValues = z.infer<typeof NewThreadOptionsSchema>;

/**
 * Owns the loaded threads of one store: starts, resumes and forks them, routes metadata
 * updates to a loaded thread's LiveThread or straight to the store, and shuts them down
 * within a deadline. It never knows whether persistence is local.
 */
export class ThreadManager {
  readonly store: ThreadStore;
  readonly #defaults: ResolvedManagerDefaults;
  readonly #liveOptions: LiveThreadOptions;
  readonly #threads = new Map<ThreadId, Thread>();
  readonly #loading = new Map<ThreadId, Promise<Thread>>();
  readonly #listeners = new ThreadCreatedListeners();

  constructor(options: ThreadManagerOptions) {
    if (typeof options?.store?.createThread !== 'function') {
      throw invalidRequest('store: must be a ThreadStore', { field: 'store' });
    }
    this.store = options.store;
    this.#defaults = resolveManagerDefaults(options.defaults);
    this.#liveOptions = { now: this.#defaults.clock };
    if (options.metadataTouchIntervalMs !== undefined) this.#liveOptions.touchIntervalMs = options.metadataTouchIntervalMs;
  }

  /**
   * Opens a new thread (UUIDv7 id unless given). Nothing is written until its first turn; its
   * session_meta then carries the manager's defaults, these options and the cwd's git facts.
   */
  async startThread(options: StartThreadOptions = {}): Promise<Thread> {
    const parsed = parseOrThrow(StartThreadOptionsSchema, options, 'startThread');
    const threadId = parsed.threadId ? parseThreadId(parsed.threadId)! : newThreadId();
    this.#assertNotLoaded(threadId);
    const settings = mergeTurnSettings(this.#defaults.turn, pickTurnSettings(parsed));
    return this.#load(threadId, 'started', async () => {
      const params = await this.#createParams(threadId, settings.cwd, parsed, {});
      const live = await LiveThread.create(this.store, params, this.#liveOptions);
      return this.#newThread(live, settings, params.source, [], null);
    });
  }

  /**
   * Loads a persisted thread for more turns. A thread already loaded and running is returned
   * as it is (refused with `invalid_request` when a different rollout path is named).
   * Archived threads are refused: unarchive them first.
   */
  async resumeThread(options: ResumeThreadOptions): Promise<Thread> {
    const parsed = parseOrThrow(ResumeThreadOptionsSchema, options, 'resumeThread');
    let requestedPath = parsed.rolloutPath;
    let threadId: ThreadId;
    if (parsed.threadId !== undefined) {
      threadId = parseThreadId(parsed.threadId)!;
    } else if (supportsOperation(this.store, 'readThreadByRolloutPath')) {
      // The store resolves the path as it keeps it (relative to its home, links, compressed
      // files) and names the thread its session_meta holds.
      const readByPath = optionalOperation(this.store, 'readThreadByRolloutPath');
      const found = await readByPath({ rolloutPath: requestedPath!, includeArchived: true });
      threadId = found.threadId as ThreadId;
      requestedPath = found.rolloutPath ?? requestedPath;
    } else {
      const fromPath = threadIdFromRolloutPath(requestedPath!);
      if (!fromPath) {
        throw invalidRequest(`rolloutPath: ${requestedPath} is not a rollout file (rollout-<time>-<uuid>.jsonl)`, {
          field: 'rolloutPath',
        });
      }
      threadId = fromPath;
    }

    const existing = this.#threads.get(threadId) ?? (await this.#loading.get(threadId)?.catch(() => undefined));
    if (existing?.status === 'running') {
      if (requestedPath !== undefined && !(await this.#runsFrom(existing, requestedPath))) {
        throw invalidRequest(`thread ${threadId} is already running with a different rollout path`, {
          field: 'rolloutPath',
          threadId,
        });
      }
      return existing;
    }
    if (existing) {
      // A stopped instance is replaced once its writer is released.
      await existing.shutdown().catch(() => undefined);
      if (this.#threads.get(threadId) === existing) this.#threads.delete(threadId);
    }
    // Another call may have loaded it meanwhile.
    if (this.#loading.has(threadId) || this.#threads.has(threadId)) return this.resumeThread(options);

    const overrides = pickTurnSettings(parsed);
    return this.#load(threadId, 'resumed', async () => {
      const stored = await this.store.readThread({ threadId, includeArchived: true, includeHistory: true });
      if (stored.archivedAt !== null) {
        throw invalidRequest(`thread ${threadId} is archived; unarchive it before resuming`, { threadId });
      }
      if (requestedPath !== undefined) assertRolloutPathOf(stored, requestedPath);
      const history = stored.history?.items ?? [];
      const recorded = settingsFromHistory(stored.cwd, stored.model, replayHistory(history).turnContext);
      const settings = mergeTurnSettings(mergeTurnSettings(this.#defaults.turn, recorded), overrides);
      const live = await LiveThread.resume(
        this.store,
        {
          threadId,
          rolloutPath: requestedPath ?? null,
          history,
          includeArchived: false,
          cwd: settings.cwd,
          modelProvider: stored.modelProvider,
        },
        this.#liveOptions,
      );
      return this.#newThread(live, settings, stored.source, history, stored.rolloutPath);
    });
  }

  /**
   * Copies a thread's history into a new thread (UUIDv7, `forkedFromId` set): everything, or
   * only what precedes its `beforeUserMessage`-th real user message (0-based). An unfinished
   * turn of the source is dropped, or closed as interrupted with `interruptUnfinishedTurn`.
   * The fork is written and made durable at once. A loaded source is read after its pending
   * writes; the source is never changed.
   */
  async forkThread(options: ForkThreadOptions): Promise<Thread> {
    const parsed = parseOrThrow(ForkThreadOptionsSchema, options, 'forkThread');
    const sourceId = parseThreadId(parsed.threadId)!;
    const loaded = this.#threads.get(sourceId);
    const items =
      loaded?.status === 'running'
        ? await loaded.persistedItems()
        : (await this.store.loadHistory({ threadId: sourceId, includeArchived: true })).items;
    const cut = forkHistory(items, {
      beforeUserMessage: parsed.beforeUserMessage,
      interruptUnfinishedTurn: parsed.interruptUnfinishedTurn,
    });
    const sourceMeta = sessionMetaOf(items, sourceId);
    const recorded = settingsFromHistory(
      typeof sourceMeta?.cwd === 'string' ? sourceMeta.cwd : undefined,
      null,
      replayHistory(cut).turnContext ?? replayHistory(items).turnContext,
    );
    const settings = mergeTurnSettings(mergeTurnSettings(this.#defaults.turn, recorded), pickTurnSettings(parsed));
    const inherited: Partial<NewThreadValues> = {};
    if (typeof sourceMeta?.model_provider === 'string' && sourceMeta.model_provider) {
      inherited.modelProvider = sourceMeta.model_provider;
    }
    const base = sourceMeta?.base_instructions as { text?: unknown } | undefined;
    if (base && typeof base.text === 'string') inherited.baseInstructions = base as BaseInstructions;

    const threadId = newThreadId();
    return this.#load(threadId, 'forked', async () => {
      const params = await this.#createParams(threadId, settings.cwd, { ...inherited, ...definedOnly(parsed) }, {
        forkedFromId: sourceId,
      });
      const live = await LiveThread.create(this.store, params, this.#liveOptions);
      try {
        if (cut.length > 0) {
          await live.appendItems(cut);
          await live.persist();
          await live.flush();
        }
      } catch (error) {
        await live.discard().catch(() => undefined);
        throw error;
      }
      return this.#newThread(live, settings, params.source, cut, null);
    });
  }

  /** A loaded thread, or undefined. Internal threads (source `{internal: ...}`) are not reported. */
  getThread(threadId: string): Thread | undefined {
    const thread = this.#threads.get(this.#parseId(threadId));
    return thread && !isInternal(thread) ? thread : undefined;
  }

  /** Loaded threads (internal ones excluded), sorted by id. */
  listLoadedThreads(): Thread[] {
    return [...this.#threads.values()].filter((thread) => !isInternal(thread)).sort(byThreadId);
  }

  /**
   * Applies a literal metadata patch: through the LiveThread of a running loaded thread (after
   * the metadata its earlier writes imply), else straight to the store. `thread_not_found` and
   * `invalid_request` pass through; `unsupported` names the store's gap; other failures are
   * `internal`.
   */
  async updateThreadMetadata(
    threadId: string,
    patch: ThreadMetadataPatch,
    options?: { includeArchived?: boolean },
  ): Promise<StoredThread> {
    const id = this.#parseId(threadId);
    const { includeArchived = false } = parseOrThrow(IncludeArchivedSchema, options, 'options', id) ?? {};
    const thread = this.#threads.get(id);
    try {
      if (thread?.status === 'running') return await thread.updateMetadata(patch, { includeArchived });
      return await this.store.updateThreadMetadata({ threadId: id, patch, includeArchived });
    } catch (error) {
      throw metadataUpdateError(error, id);
    }
  }

  /** Forgets a loaded thread without shutting it down; returns it (undefined when not loaded). */
  removeThread(threadId: string): Thread | undefined {
    const id = this.#parseId(threadId);
    const thread = this.#threads.get(id);
    this.#threads.delete(id);
    return thread;
  }

  /**
   * Shuts every loaded thread down concurrently (internal ones included) and returns within
   * `timeoutMs` even if a store hangs. Threads that completed are unloaded; the others stay.
   */
  async shutdownAll(options: { timeoutMs: number }): Promise<ShutdownAllResult> {
    const { timeoutMs } = parseOrThrow(ShutdownAllOptionsSchema, options, 'shutdownAll');
    const threads = [...this.#threads.values()];
    const result = await shutdownWithin(threads, timeoutMs);
    for (const thread of threads) {
      if (result.completed.includes(thread.threadId) && this.#threads.get(thread.threadId) === thread) {
        this.#threads.delete(thread.threadId);
      }
    }
    return result;
  }

  /** Calls `listener` for every thread this manager starts, resumes into a new instance, or forks. */
  onThreadCreated(listener: ThreadCreatedListener): () => void {
    if (typeof listener !== 'function') throw invalidRequest('listener: must be a function', { field: 'listener' });
    return this.#listeners.add(listener);
  }

  #load(threadId: ThreadId, origin: ThreadOrigin, open: () => Promise<Thread>): Promise<Thread> {
    const loading = (async () => {
      try {
        const thread = await open();
        this.#threads.set(threadId, thread);
        return thread;
      } finally {
        this.#loading.delete(threadId);
      }
    })();
    this.#loading.set(threadId, loading);
    return loading.then((thread) => {
      this.#listeners.emit({ threadId, origin, thread });
      return thread;
    });
  }

  #newThread(
    live: LiveThread,
    settings: ResolvedTurnSettings,
    source: SessionSource,
    history: readonly ThreadHistoryItem[],
    rolloutPath: string | null,
  ): Thread {
    return new Thread({
      live,
      settings,
      clock: this.#defaults.clock,
      source,
      history,
      rolloutPath,
      onShutdown: (thread) => {
        if (this.#threads.get(thread.threadId) === thread) this.#threads.delete(thread.threadId);
      },
    });
  }

  async #createParams(
    threadId: ThreadId,
    cwd: string,
    options: Partial<NewThreadValues>,
    links: { forkedFromId?: ThreadId },
  ): Promise<CreateThreadParams> {
    const identity = this.#defaults.identity;
    const collect = options.collectGit ?? identity.collectGit;
    const git = collect ? await collectGitInfo(cwd) : undefined;
    return {
      threadId,
      sessionId: options.sessionId ?? null,
      forkedFromId: links.forkedFromId ?? null,
      parentThreadId: options.parentThreadId ?? null,
      source: options.source ?? identity.source,
      threadSource: options.threadSource === undefined ? identity.threadSource : options.threadSource,
      cwd,
      originator: identity.originator,
      cliVersion: identity.cliVersion,
      modelProvider: options.modelProvider ?? identity.modelProvider,
      baseInstructions: (options.baseInstructions === undefined
        ? identity.baseInstructions
        : options.baseInstructions) as BaseInstructions | null,
      agentNickname: options.agentNickname ?? null,
      agentRole: options.agentRole ?? null,
      agentPath: options.agentPath ?? null,
      git: git
        ? { commitHash: git.commit_hash ?? null, branch: git.branch ?? null, repositoryUrl: git.repository_url ?? null }
        : null,
      memoryMode: options.memoryMode ?? identity.memoryMode,
      historyMode: 'legacy',
      dynamicTools: options.dynamicTools ?? [],
      createdAt: this.#defaults.clock(),
    };
  }

  /** Whether a running thread is the rollout file at `path`. */
  async #runsFrom(thread: Thread, path: string): Promise<boolean> {
    const known = thread.rolloutPath ?? (await thread.read().catch(() => undefined))?.rolloutPath ?? null;
    return known !== null && sameRolloutPath(known, path);
  }

  #assertNotLoaded(threadId: ThreadId): void {
    if (this.#threads.has(threadId) || this.#loading.has(threadId)) {
      throw invalidRequest(`thread ${threadId} is already running`, { field: 'threadId', threadId });
    }
  }

  #parseId(threadId: string): ThreadId {
    const id = parseThreadId(threadId);
    if (!id) {
      throw invalidRequest(`threadId: ${JSON.stringify(threadId)} is not a UUID`, { field: 'threadId' });
    }
    return id;
  }
}

function isInternal(thread: Thread): boolean {
  return sessionSourceKind(thread.source) === 'internal';
}

function byThreadId(a: Thread, b: Thread): number {
  return a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : 0;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The first session_meta that describes `threadId` itself (copied fork sources are skipped). */
function sessionMetaOf(items: readonly ThreadHistoryItem[], threadId: ThreadId): Record<string, unknown> | undefined {
  for (const item of items) {
    if (item.type !== 'session_meta') continue;
    const payload = item.payload as Record<string, unknown>;
    if (typeof payload.id === 'string' && payload.id.toLowerCase() === threadId) return payload;
  }
  return undefined;
}

/** Turn settings a persisted thread was last using, to continue with them. */
function settingsFromHistory(
  cwd: string | undefined,
  model: string | null,
  context: TurnContext | undefined,
): TurnSettings {
  const settings: TurnSettings = {};
  const contextCwd = context?.cwd ?? cwd;
  if (contextCwd) settings.cwd = contextCwd;
  const contextModel = context?.model ?? model;
  if (contextModel) settings.model = contextModel;
  if (context?.approval_policy !== undefined) settings.approvalPolicy = context.approval_policy;
  const sandbox = context?.sandbox_policy;
  if (typeof sandbox === 'object' && sandbox !== null && !Array.isArray(sandbox)) {
    settings.sandboxPolicy = sandbox as Record<string, unknown>;
  }
  if (context?.effort !== undefined) settings.reasoningEffort = context.effort ?? null;
  if (typeof context?.summary === 'string') settings.reasoningSummary = context.summary;
  if (typeof context?.personality === 'string') settings.personality = context.personality;
  return settings;
}

function assertRolloutPathOf(stored: StoredThread, requested: string): void {
  if (stored.rolloutPath === null) {
    throw invalidRequest(`rolloutPath: this store keeps no rollout files; resume thread ${stored.threadId} by threadId`, {
      field: 'rolloutPath',
      threadId: stored.threadId,
    });
  }
  if (!sameRolloutPath(stored.rolloutPath, requested)) {
    throw invalidRequest(`rolloutPath: ${requested} is not the rollout of thread ${stored.threadId}`, {
      field: 'rolloutPath',
      threadId: stored.threadId,
    });
  }
}
