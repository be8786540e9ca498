import type { ResponseItem, RolloutItem, ThreadId, TokenUsage } from '@threadkit/protocol';
import { ResponseItemSchema } from '@threadkit/protocol';
import { z } from 'zod';
import { invalidRequest, parseOrThrow } from '../errors';
import { assistantText, isToolResult } from '../items/step-items';
import { agentMessage, taskComplete, tokenCount, turnAborted } from '../items/turn-records';
import type { JsonObject } from '../options/turn-settings';
import { addTokenUsage, normalizeTokenUsage, TokenUsageInputSchema } from './token-usage';

/** What a turn needs from its thread. */
export interface TurnHost {
  readonly threadId: ThreadId;
  clock(): Date;
  /** Throws when the thread no longer accepts writes. */
  assertWritable(operation: string): void;
  /** Queues records behind every earlier write of the thread. */
  append(records: RolloutItem[], options?: { flush?: boolean }): Promise<void>;
  /** The deferred token_count record, if any, to write now (the step has settled). */
  takeDeferredTokenCount(): RolloutItem[];
  /** The record of a pending world state, if one is due, to write after the history it follows. */
  takeWorldState(): RolloutItem[];
  /** Defers a token_count record to the end of the step; returns a previously deferred one to write now. */
  deferTokenCount(record: RolloutItem): RolloutItem | undefined;
  /** Adds usage to the thread's running total and returns the new total. */
  addUsage(usage: TokenUsage): TokenUsage;
  /** The turn ended: the thread may start another. */
  finished(turn: Turn): void;
}

export type TurnStatus = 'in_progress' | 'completed' | 'aborted';

export interface AgentMessageOptions {
  /** Codex's message phase (`commentary`, `final_answer`, ...); omitted when absent. */
  phase?: string | null;
  /** The provider's item id, written as the assistant message's `id`. */
  id?: string;
}

export interface TokenUsageOptions {
  /** The model's context window (default: the turn's `modelContextWindow`). */
  modelContextWindow?: number | null;
  /** Rate-limit snapshot written verbatim as `rate_limits` (default null). */
  rateLimits?: JsonObject | null;
}

const ResponseItemsSchema = z.array(ResponseItemSchema as z.ZodType<ResponseItem>);
const AgentMessageOptionsSchema = z
  .strictObject({ phase: z.string().min(1).nullable().optional(), id: z.string().min(1).optional() })
  .optional();
