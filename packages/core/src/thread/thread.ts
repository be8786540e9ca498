import {
  newThreadId,
  type ResponseItem,
  ResponseItemSchema,
  type RolloutItem,
  type SessionSource,
  type ThreadId,
  type TokenUsage,
} from '@threadkit/protocol';
import {
  isThreadStoreError,
  type LiveThread,
  type StoredThread,
  type ThreadHistoryItem,
  ThreadHistoryItemSchema,
  type ThreadMetadataPatch,
  ThreadStoreError,
} from '@threadkit/thread-store';
import { z } from 'zod';
import { invalidRequest, parseOrThrow } from '../errors';
import {
  compacted,
  contextCompacted,
  developerMessage,
  environmentContextMessage,
  taskStarted,
  threadRolledBack,
  turnContext,
  userMessage,
} from '../items/turn-records';
import { mergeTurnSettings, type ResolvedTurnSettings, type TurnSettings, TurnSettingsSchema } from '../options/turn-settings';
import {
  hasLocalImages,
  parseTurnInput,
  type RecordedUserInput,
  readLocalImages,
  recordUserInput,
  type UserInput,
} from '../options/user-input';
import { isContextualUserText, messageTexts } from '../replay/contextual-messages';
import { type ReplayedHistory, replayHistory } from '../replay/replay-history';
import type { WorldStateValue } from '../replay/world-state';
import { addTokenUsage, lastRecordedTotal } from './token-usage';
import { Turn, type TurnHost } from './turn';
import { WorldStateTracker } from './world-state-tracker';
import { WriteQueue } from './write-queue';

export interface StartTurnOptions {
  /** What the person sent: plain text, or text, image and local-image parts. */
  input: string | UserInput[];
  /** Settings for this turn and the ones after it (model, cwd, approval and sandbox policy...). */
  turnContext?: TurnSettings;
}

export interface CompactOptions {
  /** The summary text (written as the `compacted` record's `message`). */
  summary: string;
  /** The complete model-visible history that replaces everything before the compaction. */
  replacementHistory: ResponseItem[];
}

export type ThreadStatus = 'running' | 'shutting_down' | 'shut_down';

/** How a Thread was opened; built by ThreadManager. */
export interface ThreadInit {
  live: LiveThread;
  settings: ResolvedTurnSettings;
  clock: () => Date;
  source: SessionSource;
  /** The persisted items the thread was opened with (empty for a new thread). */
  history: readonly ThreadHistoryItem[];
  /** The rollout file the thread was resumed from, when known. */
  rolloutPath: string | null;
  /** Called once after a shutdown that closed the store's writer. */
  onShutdown?: (thread: Thread) => void;
}

const StartTurnOptionsSchema = z.strictObject({ input: z.unknown(), turnContext: TurnSettingsSchema.optional() });
const CompactOptionsSchema = z.strictObject({
  summary: z.string(),
  replacementHistory: z.array(ResponseItemSchema as z.ZodType<ResponseItem>),
});
const HistoryItemsSchema = z.array(ThreadHistoryItemSchema);
const WorldStateSchema = z.record(z.string(), z.unknown());
const RollbackTurnsSchema = z.number().int('num_turns must be a whole number').min(1, 'num_turns must be >= 1');

/**
 * One loaded thread. It records a Codex-shaped conversation through a LiveThread: turns,
 * raw items, rollbacks, compactions and world state, each written in call order. Nothing is
 * written for a new thread until its first turn starts.
 */
export class Thread {
  readonly threadId: ThreadId;
  readonly source: SessionSource;
  readonly #live: LiveThread;
  readonly #clock: () => Date;
  readonly #queue = new WriteQueue();
  readonly #worldState: WorldStateTracker;
  readonly #onShutdown: ((thread: Thread) => void) | undefined;
  readonly #rolloutPath: string | null;
  #settings: ResolvedTurnSettings;
  /** Whether the store holds any history of this thread. */
  #hasHistory: boolean;
  /** Whether the thread was materialized (it exists in the store even without history). */
  #materialized: boolean;
  /** The cwd the model was last told about; undefined while no context was sent. */
  #contextCwd: string | undefined;
  #openTurn: Turn | undefined;
  #deferredTokenCount: RolloutItem | undefined;
  #tokenUsage: TokenUsage | undefined;
  #exclusive: string | undefined;
  #status: ThreadStatus = 'running';
  #shutdown: Promise<void> | undefined;

