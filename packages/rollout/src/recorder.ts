import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, realpath, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  formatRolloutTimestamp,
  ROLLOUT_ITEM_SCHEMAS,
  type RolloutItem,
  rolloutPayloadIssue,
  type SessionMeta,
  SessionMetaSchema,
  serializeRolloutItem,
  type ThreadId,
  type UnknownRolloutItem,
} from '@threadkit/protocol';
import { decompressRollout } from './decompress';
import { fromFsError, hasErrno, RolloutError } from './errors';
import { newRolloutPath, parseRolloutFileName } from './file-name';
import { findRollout } from './find';
import { syncDirectoryChain } from './fs-durability';
import { readRolloutHead } from './head';
import { ARCHIVED_SESSIONS_DIR, checkHome, checkThreadId, SESSIONS_DIR } from './home';
import { persistedRolloutItems } from './policy';
import type { LineValidation } from './reader';
import { RecordWriter, writeFullySync } from './record-writer';
import { ThreadWriterLock } from './writer-lock';

type AnyItem = RolloutItem | UnknownRolloutItem;

export interface RecorderOptions {
  /** The Codex home the file lives in. Nothing is ever written outside it. */
  home: string;
  /** Stamps each record's envelope timestamp. Default: `() => new Date()`. */
  clock?: () => Date;
  /** Apply Codex's persistence policy to appends unless an append says otherwise. Default true. */
  applyPolicy?: boolean;
  /** How appended items are checked (see {@link LineValidation}). Default `structure`. */
  validation?: LineValidation;
  /** Take `<home>/thread-writer-locks/<id>.lock` while open. Default true. */
  lock?: boolean;
}

export interface CreateRecorderOptions extends RecorderOptions {
  /** The thread's session_meta payload: written as the first line when the file materializes. */
  sessionMeta: SessionMeta;
  /** IANA time zone for the local time in the file name and date folders. Default: the process's zone. */
  timeZone?: string;
}

export interface ResumeRecorderOptions extends RecorderOptions {
  /** The rollout to append to (`.jsonl`, or `.jsonl.zst` which is first turned back into plain). */
  path?: string;
  /** The thread to append to; its active rollout is looked up when no path is given. */
  threadId?: string;
}

export interface AppendOptions {
  /** Override the recorder's `applyPolicy` for this call. */
  applyPolicy?: boolean;
}

/** `open` until shutdown or discard; both are final. */
export type RecorderState = 'open' | 'shut_down' | 'discarded';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const STRUCTURE_CHECKED_KINDS = new Set(['session_meta', 'turn_context']);

