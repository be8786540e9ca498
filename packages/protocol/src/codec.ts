import type { JsonObject } from './items/common';
import {
  isKnownRolloutItemType,
  ROLLOUT_ITEM_SCHEMAS,
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
const ENVELOPE_KEYS = new Set(['timestamp', 'ordinal', 'type', 'payload', 'metadata']);

function fail(kind: RolloutLineErrorKind, message: string): ParseRolloutLineResult {
  return { ok: false, error: { kind, message } };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  const trimmed = text.trim();
  if (trimmed === '') return fail('blank', 'blank line');
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    return fail('invalid_json', `not JSON: ${(err as Error).message}`);
  }
  if (!isObject(value)) return fail('not_an_object', 'a rollout line must be a JSON object');
  if (!('timestamp' in value) || !('payload' in value)) {
    if ('record_type' in value || typeof value.type === 'string' || 'id' in value) {
      return fail('legacy_format', 'a line from the bare format of 2025 (no envelope)');
    }
    return fail('invalid_envelope', 'missing "timestamp" or "payload"');
  }
  const { timestamp, ordinal, type, payload, metadata } = value;
  if (typeof timestamp !== 'string') return fail('invalid_envelope', '"timestamp" must be a string');
  if (typeof type !== 'string') return fail('invalid_envelope', '"type" must be a string');
  if (ordinal !== undefined && !(typeof ordinal === 'number' && Number.isSafeInteger(ordinal) && ordinal >= 0)) {
    return fail('invalid_envelope', '"ordinal" must be a non-negative integer');
  }
  if (metadata !== undefined && !isObject(metadata)) return fail('invalid_envelope', '"metadata" must be an object');

  const line: Record<string, unknown> = { timestamp };
  if (ordinal !== undefined) line.ordinal = ordinal;
  line.type = type;
  line.payload = payload;
  if (metadata !== undefined) line.metadata = metadata;
  let extra: JsonObject | undefined;
  for (const key of Object.keys(value)) {
    if (ENVELOPE_KEYS.has(key)) continue;
    extra ??= {};
    extra[key] = value[key];
  }
  if (extra) line.extra = extra;

  if (!isKnownRolloutItemType(type)) return { ok: true, known: false, line: line as unknown as UnknownRolloutLine };
  if (options.validatePayload !== false) {
    const result = ROLLOUT_ITEM_SCHEMAS[type].safeParse(payload);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue?.path.length ? ` at payload.${issue.path.join('.')}` : '';
      return fail('invalid_payload', `invalid ${type} payload${where}: ${issue?.message ?? 'unknown error'}`);
    }
  }
  return { ok: true, known: true, line: line as unknown as RolloutLine };
}

/**
 * Serializes a line exactly as Codex writes it: compact JSON with the field
 * order timestamp, ordinal (when present), type, payload, metadata (when
 * present). No trailing newline.
 */
export function serializeRolloutLine(line: RolloutLine | UnknownRolloutLine): string {
  const out: Record<string, unknown> = { timestamp: line.timestamp };
  if (line.ordinal !== undefined) out.ordinal = line.ordinal;
  out.type = line.type;
  out.payload = line.payload;
  const metadata = (line as { metadata?: JsonObject }).metadata;
  if (metadata !== undefined) out.metadata = metadata;
  if (line.extra) for (const [k, v] of Object.entries(line.extra)) if (!(k in out)) out[k] = v;
  return JSON.stringify(out);
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
