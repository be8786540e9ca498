import { getRandomValues } from 'node:crypto';
import { z } from 'zod';

/** A thread id: a lowercase hyphenated UUID (new ids are UUIDv7). */
export type ThreadId = string & { readonly __brand?: 'ThreadId' };

// Flag-free so the same pattern can be written into the JSON Schema.
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const UUID_MESSAGE = 'must be a UUID such as 0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';

/** True when `value` is a UUID string (any version, any case), the only form a thread id may take. */
export function isThreadId(value: unknown): value is ThreadId {
  return typeof value === 'string' && value.length === 36 && UUID_PATTERN.test(value);
}

/** Zod schema for a thread id; accepts any UUID and normalises it to lowercase. */
export const ThreadIdSchema = z
  .string()
  .refine(isThreadId, { message: UUID_MESSAGE })
  .transform((id) => id.toLowerCase() as ThreadId);

/** Zod schema for a UUID as read from a file: validated, never rewritten (case is kept). */
export const ThreadIdStringSchema = z.string().regex(UUID_PATTERN, { message: UUID_MESSAGE });

/** Parses a thread id, or returns undefined. Never builds anything from an invalid value. */
export function parseThreadId(value: unknown): ThreadId | undefined {
  return isThreadId(value) ? (value.toLowerCase() as ThreadId) : undefined;
}

const COUNTER_BITS = 26;
const COUNTER_LIMIT = 2 ** COUNTER_BITS;
let lastMillis = 0;
let counter = 0;

/**
 * A new time-ordered thread id (UUIDv7, RFC 9562, lowercase), as Codex
 * generates. Ids made by this process sort in creation order even within one
 * millisecond: 26 bits after the timestamp are a counter seeded at random
 * each millisecond (method 1 of RFC 9562 §6.2); the last 48 bits are random.
 */
export function newThreadId(): ThreadId {
  const bytes = getRandomValues(new Uint8Array(16));
  const now = Date.now();
  if (now > lastMillis) {
    lastMillis = now;
    counter = randomCounterSeed(bytes);
  } else {
    counter += 1;
    if (counter >= COUNTER_LIMIT) {
      // Exhausted within one millisecond (or the clock went back): borrow the next one.
      lastMillis += 1;
      counter = randomCounterSeed(bytes);
    }
  }
  let millis = lastMillis;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = millis % 256;
    millis = Math.floor(millis / 256);
  }
  bytes[6] = 0x70 | ((counter >>> 22) & 0x0f);
  bytes[7] = (counter >>> 14) & 0xff;
  bytes[8] = 0x80 | ((counter >>> 8) & 0x3f);
  bytes[9] = counter & 0xff;
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` as ThreadId;
}

/** 25 random bits: the top counter bit starts clear so a millisecond has room for 2^25 ids. */
function randomCounterSeed(bytes: Uint8Array): number {
  return ((bytes[6]! & 0x01) << 24) | (bytes[7]! << 16) | (bytes[8]! << 8) | bytes[9]!;
}
