import {
  DEFAULT_SESSION_SOURCE,
  type HistoryMode,
  parseThreadId,
  type SessionSource,
  type ThreadId,
  type ThreadSource,
} from '@threadkit/protocol';
import { goalPreview, userMessageEventPreview, userResponseItemPreview } from './preview';

/** Git facts of the thread's working directory (camelCase of `session_meta.git`). */
export interface ThreadGitInfo {
  commitHash?: string;
  branch?: string;
  repositoryUrl?: string;
}

/** Cumulative token usage from the last `token_count` event. */
export interface ThreadTokenUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningOutputTokens: number;
  totalTokens: number;
}

/** What a rollout's records say about its thread. Derived, never stored. */
export interface ThreadFileMetadata {
  threadId: ThreadId;
  /** Root session id (equals the thread id for root threads). */
  sessionId: string | undefined;
  /** Session start from the thread's first session_meta (true UTC instant, ms precision). */
  createdAt: Date;
  cwd: string | undefined;
  originator: string | undefined;
  cliVersion: string | undefined;
  /** As written (`vscode` when absent, Codex's default); classify with `sessionSourceKind`. */
  source: SessionSource;
  threadSource: ThreadSource | undefined;
  /** Undefined when the file names none: callers apply their default provider. */
  modelProvider: string | undefined;
  agentNickname: string | undefined;
  agentRole: string | undefined;
  agentPath: string | undefined;
  forkedFromId: ThreadId | undefined;
  parentThreadId: ThreadId | undefined;
  /** From the latest of the thread's session_meta lines that carries `git` (updates append a copy). */
  gitInfo: ThreadGitInfo | undefined;
  /** From the LAST of the thread's session_meta lines (`disabled` when memories are off; undefined = enabled). */
  memoryMode: string | undefined;
  historyMode: HistoryMode | (string & {});
  /** First user message (or goal objective) to show in lists; undefined when none was seen. */
  preview: string | undefined;
  firstUserMessage: string | undefined;
  /** From the latest turn_context. */
  model: string | undefined;
  reasoningEffort: string | undefined;
  approvalMode: unknown;
  sandboxPolicy: unknown;
  permissionProfile: unknown;
  tokenUsage: ThreadTokenUsage | undefined;
  /** Envelope timestamp of the last record observed. */
  lastRecordAt: Date | undefined;
}

/** A record as the extractor accepts it: a line (with its timestamp) or a bare item. */
export interface ObservedRecord {
  type: string;
  payload: unknown;
  timestamp?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function parseDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function gitFrom(value: unknown): ThreadGitInfo | undefined {
  if (!isObject(value)) return undefined;
  const git: ThreadGitInfo = {};
  const commitHash = str(value.commit_hash);
  const branch = str(value.branch);
  const repositoryUrl = str(value.repository_url);
  if (commitHash) git.commitHash = commitHash;
  if (branch) git.branch = branch;
  if (repositoryUrl) git.repositoryUrl = repositoryUrl;
  return git;
}

function tokenUsageFrom(value: unknown): ThreadTokenUsage | undefined {
  if (!isObject(value)) return undefined;
  return {
    inputTokens: num(value.input_tokens),
    cachedInputTokens: num(value.cached_input_tokens),
    outputTokens: num(value.output_tokens),
    reasoningOutputTokens: num(value.reasoning_output_tokens),
    totalTokens: num(value.total_tokens),
  };
}

/** Agent fields a `{subagent:{thread_spawn:{...}}}` source carries. */
function threadSpawnOf(source: unknown): Record<string, unknown> | undefined {
  if (!isObject(source) || !isObject(source.subagent)) return undefined;
  const spawn = source.subagent.thread_spawn;
  return isObject(spawn) ? spawn : undefined;
}

/**
 * Folds a thread's records, in file order, into {@link ThreadFileMetadata}.
 * The one place where listing, indexing and live threads derive metadata.
 *
 * Identity facts come from the first session_meta whose id is the thread's
 * (later session_meta lines with other ids are copies from fork parents and
 * are ignored); settings from the latest turn_context; usage from the last
 * token_count; the preview from the first user message (legacy files: the
 * `user_message` event; paginated files: the first real user `response_item`)
 * or a goal objective.
 */
export class ThreadMetadataExtractor {
  private threadId: ThreadId | undefined;
  private meta: Record<string, unknown> | undefined;
  private metaLineTimestamp: string | undefined;
  private gitInfo: ThreadGitInfo | undefined;
  private memoryMode: string | undefined;
  private preview: string | undefined;
  private firstUserMessage: string | undefined;
  private turnContext: Record<string, unknown> | undefined;
  private tokenUsage: ThreadTokenUsage | undefined;
  private lastTimestamp: string | undefined;

  /** @param threadId the expected thread (e.g. from the file name); default: the first session_meta's id. */
  constructor(threadId?: string) {
    this.threadId = threadId === undefined ? undefined : parseThreadId(threadId);
  }

  /** True once the thread's own session_meta has been seen. */
  get hasSessionMeta(): boolean {
    return this.meta !== undefined;
  }

  get hasPreview(): boolean {
    return this.preview !== undefined;
  }

