import {
  KNOWN_EVENT_SCHEMAS,
  KNOWN_RESPONSE_ITEM_SCHEMAS,
  ROLLOUT_ITEM_SCHEMAS,
  type RolloutItem,
  ThreadIdSchema,
  type UnknownRolloutItem,
} from '@threadkit/protocol';
import { z } from 'zod';

/** A thread id in params: any UUID, normalised to lowercase. */
export const ThreadIdParamSchema = ThreadIdSchema;

/** A point in time. Invalid dates (`new Date('x')`) are rejected. */
export const TimestampSchema = z.date({ error: 'must be a valid Date' });

/**
 * One history record as stores append and return it: a rollout item without
 * its envelope. Known kinds carry their typed payload; unknown kinds are kept
 * verbatim.
 */
export type ThreadHistoryItem = RolloutItem | UnknownRolloutItem;

const byName = (table: object, name: unknown): z.ZodType | undefined =>
  typeof name === 'string' && Object.hasOwn(table, name) ? (table as Record<string, z.ZodType>)[name] : undefined;

// The narrowest schema that applies, so an error names the exact payload field
// (the tagged-union schemas of events and response items only say "invalid").
function payloadSchemaFor(type: string, payload: unknown): z.ZodType | undefined {
  const tag = typeof payload === 'object' && payload !== null ? (payload as { type?: unknown }).type : undefined;
  if (type === 'event_msg') return byName(KNOWN_EVENT_SCHEMAS, tag) ?? ROLLOUT_ITEM_SCHEMAS.event_msg;
  if (type === 'response_item') return byName(KNOWN_RESPONSE_ITEM_SCHEMAS, tag) ?? ROLLOUT_ITEM_SCHEMAS.response_item;
  return byName(ROLLOUT_ITEM_SCHEMAS, type);
}

/**
 * Validates one history item: `type` is a non-empty string, known kinds'
 * payloads satisfy protocol's schema. The payload object itself is passed
 * through untouched (same object, same key order), so nothing is lost on a
 * round trip.
 */
export const ThreadHistoryItemSchema = z
  .looseObject({
    type: z.string().min(1, 'type must be a non-empty string'),
    payload: z.unknown(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((item, ctx) => {
    const schema = payloadSchemaFor(item.type, item.payload);
    if (!schema) return;
    const result = schema.safeParse(item.payload);
    if (result.success) return;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['payload', ...issue.path] });
    }
  }) as unknown as z.ZodType<ThreadHistoryItem, ThreadHistoryItem>;

export const ThreadHistoryItemsSchema = z.array(ThreadHistoryItemSchema);

/** Git facts of a thread's cwd, camelCase. A thread with none of the three has `gitInfo: null`. */
export interface StoredGitInfo {
  commitHash: string | null;
  branch: string | null;
  repositoryUrl: string | null;
}

export const StoredGitInfoSchema = z.object({
  commitHash: z.string().nullable(),
  branch: z.string().nullable(),
  repositoryUrl: z.string().nullable(),
});

/** Memory mode of a thread: Codex writes `disabled` only; absent means `enabled`. */
export type ThreadMemoryMode = 'enabled' | 'disabled';
export const ThreadMemoryModeSchema = z.enum(['enabled', 'disabled']);

/** The sort keys of listings. */
export type ThreadSortKey = 'created_at' | 'updated_at' | 'recency_at';
export const THREAD_SORT_KEYS: readonly ThreadSortKey[] = ['created_at', 'updated_at', 'recency_at'];
export const ThreadSortKeySchema = z.enum(['created_at', 'updated_at', 'recency_at']);

export type SortDirection = 'asc' | 'desc';
export const SortDirectionSchema = z.enum(['asc', 'desc']);

/** A page size: a whole number from 1 to 10,000. */
export const PageSizeSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(10_000, 'must be at most 10000');

export const DEFAULT_PAGE_SIZE = 25;
