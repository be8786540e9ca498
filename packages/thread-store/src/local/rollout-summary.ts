import { open } from 'node:fs/promises';
import { parseRolloutLine, parseThreadId, type ThreadId } from '@threadkit/protocol';
import {
  type ObservedRecord,
  readRolloutHead,
  type ThreadFileMetadata,
  ThreadMetadataExtractor,
} from '@threadkit/rollout';
import type { StoredGitInfo } from '../types/common';
import { existingRolloutFile, type FileStat, isArchivedPath, logicalRolloutPath } from './rollout-paths';
import { type SessionMetaFacts, sessionMetaFacts, sessionMetaGit } from './session-meta-facts';

/** Bytes read from the end of a rollout for its latest settings, usage and metadata copies. */
export const TAIL_WINDOW_BYTES = 64 * 1024;

/** What the store knows about a rollout file without reading all of it. */
export interface RolloutSummary {
  threadId: ThreadId;
  /** The logical `.jsonl` path. */
  path: string;
  /** The file that exists (plain or `.zst`). */
  actualPath: string;
  archived: boolean;
  stat: FileStat;
  /**
   * Identity, preview and first user message from the head (as Codex lists
   * it); model, effort, approval, permissions, token usage, git facts and
   * memory mode as of the last records in the tail window.
   */
  metadata: ThreadFileMetadata;
  /** Session_meta and preview in the head: the thread appears in listings. */
  listable: boolean;
  /** The payload of the thread's first session_meta (the base of metadata copies). */
  firstSessionMeta: Record<string, unknown>;
  /** Facts seen in the tail window itself: what the file says now, for rows that are already indexed. */
  tailFacts: TailFacts;
}

/** Late facts found in the tail window; a field is present only when the window carried it. */
export interface TailFacts {
  model?: string | null;
  reasoningEffort?: string | null;
  approvalMode?: unknown;
  permissionProfile?: unknown;
  tokenUsage?: Record<string, unknown>;
  /** From the last session_meta of the thread in the window that carries `git` (`null`: all cleared). */
  gitInfo?: StoredGitInfo | null;
  /** From the last session_meta of the thread in the window. */
  sessionMeta?: SessionMetaFacts;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Folds the window's records, in file order, into the facts they set. */
export function tailFactsOf(records: readonly ObservedRecord[], threadId: string): TailFacts {
  const facts: TailFacts = {};
  for (const { type, payload } of records) {
    if (!isObject(payload)) continue;
    if (type === 'turn_context') {
      facts.model = textOrNull(payload.model);
      facts.reasoningEffort = textOrNull(payload.effort);
      if (payload.approval_policy !== undefined) facts.approvalMode = payload.approval_policy;
      if (payload.permission_profile !== undefined) facts.permissionProfile = payload.permission_profile;
    } else if (type === 'event_msg' && isObject(payload.info) && isObject(payload.info.total_token_usage)) {
      facts.tokenUsage = payload.info.total_token_usage;
    } else if (type === 'session_meta' && parseThreadId(payload.id) === threadId) {
      facts.sessionMeta = sessionMetaFacts(payload);
      if ('git' in payload) facts.gitInfo = sessionMetaGit(payload);
    }
  }
  return facts;
}

// Only these records carry facts that change after the head; everything else
// in the window is skipped before it is parsed.
const LATE_FACT_MARKERS = ['"session_meta"', '"turn_context"', '"token_count"'];

function mayCarryLateFacts(line: string): boolean {
  const start = line.slice(0, 240);
  return LATE_FACT_MARKERS.some((marker) => start.includes(marker));
}

/**
 * The records of the last `windowBytes` of a plain rollout that can carry
 * late facts, in file order. The first, partial line of the window is
 * dropped; unparseable lines are skipped as the reader skips them.
 */
export async function readTailFactRecords(
  actualPath: string,
  size: number,
  windowBytes = TAIL_WINDOW_BYTES,
): Promise<ObservedRecord[]> {
  if (actualPath.endsWith('.zst') || size === 0) return [];
  const start = Math.max(0, size - windowBytes);
  const buffer = Buffer.allocUnsafe(size - start);
  const handle = await open(actualPath, 'r');
  let length = 0;
  try {
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, start + length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
  } finally {
    await handle.close();
  }
  const lines = buffer.subarray(0, length).toString('utf8').split('\n');
  if (start > 0) lines.shift();
  const records: ObservedRecord[] = [];
  for (const text of lines) {
    if (!mayCarryLateFacts(text)) continue;
    const parsed = parseRolloutLine(text, { validatePayload: false, maxLength: Number.POSITIVE_INFINITY });
    if (!parsed.ok) continue;
    const { type, payload, timestamp } = parsed.line as ObservedRecord;
    if (type === 'event_msg' && (payload as { type?: unknown } | null)?.type !== 'token_count') continue;
    records.push({ type, payload, timestamp });
  }
  return records;
}

/**
 * Summarizes one rollout: its head (identity, preview) and its tail window
 * (latest facts), never the whole file. Undefined when the file does not
 * exist or has no session_meta of the thread its name says.
 */
export async function summarizeRollout(
  path: string,
  options: { archivedDir: string; threadId?: string; actualPath?: string; stat?: FileStat },
): Promise<RolloutSummary | undefined> {
  const logical = logicalRolloutPath(path);
  let actualPath = options.actualPath;
  let fileStat = options.stat;
  if (actualPath === undefined || fileStat === undefined) {
    const found = await existingRolloutFile(logical);
    if (!found) return undefined;
    actualPath = found.actualPath;
    fileStat = found.stat;
  }
  const head = await readRolloutHead(actualPath, { threadId: options.threadId });
  if (!head.metadata) return undefined;
  const threadId = head.metadata.threadId;
  const firstSessionMeta = head.lines.find(
    (line) => line.type === 'session_meta' && parseThreadId((line.payload as { id?: unknown }).id) === threadId,
  )?.payload as Record<string, unknown> | undefined;
  if (!firstSessionMeta) return undefined;

  const extractor = new ThreadMetadataExtractor(threadId);
  extractor.observeAll(head.lines as ObservedRecord[]);
  const tailRecords = await readTailFactRecords(actualPath, fileStat.sizeBytes);
  extractor.observeAll(tailRecords);
  const folded = extractor.result() ?? head.metadata;
  // The preview and first message stay the head's, so every reader lists the same thing Codex lists.
  const tailFacts = tailFactsOf(tailRecords, threadId);
  const metadata: ThreadFileMetadata = {
    ...folded,
    preview: head.metadata.preview,
    firstUserMessage: head.metadata.firstUserMessage,
  };
  // Codex folds every session_meta of the thread, so a later copy changes these facts.
  const late = tailFacts.sessionMeta;
  if (late) {
    metadata.threadSource = late.threadSource ?? undefined;
    metadata.agentNickname = late.agentNickname ?? undefined;
    metadata.agentRole = late.agentRole ?? undefined;
    metadata.agentPath = late.agentPath ?? undefined;
  }
  return {
    threadId,
    path: logical,
    actualPath,
    archived: isArchivedPath(logical, options.archivedDir),
    stat: fileStat,
    metadata,
    listable: head.listable,
    firstSessionMeta,
    tailFacts,
  };
}
