import {
  type HistoryMode,
  isKnownRolloutItemType,
  type ParseRolloutLineResult,
  parseRolloutLine,
  parseThreadId,
  ROLLOUT_ITEM_SCHEMAS,
  type RolloutItemType,
  type RolloutLine,
  rolloutPayloadIssue,
  type RolloutLineErrorKind,
  type SessionMeta,
  type ThreadId,
  type UnknownRolloutLine,
} from '@threadkit/protocol';
import { rolloutChunks } from './byte-source';
import { plainRolloutPath } from './file-name';
import { type ResolvedRolloutFile, resolveRolloutFile } from './resolve-file';
import { LineSplitter } from './line-splitter';

/** Why lines were skipped: the codec's reasons plus lines of kinds this version does not know. */
export type SkippedLineKind = RolloutLineErrorKind | 'unknown_kind';

export type SkippedLineCounts = Record<SkippedLineKind, number>;

export function emptySkippedCounts(): SkippedLineCounts {
  return {
    blank: 0,
    too_long: 0,
    invalid_json: 0,
    not_an_object: 0,
    legacy_format: 0,
    invalid_envelope: 0,
    invalid_payload: 0,
    unknown_kind: 0,
  };
}

export function totalSkipped(counts: SkippedLineCounts): number {
  let total = 0;
  for (const value of Object.values(counts)) total += value;
  return total;
}

/**
 * How much of each line to check.
 * - `structure` (default): the envelope, an object payload with a string `type` for
 *   response items and events, and the full schema for the rare kinds readers rely on
 *   (session_meta, turn_context, compacted). Fast enough for 100 MB files.
 * - `full`: every payload against its zod schema.
 */
export type LineValidation = 'structure' | 'full';

export interface ReadRolloutOptions {
  validation?: LineValidation;
  /** Also yield lines of unknown kinds, verbatim (for rewrites that must not lose them). Default false. */
  includeUnknown?: boolean;
  /** Lines longer than this many bytes are skipped as `too_long`. Default 256 MiB. */
  maxLineBytes?: number;
  /** Read size in bytes. Default 1 MiB. */
  chunkSize?: number;
}

export type ReadLine = RolloutLine | UnknownRolloutLine;

const SCHEMA_CHECKED_KINDS = new Set(['session_meta', 'turn_context', 'compacted']);

/**
 * Validates a known payload with protocol's compiled check (no allocation on
 * the common, valid path). A session_meta whose only fault is its
 * `history_mode` still counts as valid, so the caller can see (and refuse)
 * the mode instead of losing the file's identity; only that rare failure
 * asks zod which fields are wrong.
 */
function payloadIsValid(type: RolloutItemType, payload: unknown): boolean {
  if (rolloutPayloadIssue(type, payload) === undefined) return true;
  if (type !== 'session_meta') return false;
  const result = ROLLOUT_ITEM_SCHEMAS[type].safeParse(payload);
  return !result.success && result.error.issues.every((issue) => issue.path[0] === 'history_mode');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Legacy undo snapshots: Codex drops them on load, and so do we. */
function isGhostSnapshot(value: unknown): boolean {
  return isObject(value) && value.type === 'ghost_snapshot';
}

const ENVELOPE_KEYS = new Set(['timestamp', 'ordinal', 'type', 'payload', 'metadata']);

/**
 * The common case without copying: a JSON object whose keys are all envelope
 * keys, with a string timestamp and type, a known kind and no ordinal or
 * metadata oddities. Anything else returns undefined and goes through the
 * codec, which gives the exact reason a line is skipped.
 */
function fastParse(text: string): ParseRolloutLineResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const line = value as Record<string, unknown>;
  for (const key in line) if (!ENVELOPE_KEYS.has(key)) return undefined;
  if (typeof line.timestamp !== 'string' || typeof line.type !== 'string' || !('payload' in line)) return undefined;
  if (line.ordinal !== undefined && !(typeof line.ordinal === 'number' && Number.isSafeInteger(line.ordinal) && line.ordinal >= 0)) {
    return undefined;
  }
  if (line.metadata !== undefined && !isObject(line.metadata)) return undefined;
  if (!isKnownRolloutItemType(line.type)) return undefined;
  return { ok: true, known: true, line: line as unknown as RolloutLine };
}

/**
 * Decodes lines one at a time and keeps the per-file facts (first session_meta,
 * skip counts). Shared by the streaming, head and whole-file readers.
 */
export class LineDecoder {
  readonly skipped: SkippedLineCounts = emptySkippedCounts();
  /** Non-blank lines seen, parseable or not (Codex's head limits count these). */
  nonBlankLines = 0;
  /** Payload of the first session_meta line. */
  firstSessionMeta: SessionMeta | undefined;
  threadId: ThreadId | undefined;
  historyMode: HistoryMode | (string & {}) | undefined;

  constructor(
    private readonly validation: LineValidation = 'structure',
    private readonly includeUnknown = false,
  ) {}

