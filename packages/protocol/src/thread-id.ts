import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

/** A thread id: a lowercase hyphenated UUID (new ids are UUIDv7). */
export type ThreadId = string & { readonly __brand?: 'ThreadId' };

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID string (any version, any case), the only form a thread id may take. */
export function isThreadId(value: unknown): value is ThreadId {
  return typeof value === 'string' && value.length === 36 && UUID_PATTERN.test(value);
}

/** Zod schema for a thread id; accepts any UUID and normalises it to lowercase. */
export const ThreadIdSchema = z
  .string()
  .refine(isThreadId, { message: 'must be a UUID such as 0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55' })
  .transform((id) => id.toLowerCase() as ThreadId);

/** Parses a thread id, or returns undefined. Never builds anything from an invalid value. */
export function parseThreadId(value: unknown): ThreadId | undefined {
  return isThreadId(value) ? (value.toLowerCase() as ThreadId) : undefined;
}

/** A new time-ordered thread id (UUIDv7, lowercase), as Codex generates. */
export function newThreadId(): ThreadId {
  return uuidv7() as ThreadId;
}
