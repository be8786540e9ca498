import { ThreadIdSchema } from '@threadkit/protocol';
import { z } from 'zod';
import { invalidRequest } from './errors';
import { isJsonValue } from './json-value';

/** Epoch milliseconds a JavaScript Date can hold (±100,000,000 days). */
const MAX_EPOCH_MS = 8.64e15;

/** A `Date` or epoch milliseconds, normalised to an integer millisecond count. */
export const TimestampSchema = z
  .union([z.date(), z.number()])
  .transform((value, ctx) => {
    const ms = typeof value === 'number' ? value : value.getTime();
    if (!Number.isInteger(ms) || Math.abs(ms) > MAX_EPOCH_MS) {
      ctx.addIssue({ code: 'custom', message: 'must be a valid Date or integer epoch milliseconds' });
      return z.NEVER;
    }
    return ms;
  });

export { ThreadIdSchema };

export const NonEmptyTextSchema = z.string().min(1, 'must not be empty');

/** Any JSON value except `null` (which means "clear" in patches). Kept as given, not copied. */
export const JsonValueSchema = z
  .custom<NonNullable<unknown>>(isJsonValue, { message: 'must be a JSON value' })
  .refine((value) => value !== null, 'must not be null');

function describePath(root: string, path: readonly PropertyKey[]): string {
  return [root, ...path.map(String)].filter((part) => part !== '').join('.');
}

/**
 * Validates `value` or throws `invalid_request` naming the first bad field
 * (e.g. `patch.gitInfo.branch`, `params.cursor`), so callers can show it as is.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw invalidRequest(root, 'rejected');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    throw invalidRequest(describePath(root, [...issue.path, key]), 'unknown field');
  }
  throw invalidRequest(describePath(root, issue.path), issue.message);
}