  /** Returns the decoded line, or undefined when it is skipped (and counted). */
  decode(text: string): ReadLine | undefined {
    const parsed = fastParse(text) ?? parseRolloutLine(text, { validatePayload: false, maxLength: Infinity });
    if (!parsed.ok) {
      if (parsed.error.kind !== 'blank') this.nonBlankLines++;
      this.count(parsed.error.kind);
      return undefined;
    }
    this.nonBlankLines++;
    if (!parsed.known) {
      this.count('unknown_kind');
      return this.includeUnknown ? parsed.line : undefined;
    }
    const line = parsed.line;
    const payload: unknown = line.payload;
    if (!isObject(payload)) return this.invalid();
    if (this.validation === 'full' || SCHEMA_CHECKED_KINDS.has(line.type)) {
      if (!payloadIsValid(line.type, payload)) return this.invalid();
    } else if ((line.type === 'response_item' || line.type === 'event_msg') && typeof payload.type !== 'string') {
      return this.invalid();
    }
    if (line.type === 'response_item' && isGhostSnapshot(payload)) {
      this.count('legacy_format');
      return undefined;
    }
    if (line.type === 'compacted') {
      const history = line.payload.replacement_history;
      if (Array.isArray(history) && history.some(isGhostSnapshot)) {
        line.payload = { ...line.payload, replacement_history: history.filter((item) => !isGhostSnapshot(item)) };
      }
    }
    if (line.type === 'session_meta' && this.firstSessionMeta === undefined) {
      this.firstSessionMeta = line.payload;
      this.threadId = parseThreadId(line.payload.id);
      this.historyMode = typeof line.payload.history_mode === 'string' ? line.payload.history_mode : 'legacy';
    }
    return line;
  }

  /** Counts a skipped line; tolerant of reasons a newer codec may add. */
  count(kind: SkippedLineKind): void {
    this.skipped[kind] = (this.skipped[kind] ?? 0) + 1;
  }

  private invalid(): undefined {
    this.count('invalid_payload');
    return undefined;
  }
}

/**
 * A streaming, lenient reader of one rollout file (plain or `.jsonl.zst`).
 * Iterate it for lines in file order; memory stays bounded by the longest
 * line. Skipped lines are counted in `skipped`; `threadId` and `historyMode`
 * come from the first session_meta and are set once it has been read.
 */
export class RolloutReader implements AsyncIterable<ReadLine> {
  private readonly decoder: LineDecoder;
  private file: ResolvedRolloutFile | undefined;

  constructor(
    readonly path: string,
    private readonly options: ReadRolloutOptions = {},
  ) {
    this.decoder = new LineDecoder(options.validation, options.includeUnknown);
  }

  get skipped(): SkippedLineCounts {
    return this.decoder.skipped;
  }
  get threadId(): ThreadId | undefined {
    return this.decoder.threadId;
  }
  get historyMode(): HistoryMode | (string & {}) | undefined {
    return this.decoder.historyMode;
  }
  get sessionMeta(): SessionMeta | undefined {
    return this.decoder.firstSessionMeta;
  }
  /** The file read: the plain path, or its `.zst` sibling when only that exists. */
  get actualPath(): string | undefined {
    return this.file?.actualPath;
  }

  /** Lines in batches (one per read chunk): the fastest way through a big file. */
  async *batches(): AsyncGenerator<ReadLine[]> {
    this.file = await resolveRolloutFile(this.path);
    let batch: ReadLine[] = [];
    const splitter = new LineSplitter(
      (text) => {
        const line = this.decoder.decode(text);
        if (line) batch.push(line);
      },
      () => {
        this.decoder.nonBlankLines++;
        this.decoder.count('too_long');
      },
      this.options.maxLineBytes,
    );
    for await (const chunk of rolloutChunks(this.file, this.options.chunkSize)) {
      splitter.push(chunk);
      if (batch.length > 0) {
        const ready = batch;
        batch = [];
        yield ready;
      }
    }
    splitter.end();
    if (batch.length > 0) yield batch;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ReadLine> {
    for await (const batch of this.batches()) yield* batch;
  }
}

/** Everything a whole-file read returns. */
export interface RolloutFileContents {
  /** The logical (plain `.jsonl`) path. */
  path: string;
  /** The file that was read (plain, or `.zst` when only that exists). */
  actualPath: string;
  /** From the first session_meta; undefined when the file has none. */
  threadId: ThreadId | undefined;
  /** From the first session_meta (`legacy` when it omits the field); undefined without one. */
  historyMode: HistoryMode | (string & {}) | undefined;
  /** Lines in file order; unknown kinds only with `includeUnknown`. */
  lines: ReadLine[];
  skipped: SkippedLineCounts;
}

/** Reads a whole rollout file leniently. Memory is bounded by the history returned. */
export async function readRolloutFile(path: string, options: ReadRolloutOptions = {}): Promise<RolloutFileContents> {
  const reader = new RolloutReader(path, options);
  const lines: ReadLine[] = [];
  for await (const batch of reader.batches()) {
    for (const line of batch) lines.push(line);
  }
  const logicalPath = plainRolloutPath(path);
  return {
    path: logicalPath,
    actualPath: reader.actualPath ?? path,
    threadId: reader.threadId,
    historyMode: reader.historyMode,
    lines,
    skipped: reader.skipped,
  };
}