/** Checks an item before anything is queued; the error names the offending index. */
function checkItem(item: unknown, index: number, validation: LineValidation): asserts item is AnyItem {
  const where = `items[${index}]`;
  if (!isObject(item)) throw new RolloutError('invalid_request', `${where} must be an object`);
  if (typeof item.type !== 'string' || item.type === '') {
    throw new RolloutError('invalid_request', `${where}.type must be a non-empty string`);
  }
  if (!('payload' in item) || item.payload === undefined) {
    throw new RolloutError('invalid_request', `${where}.payload is required`);
  }
  const known = Object.hasOwn(ROLLOUT_ITEM_SCHEMAS, item.type);
  if (!known) return;
  const type = item.type as keyof typeof ROLLOUT_ITEM_SCHEMAS;
  if (!isObject(item.payload)) throw new RolloutError('invalid_request', `${where}.payload must be an object`);
  if ((type === 'response_item' || type === 'event_msg') && typeof item.payload.type !== 'string') {
    throw new RolloutError('invalid_request', `${where}.payload.type must be a string`);
  }
  if (validation === 'full' || STRUCTURE_CHECKED_KINDS.has(type)) {
    // The compiled check decides; zod runs only to name the field of a failure.
    if (rolloutPayloadIssue(type, item.payload) === undefined) return;
    const result = ROLLOUT_ITEM_SCHEMAS[type].safeParse(item.payload);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.length ? `.${issue.path.join('.')}` : '';
      throw new RolloutError('invalid_request', `${where}.payload${field}: ${issue?.message ?? 'invalid'}`);
    }
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Appends one thread's records to its rollout file, in order, the way Codex
 * does: lazily created (nothing on disk until `persist()`, or a `flush()`
 * with records pending), one writer per file, concurrent appends coalesced
 * into one write, a newline first when resuming a file with a torn tail.
 */
export class RolloutRecorder {
  private stateValue: RecorderState = 'open';
  /** Cleared as soon as shutdown or discard is called: later appends fail at once. */
  private accepting = true;
  private handle: FileHandle | undefined;
  /** Set together with `handle`: every write to the open file goes through it. */
  private writer: RecordWriter | undefined;
  private materializing: Promise<void> | undefined;
  /** Serialized records appended before the file exists, one text per append. */
  private deferred: string[] = [];
  private deferredRecords = 0;
  /**
   * The directory entries of the file this recorder created, made durable
   * from the moment it exists (in the background, while records are
   * appended); a flush waits for it.
   */
  private entryDurable: Promise<void> | undefined;
  private lifecycle: Promise<unknown> = Promise.resolve();
  /** The write that created the file (session_meta and deferred records). */
  private creationBytes = 0;
  private stampMs = Number.NaN;
  private stampText = '';

  private constructor(
    /** The thread written. */
    readonly threadId: ThreadId,
    /** The plain `.jsonl` path of the rollout (chosen at creation, even before it exists). */
    readonly path: string,
    private readonly home: string,
    private readonly sessionMetaLine: SessionMeta | undefined,
    private readonly lock: ThreadWriterLock | undefined,
    private readonly options: RecorderOptions,
  ) {}

  /**
   * Opens a writer for a new thread. The path is chosen from the session_meta's
   * id and timestamp (local time in the name); nothing is written until
   * `persist()` or a `flush()` with records pending.
   */
  static async create(options: CreateRecorderOptions): Promise<RolloutRecorder> {
    const home = checkHome(options.home);
    const parsed = SessionMetaSchema.safeParse(options.sessionMeta);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? `.${issue.path.join('.')}` : '';
      throw new RolloutError('invalid_request', `sessionMeta${field}: ${issue?.message ?? 'invalid'}`);
    }
    const meta = options.sessionMeta;
    const threadId = checkThreadId(meta.id, 'sessionMeta.id');
    if (meta.history_mode !== undefined && meta.history_mode !== 'legacy') {
      throw new RolloutError('unsupported', `threadkit writes the legacy history mode, not ${JSON.stringify(meta.history_mode)}`);
    }
    const startedAt = new Date(meta.timestamp);
    if (Number.isNaN(startedAt.getTime())) {
      throw new RolloutError('invalid_request', `sessionMeta.timestamp is not a date: ${JSON.stringify(meta.timestamp)}`);
    }
    const path = newRolloutPath(home, threadId, startedAt, { timeZone: options.timeZone });
    const lock = options.lock === false ? undefined : await ThreadWriterLock.acquire(home, threadId);
    return new RolloutRecorder(threadId, path, home, meta, lock, options);
  }

  /**
   * Reopens an existing rollout for appends. Writes nothing by itself; a file
   * whose last byte is not a newline gets one before the next record. Only
   * legacy-mode files can be resumed; the file must sit inside the home.
   */
  static async resume(options: ResumeRecorderOptions): Promise<RolloutRecorder> {
    const home = checkHome(options.home);
    let path = options.path;
    const expectedId = options.threadId === undefined ? undefined : checkThreadId(options.threadId);
    if (path === undefined) {
      if (expectedId === undefined) throw new RolloutError('invalid_request', 'resume needs a path or a threadId');
      const found = await findRollout(home, expectedId);
      if (!found) throw new RolloutError('not_found', `no active rollout found for thread ${expectedId}`);
      path = found.actualPath;
    }
    if (typeof path !== 'string' || path === '') throw new RolloutError('invalid_request', 'path must be a non-empty string');
    path = resolve(home, path);
    const name = parseRolloutFileName(basename(path));
    if (!name) throw new RolloutError('invalid_request', `not a rollout file name: ${basename(path)}`);
    if (expectedId !== undefined && name.threadId !== expectedId) {
      throw new RolloutError('invalid_request', `rollout ${basename(path)} does not belong to thread ${expectedId}`);
    }
    await assertInsideHome(home, path);

    const lock = options.lock === false ? undefined : await ThreadWriterLock.acquire(home, name.threadId);
    try {
      const head = await readRolloutHead(path, { previewExtension: 0 });
      const meta = head.lines.find((line) => line.type === 'session_meta');
      if (!meta || !head.metadata) {
        throw new RolloutError('invalid_request', `rollout ${path} does not start with a session_meta of thread ${name.threadId}`);
      }
      if (head.metadata.threadId !== name.threadId) {
        throw new RolloutError('invalid_request', `rollout ${path} belongs to thread ${head.metadata.threadId}, not ${name.threadId}`);
      }
      if (head.metadata.historyMode !== 'legacy') {
        throw new RolloutError('unsupported', `rollout ${path} uses the ${head.metadata.historyMode} history mode; threadkit appends to legacy files only`);
      }
      const plainPath = head.actualPath.endsWith('.zst') ? await decompressRollout(head.actualPath) : head.path;
      const recorder = new RolloutRecorder(name.threadId, plainPath, home, undefined, lock, options);
      await recorder.openExisting();
      return recorder;
    } catch (err) {
      await lock?.release().catch(() => {});
      throw err;
    }
  }

  /** `open`, `shut_down` or `discarded`. */
  get state(): RecorderState {
    return this.stateValue;
  }

  /** Write calls made and bytes written so far (concurrent appends share one write). */
  get stats(): { writes: number; bytesWritten: number } {
    const appended = this.writer?.stats ?? { writes: 0, bytesWritten: 0 };
    const created = this.creationBytes > 0 ? 1 : 0;
    return { writes: appended.writes + created, bytesWritten: appended.bytesWritten + this.creationBytes };
  }

  /** True once the file exists (created by this recorder, or resumed). */
  get isMaterialized(): boolean {
    return this.handle !== undefined;
  }

  /**
   * Appends records in order. The persistence policy applies unless disabled;
   * each record is stamped with the recorder's clock. Once the file exists the
   * promise resolves when the bytes reached the OS (not the disk: see
   * `flush()`); before that, records wait in memory for `persist()`/`flush()`.
   * Bad items reject with `invalid_request` and queue nothing. A write the OS
   * refuses rejects with `io` (the OS error as `cause`) and its records are
   * dropped: they are never written later.
   */
  async append(items: readonly AnyItem[], options: AppendOptions = {}): Promise<void> {
    if (!this.accepting) this.assertOpen(true);
    if (!Array.isArray(items)) throw new RolloutError('invalid_request', 'items must be an array');
    const validation = this.options.validation ?? 'structure';
    for (let index = 0; index < items.length; index++) checkItem(items[index], index, validation);
    const kept = (options.applyPolicy ?? this.options.applyPolicy ?? true) ? persistedRolloutItems(items) : items;
    if (kept.length === 0) return;
    const text = this.serialize(kept);
    if (!this.writer) {
      // Stamped again when the file materializes: Codex stamps records when they are written.
      this.deferred.push(text);
      this.deferredRecords += kept.length;
      return;
    }
    await this.writer.append(text);
  }

  /**
   * Drops the records waiting in memory for the file to be created (appended
   * before it exists) and returns how many there were. Records of an existing
   * file are written as they come and are not affected.
   */
  discardDeferred(): number {
    const count = this.deferredRecords;
    this.deferred = [];
    this.deferredRecords = 0;
    return count;
  }

  /** Creates the file if needed (session_meta first, then deferred records) and writes what is queued. */
  persist(): Promise<void> {
    return this.serialized(async () => {
      this.assertOpen();
      await this.materialize();
      await this.writer?.drain();
    });
  }

  /**
   * Makes every record appended so far durable (fdatasync). Materializes the
   * file only when records are pending; a recorder with nothing to write stays
   * without a file.
   */
  flush(): Promise<void> {
    return this.serialized(async () => {
      this.assertOpen();
      await this.flushInternal();
    });
  }

  /** Drains and syncs like `flush()`, then closes the file and releases the writer lock. Idempotent. */
  shutdown(): Promise<void> {
    this.accepting = false;
    return this.serialized(async () => {
      if (this.stateValue !== 'open') return;
      await this.flushInternal();
      this.stateValue = 'shut_down';
      await this.close();
    });
  }

  /**
   * Stops the writer without forcing anything out: records never written are
   * dropped (a never-materialized thread leaves no file), what already reached
   * the file stays. Later appends fail with `closed`. Idempotent.
   */
  discard(): Promise<void> {
    this.accepting = false;
    return this.serialized(async () => {
      if (this.stateValue !== 'open') return;
      this.stateValue = 'discarded';
      this.discardDeferred();
      this.writer?.rejectQueued(
        new RolloutError('closed', `thread ${this.threadId}: recorder discarded before the records were written`),
      );
      await this.writer?.drain();
      await this.close();
    });
  }

  private assertOpen(closing = false): void {
    if (this.stateValue !== 'open' || closing) {
      const state = this.stateValue === 'open' ? 'closing' : this.stateValue.replace('_', ' ');
      throw new RolloutError('closed', `thread ${this.threadId}: recorder is ${state}`);
    }
  }

  /** Runs lifecycle operations one at a time, in call order. */
  private serialized<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.lifecycle.then(operation, operation);
    this.lifecycle = run.catch(() => {});
    return run;
  }

  /** The records as lines of text, each ending with `\n`. */
  private serialize(items: readonly AnyItem[]): string {
    const clock = this.options.clock ?? (() => new Date());
    let text = '';
    for (let index = 0; index < items.length; index++) {
      try {
        text += `${serializeRolloutItem(items[index]!, this.stamp(clock()))}\n`;
      } catch (err) {
        throw new RolloutError('invalid_request', `items[${index}] cannot be serialized: ${(err as Error).message}`, { cause: err });
      }
    }
    return text;
  }

  /** The formatted timestamp of `date`; records of one millisecond share it. */
  private stamp(date: Date): string {
    const ms = date.getTime();
    if (ms !== this.stampMs) {
      this.stampText = formatRolloutTimestamp(date);
      this.stampMs = ms;
    }
    return this.stampText;
  }

  private async flushInternal(): Promise<void> {
    if (!this.handle && this.deferred.length > 0) await this.materialize();
    if (!this.handle) return;
    await this.writer?.drain();
    try {
      await this.handle.datasync();
    } catch (err) {
      throw fromFsError(err, `cannot sync ${this.path}`);
    }
    await this.entryDurable;
  }

  private async materialize(): Promise<void> {
    if (this.handle) return;
    this.materializing ??= this.createFile().finally(() => {
      this.materializing = undefined;
    });
    await this.materializing;
  }

  private async createFile(): Promise<void> {
    const meta = this.sessionMetaLine;
    if (!meta) throw new RolloutError('io', `rollout ${this.path} is missing`);
    // Serialize the session_meta before touching the disk, so a bad payload creates nothing.
    const metaLine = this.serialize([{ type: 'session_meta', payload: meta }]);
    let handle: FileHandle;
    let createdDirsFrom: string | undefined;
    try {
      createdDirsFrom = await mkdir(dirname(this.path), { recursive: true });
      handle = await open(this.path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND, 0o644);
    } catch (err) {
      if (hasErrno(err, 'EEXIST')) {
        throw new RolloutError('conflict', `rollout ${this.path} already exists; refusing to write a second thread into it`, { cause: err });
      }
      throw fromFsError(err, `cannot create ${this.path}`);
    }
    // Synchronous from here to the end of the write: no append slips in between.
    const now = (this.options.clock ?? (() => new Date()))();
    let text = restamp(metaLine, now);
    for (const deferred of this.deferred) text += restampLines(deferred, now);
    const { written, error } = writeFullySync(handle.fd, text);
    if (error !== undefined) {
      // Leave no file without its session_meta: the records stay deferred for the next persist or flush.
      await handle.close().catch(() => {});
      await unlink(this.path).catch(() => {});
      throw fromFsError(error, `cannot write to ${this.path}`);
    }
    this.deferred = [];
    this.deferredRecords = 0;
    this.creationBytes = written;
    this.handle = handle;
    this.writer = new RecordWriter(handle, this.path);
    this.entryDurable = syncDirectoryChain(dirname(this.path), createdDirsFrom ?? dirname(this.path));
  }

  private async openExisting(): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, constants.O_WRONLY | constants.O_APPEND);
    } catch (err) {
      throw fromFsError(err, `cannot open ${this.path} for appending`);
    }
    let tornTail = false;
    try {
      const { size } = await handle.stat();
      if (size > 0) {
        const reader = await open(this.path, 'r');
        try {
          const last = Buffer.alloc(1);
          await reader.read(last, 0, 1, size - 1);
          tornTail = last[0] !== 0x0a;
        } finally {
          await reader.close();
        }
      }
    } catch (err) {
      await handle.close().catch(() => {});
      throw fromFsError(err, `cannot read ${this.path}`);
    }
    this.handle = handle;
    this.writer = new RecordWriter(handle, this.path, tornTail);
  }

  private async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.writer = undefined;
    try {
      await handle?.close();
    } catch (err) {
      throw fromFsError(err, `cannot close ${this.path}`);
    } finally {
      await this.lock?.release();
    }
  }
}