const TokenUsageOptionsSchema = z
  .strictObject({
    modelContextWindow: z.number().int().positive().nullable().optional(),
    rateLimits: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .optional();
const AbortReasonSchema = z.string().min(1, 'must be a non-empty reason such as "interrupted"');

/**
 * One turn of a thread, recorded as Codex records it. Methods must be called in order:
 * anything after `complete()` or `abort()` is rejected with `invalid_request` and writes
 * nothing. Each call takes effect when it is made and its writes are queued in call order,
 * so the methods need not be awaited one by one.
 *
 * Step order: a sampling step is what the model emits (reasoning, tool calls, messages)
 * followed by the results of the tools it called. `recordTokenUsage` updates the running
 * totals at once but its `token_count` record waits until the step has settled — it is
 * written before the next thing the model emits, or before the turn ends — so tool results
 * added after it still precede it, as in a turn Codex wrote.
 */
export class Turn {
  readonly turnId: string;
  readonly threadId: ThreadId;
  readonly startedAt: Date;
  readonly #host: TurnHost;
  readonly #modelContextWindow: number | null;
  #status: TurnStatus = 'in_progress';
  #lastAgentMessage: string | null = null;
  #usage: TokenUsage | undefined;

  /** Created by `Thread.startTurn`. */
  constructor(host: TurnHost, turnId: string, startedAt: Date, modelContextWindow: number | null) {
    this.#host = host;
    this.threadId = host.threadId;
    this.turnId = turnId;
    this.startedAt = startedAt;
    this.#modelContextWindow = modelContextWindow;
  }

  get status(): TurnStatus {
    return this.#status;
  }

  /** Text of the newest assistant message, written as `last_agent_message` on completion. */
  get lastAgentMessage(): string | null {
    return this.#lastAgentMessage;
  }

  /** Tokens used by this turn so far (undefined before any usage was recorded). */
  get tokenUsage(): TokenUsage | undefined {
    return this.#usage === undefined ? undefined : structuredClone(this.#usage);
  }

  /**
   * Records what the model emitted and what its tools returned, verbatim, in order. Items
   * other than tool results start a new step: a deferred token count is written before them.
   */
  async addResponseItems(items: readonly ResponseItem[]): Promise<void> {
    this.#assertInProgress('addResponseItems');
    const parsed = parseOrThrow(ResponseItemsSchema, items, 'items', this.threadId);
    const records: RolloutItem[] = [];
    for (const item of structuredClone(items as ResponseItem[])) {
      if (!isToolResult(item)) records.push(...this.#host.takeDeferredTokenCount());
      records.push({ type: 'response_item', payload: item } as RolloutItem);
      const text = assistantText(item);
      if (text !== undefined) this.#lastAgentMessage = text;
    }
    if (parsed.length === 0) return;
    return this.#host.append([...records, ...this.#host.takeWorldState()]);
  }

  /** Records an assistant reply as Codex does: the `agent_message` event, then the assistant message. */
  async addAgentMessage(text: string, options?: AgentMessageOptions): Promise<void> {
    this.#assertInProgress('addAgentMessage');
    parseOrThrow(z.string(), text, 'text', this.threadId);
    const parsed = parseOrThrow(AgentMessageOptionsSchema, options, 'options', this.threadId) ?? {};
    const records = [
      ...this.#host.takeDeferredTokenCount(),
      ...agentMessage(text, parsed),
      ...this.#host.takeWorldState(),
    ];
    this.#lastAgentMessage = text;
    return this.#host.append(records);
  }

  /**
   * Adds one model response's usage to the turn's and the thread's totals now, and defers its
   * `token_count` record to the end of the current step. Call it once the response finished,
   * after adding the items it produced.
   */
  async recordTokenUsage(usage: TokenUsage, options?: TokenUsageOptions): Promise<void> {
    this.#assertInProgress('recordTokenUsage');
    const last = normalizeTokenUsage(parseOrThrow(TokenUsageInputSchema, usage, 'usage', this.threadId) as TokenUsage);
    const parsed = parseOrThrow(TokenUsageOptionsSchema, options, 'options', this.threadId) ?? {};
    this.#usage = addTokenUsage(this.#usage, last);
    const total = this.#host.addUsage(last);
    const window = parsed.modelContextWindow === undefined ? this.#modelContextWindow : parsed.modelContextWindow;
    const record = tokenCount(total, last, window, parsed.rateLimits ?? null);
    const earlier = this.#host.deferTokenCount(record);
    if (earlier) return this.#host.append([earlier]);
  }

  /** Ends the turn: settles the last step and writes `task_complete`, then makes the turn durable. */
  async complete(): Promise<void> {
    this.#assertInProgress('complete');
    const records = [
      ...this.#host.takeDeferredTokenCount(),
      ...this.#host.takeWorldState(),
      taskComplete(this.turnId, this.#lastAgentMessage, this.startedAt, this.#host.clock()),
    ];
    this.#end('completed');
    return this.#host.append(records, { flush: true });
  }

  /** Ends the turn early with `turn_aborted` (reason `interrupted` by default), then makes it durable. */
  async abort(reason = 'interrupted'): Promise<void> {
    this.#assertInProgress('abort');
    const parsedReason = parseOrThrow(AbortReasonSchema, reason, 'reason', this.threadId);
    const records = [
      ...this.#host.takeDeferredTokenCount(),
      ...this.#host.takeWorldState(),
      turnAborted(this.turnId, parsedReason, this.startedAt, this.#host.clock()),
    ];
    this.#end('aborted');
    return this.#host.append(records, { flush: true });
  }

  #end(status: TurnStatus): void {
    this.#status = status;
    this.#host.finished(this);
  }

  #assertInProgress(operation: string): void {
    if (this.#status !== 'in_progress') {
      throw invalidRequest(`${operation}: turn ${this.turnId} of thread ${this.threadId} is already ${this.#status}`, {
        field: 'turn',
        threadId: this.threadId,
      });
    }
    this.#host.assertWritable(operation);
  }
}
