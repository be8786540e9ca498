import type { JsonObject } from './items/common';
import { rolloutPayloadIssue } from './payload-validation';
import { stringifyJson } from './stringify-json';
import {
  isKnownRolloutItemType,
  type RolloutItem,
  type RolloutLine,
  type UnknownRolloutItem,
  type UnknownRolloutLine,
} from './rollout-line';

/** Why a line could not be used. Every kind is skippable: a reader moves on to the next line. */
export type RolloutLineErrorKind =
  | 'blank'
  | 'too_long'
  | 'invalid_json'
  | 'not_an_object'
  | 'legacy_format'
  | 'invalid_envelope'
  | 'invalid_payload';

export interface RolloutLineError {
  kind: RolloutLineErrorKind;
  message: string;
}

export type ParseRolloutLineResult =
  | { ok: true; known: true; line: RolloutLine }
  | { ok: true; known: false; line: UnknownRolloutLine }
  | { ok: false; error: RolloutLineError };

export interface ParseRolloutLineOptions {
  /** Lines longer than this many UTF-16 code units are rejected without parsing. Default 256 MiB. */
  maxLength?: number;
  /** Validate the payload of known kinds against their schema (default true). */
  validatePayload?: boolean;
}

const DEFAULT_MAX_LENGTH = 256 * 1024 * 1024;

function fail(kind: RolloutLineErrorKind, message: string): ParseRolloutLineResult {
  return { ok: false, error: { kind, message } };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEnvelopeKey(key: string): boolean {
  return key === 'timestamp' || key === 'type' || key === 'payload' || key === 'ordinal' || key === 'metadata';
}

/** Why an object without a payload is not a line: an older era, or a broken envelope. */
function missingPayload(value: JsonObject): ParseRolloutLineResult {
  if ('record_type' in value) return fail('legacy_format', 'a {"record_type": ...} line of the bare format of 2025');
  if (!('timestamp' in value) && typeof value.type === 'string') {
    return fail('legacy_format', 'a bare response item of the format of 2025 (no envelope)');
  }
  if (!('type' in value) && 'id' in value) {
    return fail('legacy_format', 'a bare session header of the format of 2025 (no envelope)');
  }
  return fail('invalid_envelope', 'missing "payload"');
}

/**
 * Parses one rollout line (without its trailing newline). Never throws.
 * Known kinds come back typed (`known: true`) with their payload object as it
 * was read, so unknown fields and key order survive a rewrite; unknown kinds
 * come back verbatim (`known: false`); bare 2025 lines and
 * `{"record_type":"state"}` come back as `legacy_format` errors to skip.
 */
export function parseRolloutLine(text: string, options: ParseRolloutLineOptions = {}): ParseRolloutLineResult {
  if (typeof text !== 'string') return fail('invalid_json', 'a line must be a string');
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) return fail('too_long', `line of ${text.length} characters exceeds ${maxLength}`);
  let value: unknown;
  try {
    // JSON.parse already skips the whitespace JSON allows (including a CR of CRLF files).
    value = JSON.parse(text);
  } catch (err) {
    const trimmed = text.trim();
    if (trimmed === '') return fail('blank', 'blank line');
    // A byte-order mark or Unicode spaces around the object: retry without them.
    try {
      value = trimmed === text ? undefined : JSON.parse(trimmed);
    } catch {}
    if (value === undefined) return fail('invalid_json', `not JSON: ${(err as Error).message}`);
  }
  if (!isObject(value)) return fail('not_an_object', 'a rollout line must be a JSON object');
  const { timestamp, ordinal, type, payload, metadata } = value;
  if (payload === undefined) return missingPayload(value);
  if (timestamp === undefined) return fail('invalid_envelope', 'missing "timestamp"');
  if (typeof timestamp !== 'string') return fail('invalid_envelope', '"timestamp" must be a string');
  if (typeof type !== 'string') return fail('invalid_envelope', '"type" must be a string');
  if (ordinal !== undefined && !(typeof ordinal === 'number' && Number.isSafeInteger(ordinal) && ordinal >= 0)) {
    return fail('invalid_envelope', '"ordinal" must be a non-negative integer');
  }
  if (metadata !== undefined && !isObject(metadata)) return fail('invalid_envelope', '"metadata" must be an object');

  // The parsed object is the line unless it has top-level keys of its own;
  // those move to `extra` so the line type stays exact.
  let line: JsonObject = value;
  for (const key in value) {
    if (isEnvelopeKey(key)) continue;
    line = { timestamp, type, payload };
    if (ordinal !== undefined) line.ordinal = ordinal;
    if (metadata !== undefined) line.metadata = metadata;
    const extra: JsonObject = {};
    // defineProperty, not assignment: a key named `__proto__` must stay an own field.
    for (const other in value) {
      if (!isEnvelopeKey(other)) Object.defineProperty(extra, other, { value: value[other], enumerable: true, writable: true, configurable: true });
    }
    line.extra = extra;
    break;
  }

  if (!isKnownRolloutItemType(type)) return { ok: true, known: false, line: line as unknown as UnknownRolloutLine };
  if (!isObject(payload)) return fail('invalid_payload', `invalid ${type} payload: expected an object`);
  if (options.validatePayload !== false) {
    const issue = rolloutPayloadIssue(type, payload, metadata);
    if (issue !== undefined) return fail('invalid_payload', issue);
  }
  return { ok: true, known: true, line: line as unknown as RolloutLine };
}

