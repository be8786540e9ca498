import { parseThreadId, type ThreadId } from '@threadkit/protocol';
import {
  type ExistingRolloutFile,
  existingRolloutFile,
  isRolloutError,
  type ObservedRecord,
  plainRolloutPath,
  type RolloutHead,
  type RolloutFileStat,
  readRolloutHead,
  TAIL_WINDOW_BYTES,
  type ThreadFileMetadata,
  ThreadMetadataExtractor,
} from '@threadkit/rollout';
import type { StoredGitInfo } from '../types/common';
import { recordsBeforeTailWindow } from './late-fact-scan';
import { isArchivedPath } from './rollout-paths';
import { type SessionMetaFacts, sessionMetaFacts, sessionMetaGit } from './session-meta-facts';

/** What the store knows about a rollout file without reading all of it. */
export interface RolloutSummary {
  threadId: ThreadId;
  /** The logical `.jsonl` path. */
  path: string;
  /** The file that exists (plain or `.zst`). */
  actualPath: string;
  archived: boolean;
  stat: RolloutFileStat;
  /**
   * Identity, preview and first user message from the head (as Codex lists
   * it); model, effort, approval, permissions, token usage, git facts and
   * memory mode as of the file's last records that carry them.
   */
  metadata: ThreadFileMetadata;
  /** Session_meta and preview in the head: the thread appears in listings. */
  listable: boolean;
  /** The payload of the thread's first session_meta (the base of metadata copies). */
  firstSessionMeta: Record<string, unknown>;
  /** Facts seen past the head (see TailFacts): what the file says now, for rows that are already indexed. */
  tailFacts: TailFacts;
}

/**
 * Late facts: from the last records past the head that carry them (the tail
 * window, and the lines before it). A field is present only when such a
 * record was found.
 */
export interface TailFacts {
  model?: string | null;
  reasoningEffort?: string | null;
  approvalMode?: unknown;
  permissionProfile?: unknown;
  tokenUsage?: Record<string, unknown>;
  /** From the last session_meta of the thread that carries `git` (`null`: all cleared). */
  gitInfo?: StoredGitInfo | null;
  /** From the last session_meta of the thread. */
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

type SummaryOptions = {
  archivedDir: string;
  threadId?: string;
  actualPath?: string;
  compressed?: boolean;
  stat?: RolloutFileStat;
};

/** The head and tail window of the file a scan found, else of whatever form of the rollout exists now. */
async function readEnds(
  logicalPath: string,
  options: SummaryOptions,
): Promise<{ file: ExistingRolloutFile; head: RolloutHead } | undefined> {
  const read = async (file: ExistingRolloutFile) => ({
    file,
    head: await readRolloutHead(file.actualPath, { threadId: options.threadId, file, tailWindowBytes: TAIL_WINDOW_BYTES }),
  });
  if (options.actualPath !== undefined && options.stat !== undefined) {
    const compressed = options.compressed ?? options.actualPath.endsWith('.zst');
    try {
      return await read({ logicalPath, actualPath: options.actualPath, compressed, stat: options.stat });
    } catch (error) {
      // The scanned form may have been swapped (compressed, or decompressed) since: then look again.
      if (!isRolloutError(error, 'not_found')) throw error;
    }
  }
  const file = await existingRolloutFile(logicalPath);
  return file ? read(file) : undefined;
}

/**
 * Summarizes one rollout: its head (identity, preview) and its tail window
 * (latest facts), through one open of the file. The lines of a plain file
 * before the window are scanned for later facts too, once, and afterwards
 * only where the file grew (see recordsBeforeTailWindow). Undefined when the
 * file does not exist or has no session_meta of the thread its name says. A
 * caller that scanned the file passes what the scan found.
 */
export async function summarizeRollout(path: string, options: SummaryOptions): Promise<RolloutSummary | undefined> {
  const logicalPath = plainRolloutPath(path);
  const ends = await readEnds(logicalPath, options);
  if (!ends) return undefined;
  const { file, head } = ends;
  if (!head.metadata) return undefined;
  const threadId = head.metadata.threadId;
  const firstSessionMeta = head.lines.find(
    (line) => line.type === 'session_meta' && parseThreadId((line.payload as { id?: unknown }).id) === threadId,
  )?.payload as Record<string, unknown> | undefined;
  if (!firstSessionMeta) return undefined;

  // The latest of these records may lie before the tail window: the lines there are scanned too.
  const tailRecords = file.compressed
    ? head.tailRecords
    : [...(await recordsBeforeTailWindow(file.actualPath, threadId, file.stat.sizeBytes)), ...head.tailRecords];
  const extractor = new ThreadMetadataExtractor(threadId);
  extractor.observeAll(head.lines as ObservedRecord[]);
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
    path: logicalPath,
    actualPath: file.actualPath,
    archived: isArchivedPath(logicalPath, options.archivedDir),
    stat: file.stat,
    metadata,
    listable: head.listable,
    firstSessionMeta,
    tailFacts,
  };
}