const STAMP_PREFIX = '{"timestamp":"';

/**
 * Replaces the envelope timestamp of a serialized line. The serializers
 * always write the timestamp first, so the value sits right after the prefix.
 */
function restamp(text: string, date: Date): string {
  const end = text.indexOf('"', STAMP_PREFIX.length);
  if (!text.startsWith(STAMP_PREFIX) || end === -1) return text;
  return STAMP_PREFIX + date.toISOString() + text.slice(end);
}

/** {@link restamp} for every line of a text of whole lines. */
function restampLines(text: string, date: Date): string {
  let out = '';
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    out += restamp(text.slice(start, end + 1), date);
    start = end + 1;
  }
  return out + text.slice(start);
}

/** Refuses paths outside `<home>/sessions` and `<home>/archived_sessions` (symlinks resolved). */
async function assertInsideHome(home: string, path: string): Promise<void> {
  let realHome: string;
  let realDir: string;
  try {
    realHome = await realpath(home);
    realDir = await realpath(dirname(path));
  } catch (err) {
    throw fromFsError(err, `cannot resolve ${path}`);
  }
  const allowed = [join(realHome, SESSIONS_DIR), join(realHome, ARCHIVED_SESSIONS_DIR)];
  if (!allowed.some((root) => realDir === root || isInside(realDir, root))) {
    throw new RolloutError('invalid_request', `rollout ${path} is not inside ${home}/${SESSIONS_DIR} or ${ARCHIVED_SESSIONS_DIR}`);
  }
}

/**
 * Appends records to a thread's existing rollout in one go (resume, append,
 * flush, shutdown), e.g. a session_meta copy carrying a metadata update for
 * a thread no writer has open. Takes and releases the writer lock.
 */
export async function appendToRollout(options: ResumeRecorderOptions & { items: readonly AnyItem[] } & AppendOptions): Promise<void> {
  const recorder = await RolloutRecorder.resume(options);
  try {
    await recorder.append(options.items, { applyPolicy: options.applyPolicy });
    await recorder.shutdown();
  } catch (err) {
    await recorder.discard().catch(() => {});
    throw err;
  }
}