/** Appends `<prefix>value` the way JSON.stringify would (members whose value has no JSON form are left out). */
function member(prefix: string, value: unknown): string {
  const json = stringifyJson(value);
  return json === undefined ? '' : prefix + json;
}

/**
 * Serializes a line exactly as Codex writes it: compact JSON with the field
 * order timestamp, ordinal (when present), type, payload, metadata (when
 * present), then any unknown top-level fields. No trailing newline.
 */
export function serializeRolloutLine(line: RolloutLine | UnknownRolloutLine): string {
  let out = member(',"timestamp":', line.timestamp);
  if (line.ordinal !== undefined) out += member(',"ordinal":', line.ordinal);
  out += member(',"type":', line.type);
  out += member(',"payload":', line.payload);
  const metadata = (line as { metadata?: JsonObject }).metadata;
  if (metadata !== undefined) out += member(',"metadata":', metadata);
  if (line.extra) {
    for (const key in line.extra) if (!isEnvelopeKey(key)) out += member(`,${JSON.stringify(key)}:`, line.extra[key]);
  }
  return `{${out.slice(1)}}`;
}

/**
 * The text of `serializeRolloutLine(toRolloutLine(item, date))` for a line
 * stamped `timestamp` (a formatted rollout timestamp), without building the
 * line object: what a writer calls for every record.
 */
export function serializeRolloutItem(item: RolloutItem | UnknownRolloutItem, timestamp: string): string {
  let out = member(',"timestamp":', timestamp);
  out += member(',"type":', item.type);
  out += member(',"payload":', item.payload);
  const metadata = (item as { metadata?: JsonObject }).metadata;
  if (metadata !== undefined) out += member(',"metadata":', metadata);
  return `{${out.slice(1)}}`;
}

/** Formats a Date as Codex's line timestamp: `YYYY-MM-DDThh:mm:ss.mmmZ` (UTC). */
export function formatRolloutTimestamp(date: Date): string {
  return date.toISOString();
}

/** Wraps an item in an envelope stamped with `date` (legacy mode: no ordinal). */
export function toRolloutLine(item: RolloutItem | UnknownRolloutItem, date: Date = new Date()): RolloutLine {
  const line: Record<string, unknown> = { timestamp: formatRolloutTimestamp(date), type: item.type, payload: item.payload };
  const metadata = (item as { metadata?: JsonObject }).metadata;
  if (metadata !== undefined) line.metadata = metadata;
  return line as unknown as RolloutLine;
}

/** Strips the envelope from a line, keeping `metadata` on response items. */
export function toRolloutItem(line: RolloutLine | UnknownRolloutLine): RolloutItem | UnknownRolloutItem {
  const item: Record<string, unknown> = { type: line.type, payload: line.payload };
  const metadata = (line as { metadata?: JsonObject }).metadata;
  if (metadata !== undefined) item.metadata = metadata;
  return item as unknown as RolloutItem;
}