  constructor(init: ThreadInit) {
    this.#live = init.live;
    this.threadId = init.live.threadId;
    this.source = init.source;
    this.#clock = init.clock;
    this.#settings = init.settings;
    this.#rolloutPath = init.rolloutPath;
    this.#onShutdown = init.onShutdown;
    const replayed = replayHistory(init.history);
    this.#worldState = new WorldStateTracker(replayed.worldState);
    this.#tokenUsage = lastRecordedTotal(init.history);
    this.#hasHistory = init.history.length > 0;
    this.#materialized = this.#hasHistory;
    this.#contextCwd = replayed.history.length > 0 ? (replayed.turnContext?.cwd ?? init.settings.cwd) : undefined;
  }

  /** The LiveThread this thread writes through. */
  get live(): LiveThread {
    return this.#live;
  }

  get status(): ThreadStatus {
    return this.#status;
  }

  /** The rollout file this thread was resumed from, when it was resumed by path or the store reported one. */
  get rolloutPath(): string | null {
    return this.#rolloutPath;
  }

  /** The turn in progress, if any. */
  get activeTurn(): Turn | undefined {
    return this.#openTurn;
  }

  /** Settings the next turn starts from. */
  get settings(): ResolvedTurnSettings {
    return structuredClone(this.#settings);
  }

  /** Tokens used by the thread so far (seeded from the newest token_count on resume and fork). */
  tokenUsage(): TokenUsage | undefined {
    return this.#tokenUsage === undefined ? undefined : structuredClone(this.#tokenUsage);
  }

  /** The world state as last set, else as replayed from the thread's history. */
  worldState(): WorldStateValue | undefined {
    return this.#worldState.current;
  }

  /**
   * Sets the app's model-visible world state. The record waits for the history it describes
   * and is written after it, never before: when the next turn starts (after its context
   * messages), after the next items a turn in progress records (or at its end), after
   * `recordItems` or a compaction, or at `flush`/`shutdown` — so a crash can never leave a
   * world state describing context the model was not given. The first record, and the first
   * after a compaction, is a full snapshot; later ones are RFC 7386 merge patches against the
   * persisted state; an unchanged state writes nothing.
   */
  setWorldState(state: WorldStateValue): void {
    this.#assertWritable('setWorldState');
    parseOrThrow(WorldStateSchema, state, 'state', this.threadId);
    this.#worldState.set(state);
  }

  /**
   * Starts a turn and writes what Codex writes for it: `task_started`, on the first turn the
   * developer message (when there are developer instructions) and the environment context
   * (again whenever the cwd changes), pending world state, `turn_context`, and the prompt as a
   * user message and a `user_message` event. The first turn materializes the thread.
   */
  async startTurn(options: StartTurnOptions): Promise<Turn> {
    this.#assertCanStartTurn();
    const parsed = parseOrThrow(StartTurnOptionsSchema, options, 'startTurn', this.threadId);
    const parts = parseTurnInput(parsed.input, this.threadId);
    const settings = mergeTurnSettings(this.#settings, parsed.turnContext as TurnSettings | undefined);
    // Only a prompt with local images waits (to read them); the checks are then repeated.
    if (hasLocalImages(parts)) {
      const images = await readLocalImages(parts, this.threadId);
      this.#assertCanStartTurn();
      return this.#openTurnWith(recordUserInput(parts, images), settings);
    }
    return this.#openTurnWith(recordUserInput(parts, new Map()), settings);
  }

  async #openTurnWith(input: RecordedUserInput, settings: ResolvedTurnSettings): Promise<Turn> {
    const startedAt = this.#clock();
    const turnId = newThreadId();
    const firstContext = this.#contextCwd === undefined;
    const records: RolloutItem[] = [taskStarted(turnId, startedAt, settings)];
    if (firstContext && settings.developerInstructions) records.push(developerMessage(settings.developerInstructions));
    if (firstContext || this.#contextCwd !== settings.cwd) records.push(environmentContextMessage(settings, startedAt));
    const worldState = this.#worldState.take();
    if (worldState) records.push(worldState);
    records.push(turnContext(turnId, settings, startedAt), ...userMessage(input));

    const previous = { settings: this.#settings, contextCwd: this.#contextCwd };
    const turn = new Turn(this.#turnHost(), turnId, startedAt, settings.modelContextWindow);
    this.#settings = settings;
    this.#contextCwd = settings.cwd;
    this.#openTurn = turn;
    try {
      // Codex materializes a thread right after recording its first prompt.
      await this.#append(records, { persist: !this.#materialized });
    } catch (error) {
      if (this.#openTurn === turn) this.#openTurn = undefined;
      this.#settings = previous.settings;
      this.#contextCwd = previous.contextCwd;
      throw error;
    }
    return turn;
  }

  /**
   * Appends raw rollout items (known kinds validated, unknown kinds kept verbatim) at the
   * current position, then makes them durable. Outside a turn, pending world state follows them.
   */
  async recordItems(items: readonly ThreadHistoryItem[]): Promise<void> {
    this.#assertWritable('recordItems');
    parseOrThrow(HistoryItemsSchema, items, 'items', this.threadId);
    const records = structuredClone(items as ThreadHistoryItem[]) as RolloutItem[];
    if (!this.#openTurn) {
      const worldState = this.#worldState.take();
      if (worldState) records.push(worldState);
    }
    if (records.length === 0) return;
    return this.#append(records, { flush: true });
  }

  /**
   * Drops the newest `numTurns` user turns, as Codex does: a `thread_rolled_back` marker is
   * appended (nothing is rewritten) and replay skips the dropped turns, restoring the world
   * state and turn context from before them. Refused during a turn, for 0, and for a thread
   * with no persisted history. A world state set and not yet written is dropped with them.
   */
  async rollback(numTurns: number): Promise<void> {
    this.#assertWritable('rollback');
    parseOrThrow(RollbackTurnsSchema, numTurns, 'numTurns', this.threadId);
    if (this.#openTurn) {
      throw invalidRequest('Cannot rollback while a turn is in progress.', { field: 'turn', threadId: this.threadId });
    }
    if (!this.#hasHistory) {
      throw invalidRequest('thread rollback requires persisted thread history', { threadId: this.threadId });
    }
    this.#exclusive = 'rollback';
    try {
      await this.#queue.run(async () => {
        const items = await this.#loadForRollback();
        const marker = threadRolledBack(numTurns);
        await this.#live.appendItems([marker]);
        this.#applyReplay(replayHistory([...items, marker]));
        await this.#live.flush().catch((error: unknown) => {
          throw wrapStoreError(error, 'rolled the thread back, but failed to save the rollback marker', this.threadId);
        });
      });
    } finally {
      this.#exclusive = undefined;
    }
  }

  /**
   * Records a compaction: a `compacted` record whose replacement history becomes the whole
   * model-visible history on replay, then the `context_compacted` event Codex writes with it
   * (its readers show the compaction from that event). Allowed during a turn (between its
   * steps). The world state is written again in full right after it.
   */
  async compact(options: CompactOptions): Promise<void> {
    this.#assertWritable('compact');
    const parsed = parseOrThrow(CompactOptionsSchema, options, 'compact', this.threadId);
    const replacement = structuredClone(options.replacementHistory);
    const records: RolloutItem[] = [];
    if (this.#openTurn) records.push(...this.#takeDeferredTokenCount());
    records.push(compacted(parsed.summary, replacement as Record<string, unknown>[]), contextCompacted());
    this.#worldState.compacted();
    const worldState = this.#worldState.take();
    if (worldState) records.push(worldState);
    // The environment context must be sent again when the new history no longer has it.
    if (!replacement.some(isEnvironmentContext)) this.#contextCwd = undefined;
    return this.#append(records, { flush: true });
  }

  /** Every persisted item of the thread, in order, once the writes issued so far have landed. */
  async persistedItems(): Promise<ThreadHistoryItem[]> {
    await this.#queue.idle();
    if (!this.#hasHistory) return [];
    return (await this.#live.loadHistory({ includeArchived: true })).items;
  }

  /** The model-visible history after replaying rollbacks and compactions. */
  async history(): Promise<ResponseItem[]> {
    return (await this.replay()).history;
  }

  /** Everything replay knows about the persisted history (history, world state, turn context, turn count). */
  async replay(): Promise<ReplayedHistory> {
    return replayHistory(await this.persistedItems());
  }

  /**
   * The thread as the store has it, after every write issued so far (and the metadata derived
   * from it) landed. A new thread has nothing to read before its first turn: `thread_not_found`.
   */
  async read(options: { includeArchived?: boolean; includeHistory?: boolean } = {}): Promise<StoredThread> {
    await this.#queue.idle();
    if (this.#status === 'running') await this.#live.flush();
    return this.#live.readThread({ includeArchived: options.includeArchived ?? true, includeHistory: options.includeHistory });
  }

  /** Makes everything written so far durable (and, outside a turn, writes pending world state). */
  async flush(): Promise<void> {
    this.#assertRunning('flush');
    // During a rollback the baseline is about to be replaced: pending world state waits.
    const records = this.#exclusive === undefined ? this.#settleOutsideTurn() : [];
    return this.#append(records, { flush: true });
  }

  /** Applies a literal metadata patch after the metadata derived from earlier writes. */
  async updateMetadata(patch: ThreadMetadataPatch, options: { includeArchived?: boolean } = {}): Promise<StoredThread> {
    this.#assertRunning('updateMetadata');
    await this.#queue.idle();
    return this.#live.updateMetadata(patch, options);
  }

  /**
   * Aborts a turn in progress (`interrupted`), writes pending world state, drains every write
   * and closes the store's writer. Idempotent; later writes are refused.
   */
  shutdown(): Promise<void> {
    if (this.#shutdown) return this.#shutdown;
    const writes: Promise<void>[] = [];
    if (this.#openTurn && this.#exclusive === undefined) writes.push(this.#openTurn.abort('interrupted'));
    if (this.#exclusive === undefined) writes.push(this.#append(this.#settleOutsideTurn()));
    this.#status = 'shutting_down';
    this.#shutdown = (async () => {
      const results = await Promise.allSettled(writes);
      await this.#queue.idle();
      try {
        await this.#live.shutdown();
      } finally {
        this.#status = 'shut_down';
      }
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
      this.#onShutdown?.(this);
    })();
    return this.#shutdown;
  }

  #turnHost(): TurnHost {
    return {
      threadId: this.threadId,
      clock: () => this.#clock(),
      assertWritable: (operation) => this.#assertWritable(operation),
      append: (records, options) => this.#append(records, options),
      takeDeferredTokenCount: () => this.#takeDeferredTokenCount(),
      takeWorldState: () => {
        const record = this.#worldState.take();
        return record ? [record] : [];
      },
      deferTokenCount: (record) => {
        const earlier = this.#deferredTokenCount;
        this.#deferredTokenCount = record;
        return earlier;
      },
      addUsage: (usage) => {
        this.#tokenUsage = addTokenUsage(this.#tokenUsage, usage);
        return structuredClone(this.#tokenUsage);
      },
      finished: (turn) => {
        if (this.#openTurn === turn) this.#openTurn = undefined;
      },
    };
  }

  #takeDeferredTokenCount(): RolloutItem[] {
    const record = this.#deferredTokenCount;
    this.#deferredTokenCount = undefined;
    return record ? [record] : [];
  }

  /** Pending world state, written between turns only once the thread has history. */
  #settleOutsideTurn(): RolloutItem[] {
    if (this.#openTurn || !this.#hasHistory) return [];
    const worldState = this.#worldState.take();
    return worldState ? [worldState] : [];
  }

  #append(records: RolloutItem[], options: { flush?: boolean; persist?: boolean } = {}): Promise<void> {
    if (records.length === 0 && !options.flush && !options.persist) return Promise.resolve();
    return this.#queue.run(async () => {
      try {
        if (records.length > 0) {
          await this.#live.appendItems(records);
          this.#hasHistory = true;
        }
        if (options.persist) {
          await this.#live.persist();
          this.#materialized = true;
        } else if (options.flush) {
          await this.#live.flush();
        }
      } catch (error) {
        // The store may lack the newest world_state record: the next one is a full snapshot.
        this.#worldState.invalidate();
        throw error;
      }
    });
  }

  async #loadForRollback(): Promise<readonly ThreadHistoryItem[]> {
    try {
      await this.#live.flush();
    } catch (error) {
      throw wrapStoreError(error, 'failed to flush thread persistence for rollback replay', this.threadId);
    }
    try {
      return (await this.#live.loadHistory({ includeArchived: true })).items;
    } catch (error) {
      throw wrapStoreError(error, 'failed to load thread history for rollback replay', this.threadId);
    }
  }

  #applyReplay(replayed: ReplayedHistory): void {
    this.#worldState.reset(replayed.worldState);
    this.#contextCwd = replayed.history.length > 0 ? (replayed.turnContext?.cwd ?? this.#settings.cwd) : undefined;
  }

  #assertCanStartTurn(): void {
    this.#assertWritable('startTurn');
    const open = this.#openTurn;
    if (open) {
      throw invalidRequest(`thread ${this.threadId} already has turn ${open.turnId} in progress; complete or abort it first`, {
        field: 'turn',
        threadId: this.threadId,
      });
    }
  }

  #assertRunning(operation: string): void {
    if (this.#status !== 'running') {
      throw invalidRequest(`${operation}: thread ${this.threadId} is shut down`, { threadId: this.threadId });
    }
  }

  #assertWritable(operation: string): void {
    this.#assertRunning(operation);
    if (this.#exclusive !== undefined) {
      throw invalidRequest(`${operation}: thread ${this.threadId} is busy with a ${this.#exclusive}`, { threadId: this.threadId });
    }
  }
}

function isEnvironmentContext(item: ResponseItem): boolean {
  return (
    item.type === 'message' &&
    item.role === 'user' &&
    messageTexts(item).some((text) => isContextualUserText(text) && text.trimStart().startsWith('<environment_context>'))
  );
}

/** Prefixes a store failure with what was being done, keeping its code and cause. */
function wrapStoreError(error: unknown, context: string, threadId: string): ThreadStoreError {
  const code = isThreadStoreError(error) ? error.code : 'internal';
  const detail = error instanceof Error ? error.message : String(error);
  return new ThreadStoreError(code, `${context}: ${detail}`, { cause: error, threadId });
}