  /** Listing needs both a session_meta and a preview; head reads stop once they have them. */
  get isListable(): boolean {
    return this.meta !== undefined && this.preview !== undefined;
  }

  /** True when a head read has what a summary needs (session_meta, preview, first user message). */
  get hasSummary(): boolean {
    return this.meta !== undefined && this.preview !== undefined && this.firstUserMessage !== undefined;
  }

  get historyMode(): HistoryMode | (string & {}) {
    const mode = this.meta?.history_mode;
    return typeof mode === 'string' ? mode : 'legacy';
  }

  observe(record: ObservedRecord): void {
    if (typeof record.timestamp === 'string') this.lastTimestamp = record.timestamp;
    const payload = record.payload;
    if (!isObject(payload)) return;
    switch (record.type) {
      case 'session_meta':
        this.observeSessionMeta(payload, record.timestamp);
        return;
      case 'turn_context':
        this.turnContext = payload;
        return;
      case 'event_msg':
        this.observeEvent(payload);
        return;
      case 'response_item':
        if (this.meta !== undefined && this.historyMode === 'paginated') this.offerUserText(userResponseItemPreview(payload));
        return;
      default:
        return;
    }
  }

  observeAll(records: Iterable<ObservedRecord>): this {
    for (const record of records) this.observe(record);
    return this;
  }

  private observeSessionMeta(payload: Record<string, unknown>, lineTimestamp: string | undefined): void {
    const id = parseThreadId(payload.id);
    if (!id) return;
    if (this.threadId === undefined) this.threadId = id;
    if (id !== this.threadId) return; // a fork parent's meta copied into this file
    if (this.meta === undefined) {
      this.meta = payload;
      this.metaLineTimestamp = lineTimestamp;
    }
    if ('git' in payload) this.gitInfo = gitFrom(payload.git);
    this.memoryMode = str(payload.memory_mode);
  }

  private observeEvent(payload: Record<string, unknown>): void {
    switch (payload.type) {
      case 'user_message':
        if (this.historyMode !== 'paginated') this.offerUserText(userMessageEventPreview(payload));
        return;
      case 'thread_goal_updated': {
        const goal = goalPreview(payload);
        if (goal !== undefined && this.preview === undefined) this.preview = goal;
        return;
      }
      case 'token_count': {
        const info = payload.info;
        if (isObject(info)) {
          const usage = tokenUsageFrom(info.total_token_usage);
          if (usage) this.tokenUsage = usage;
        }
        return;
      }
      default:
        return;
    }
  }

  private offerUserText(text: string | undefined): void {
    if (text === undefined) return;
    if (this.preview === undefined) this.preview = text;
    if (this.firstUserMessage === undefined) this.firstUserMessage = text;
  }

  /** The metadata so far; undefined until the thread's session_meta has been seen. */
  result(): ThreadFileMetadata | undefined {
    const meta = this.meta;
    const threadId = this.threadId;
    if (!meta || !threadId) return undefined;
    const spawn = threadSpawnOf(meta.source);
    const turn = this.turnContext;
    const createdAt = parseDate(meta.timestamp) ?? parseDate(this.metaLineTimestamp) ?? new Date(0);
    const gitInfo = this.gitInfo && Object.keys(this.gitInfo).length > 0 ? { ...this.gitInfo } : undefined;
    return {
      threadId,
      sessionId: str(meta.session_id) ?? threadId,
      createdAt,
      cwd: str(meta.cwd),
      originator: str(meta.originator),
      cliVersion: str(meta.cli_version),
      source: (meta.source ?? DEFAULT_SESSION_SOURCE) as SessionSource,
      threadSource: str(meta.thread_source),
      modelProvider: str(meta.model_provider),
      agentNickname: str(meta.agent_nickname) ?? str(spawn?.agent_nickname),
      agentRole: str(meta.agent_role) ?? str(meta.agent_type) ?? str(spawn?.agent_role) ?? str(spawn?.agent_type),
      agentPath: str(meta.agent_path) ?? str(spawn?.agent_path),
      forkedFromId: parseThreadId(meta.forked_from_id),
      parentThreadId: parseThreadId(meta.parent_thread_id) ?? parseThreadId(spawn?.parent_thread_id),
      gitInfo,
      memoryMode: this.memoryMode,
      historyMode: this.historyMode,
      preview: this.preview,
      firstUserMessage: this.firstUserMessage,
      model: str(turn?.model),
      reasoningEffort: str(turn?.effort),
      approvalMode: turn?.approval_policy,
      sandboxPolicy: turn?.sandbox_policy,
      permissionProfile: turn?.permission_profile,
      tokenUsage: this.tokenUsage ? { ...this.tokenUsage } : undefined,
      lastRecordAt: parseDate(this.lastTimestamp),
    };
  }
}

/** Metadata of a thread from its records in file order; undefined without the thread's session_meta. */
export function extractThreadMetadata(
  records: Iterable<ObservedRecord>,
  options: { threadId?: string } = {},
): ThreadFileMetadata | undefined {
  return new ThreadMetadataExtractor(options.threadId).observeAll(records).result();
}
