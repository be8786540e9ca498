import {
  AskForApprovalSchema,
  canonicalEventType,
  ReasoningEffortSchema,
  type ThreadId,
  TokenUsageSchema,
} from '@threadkit/protocol';
import { extractThreadMetadata, goalPreview, stripUserRequestMarker, userMessageEventPreview } from '@threadkit/rollout';
import type { ThreadHistoryItem } from '../types/common';
import type { GitInfoPatch, ThreadMetadataPatch } from '../types/thread-metadata-patch';
import { parseSessionMetaTimestamp } from './session-meta-timestamp';

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function eventType(item: ThreadHistoryItem): string | undefined {
  if (item.type !== 'event_msg' || !isRecord(item.payload)) return undefined;
  const type = item.payload.type;
  return typeof type === 'string' ? canonicalEventType(type) : undefined;
}

const METADATA_EVENTS = new Set(['user_message', 'thread_goal_updated', 'token_count', 'thread_settings_applied']);

/**
 * True for items whose content can change a thread's metadata. Any other
 * persisted item only moves `updatedAt`.
 */
export function affectsMetadata(item: ThreadHistoryItem): boolean {
  if (item.type === 'session_meta' || item.type === 'turn_context') return true;
  const type = eventType(item);
  return type !== undefined && METADATA_EVENTS.has(type);
}

/** True for a turn start (`task_started`, read alias `turn_started`): it moves the thread's recency. */
export function startsTurn(item: ThreadHistoryItem): boolean {
  return eventType(item) === 'task_started';
}

/** True when the patch carries a fact beyond a name or an `updatedAt` touch. */
export function hasMetadataFacts(patch: ThreadMetadataPatch): boolean {
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined || field === 'name' || field === 'updatedAt') continue;
    if (field === 'gitInfo' && Object.values(value as GitInfoPatch).every((part) => part === undefined)) continue;
    return true;
  }
  return false;
}

/**
 * Turns a thread's persisted items into literal metadata patches, the way
 * Codex's ThreadMetadataSync does: identity facts from the thread's own
 * session_meta, settings from turn contexts, usage from token counts, and
 * preview, title and first user message exactly once per live thread.
 *
 * It remembers what it has already seen (cwd, preview, title, first user
 * message) so a later item never re-emits those; everything else reflects the
 * latest item that names it.
 */
export class ThreadMetadataObserver {
  readonly threadId: ThreadId;
  #cwdSeen: boolean;
  #previewSeen = false;
  #titleSeen = false;
  #firstUserMessageSeen = false;

  constructor(threadId: ThreadId, seen: { cwd?: boolean } = {}) {
    this.threadId = threadId;
    this.#cwdSeen = seen.cwd ?? false;
  }

  /** The patch the items imply, given what earlier observations already emitted. */
  observe(items: readonly ThreadHistoryItem[]): ThreadMetadataPatch {
    const patch: ThreadMetadataPatch = {};
    for (const item of items) this.#observeItem(item, patch);
    return patch;
  }

  #observeItem(item: ThreadHistoryItem, patch: ThreadMetadataPatch): void {
    const payload: unknown = item.payload;
    if (!isRecord(payload)) return;
    if (item.type === 'session_meta') {
      this.#observeSessionMeta(item, patch);
      return;
    }
    if (item.type === 'turn_context') {
      this.#observeSettings(payload, payload.effort, patch);
      return;
    }
    switch (eventType(item)) {
      case 'user_message':
        this.#observeUserMessage(payload, patch);
        return;
      case 'thread_goal_updated': {
        const goal = goalPreview(payload);
        if (goal !== undefined && !this.#previewSeen) {
          patch.preview = goal;
          this.#previewSeen = true;
        }
        return;
      }
      case 'token_count': {
        const info = payload.info;
        const usage = isRecord(info) ? TokenUsageSchema.safeParse(info.total_token_usage) : undefined;
        if (usage?.success) patch.tokenUsage = usage.data;
        return;
      }
      case 'thread_settings_applied': {
        const settings = payload.thread_settings;
        if (isRecord(settings)) this.#observeSettings(settings, settings.reasoning_effort, patch);
        return;
      }
      default:
        return;
    }
  }

  #observeSessionMeta(item: ThreadHistoryItem, patch: ThreadMetadataPatch): void {
    // Other ids are fork sources copied into this history: not this thread's facts.
    const meta = extractThreadMetadata([item], { threadId: this.threadId });
    if (!meta) return;
    const createdAt = parseSessionMetaTimestamp((item.payload as JsonRecord).timestamp);
    if (createdAt) patch.createdAt = createdAt;
    patch.source = structuredClone(meta.source);
    patch.threadSource = meta.threadSource ?? null;
    patch.agentNickname = meta.agentNickname ?? null;
    patch.agentRole = meta.agentRole ?? null;
    patch.agentPath = meta.agentPath ?? null;
    if (meta.modelProvider !== undefined) patch.modelProvider = meta.modelProvider;
    if (meta.cliVersion !== undefined) patch.cliVersion = meta.cliVersion;
    if (meta.cwd !== undefined) {
      patch.cwd = meta.cwd;
      this.#cwdSeen = true;
    }
    if (meta.gitInfo) {
      const git: GitInfoPatch = {};
      if (meta.gitInfo.commitHash !== undefined) git.sha = meta.gitInfo.commitHash;
      if (meta.gitInfo.branch !== undefined) git.branch = meta.gitInfo.branch;
      if (meta.gitInfo.repositoryUrl !== undefined) git.originUrl = meta.gitInfo.repositoryUrl;
      patch.gitInfo = git;
    }
    if (meta.memoryMode === 'enabled' || meta.memoryMode === 'disabled') patch.memoryMode = meta.memoryMode;
  }

  // A turn_context and a thread_settings_applied event carry the same settings
  // under slightly different names (`effort` vs `reasoning_effort`).
  #observeSettings(settings: JsonRecord, effort: unknown, patch: ThreadMetadataPatch): void {
    if (typeof settings.cwd === 'string' && settings.cwd !== '' && !this.#cwdSeen) {
      patch.cwd = settings.cwd;
      this.#cwdSeen = true;
    }
    if (typeof settings.model === 'string' && settings.model !== '') patch.model = settings.model;
    // Values a store would reject are left out, so one odd record cannot block every later update.
    const reasoningEffort = ReasoningEffortSchema.safeParse(effort);
    if (effort != null && reasoningEffort.success) patch.reasoningEffort = reasoningEffort.data;
    const approval = AskForApprovalSchema.safeParse(settings.approval_policy);
    if (settings.approval_policy !== undefined && approval.success) patch.approvalMode = approval.data;
    const profile = settings.permission_profile;
    if (isRecord(profile)) patch.permissionProfile = structuredClone(profile);
    else if (typeof profile === 'string') patch.permissionProfile = profile;
  }

  #observeUserMessage(payload: JsonRecord, patch: ThreadMetadataPatch): void {
    const preview = userMessageEventPreview(payload);
    if (preview !== undefined) {
      if (!this.#firstUserMessageSeen) {
        patch.firstUserMessage = preview;
        this.#firstUserMessageSeen = true;
      }
      if (!this.#previewSeen) {
        patch.preview = preview;
        this.#previewSeen = true;
      }
    }
    // The title is the first real text: an image-only message has none.
    const text = typeof payload.message === 'string' ? stripUserRequestMarker(payload.message) : '';
    if (text !== '' && !this.#titleSeen) {
      patch.title = text;
      this.#titleSeen = true;
    }
  }
}
