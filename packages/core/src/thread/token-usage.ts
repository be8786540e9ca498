import type { TokenUsage } from '@threadkit/protocol';
import { z } from 'zod';

const count = z.number().int('must be a whole number').nonnegative('must not be negative');

/** Token counts of one model response, as the caller reports them. */
export const TokenUsageInputSchema = z.looseObject({
  input_tokens: count,
  cached_input_tokens: count.optional(),
  cache_write_input_tokens: count.optional(),
  output_tokens: count,
  reasoning_output_tokens: count.optional(),
  total_tokens: count,
});

const SUMMED_FIELDS = [
  'input_tokens',
  'cached_input_tokens',
  'cache_write_input_tokens',
  'output_tokens',
  'reasoning_output_tokens',
  'total_tokens',
] as const;

/**
 * Adds one response's usage to a running total, field by field. Codex writes the optional
 * fields as 0 when a provider reports none, so the total always carries them (except cache
 * writes, which only newer builds know).
 */
export function addTokenUsage(total: TokenUsage | undefined, usage: TokenUsage): TokenUsage {
  const sum: Record<string, number> = {};
  for (const field of SUMMED_FIELDS) {
    const a = total?.[field];
    const b = usage[field];
    if (a === undefined && b === undefined && field === 'cache_write_input_tokens') continue;
    sum[field] = (typeof a === 'number' ? a : 0) + (typeof b === 'number' ? b : 0);
  }
  return sum as TokenUsage;
}

/** The same usage with Codex's always-present fields filled in (0 when not reported). */
export function normalizeTokenUsage(usage: TokenUsage): TokenUsage {
  return addTokenUsage(undefined, usage);
}

/** The running total recorded by the newest `token_count` event of a history, if any. */
export function lastRecordedTotal(items: readonly { type: string; payload: unknown }[]): TokenUsage | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.type !== 'event_msg') continue;
    const payload = item.payload as { type?: unknown; info?: { total_token_usage?: unknown } | null };
    if (payload.type !== 'token_count' || !payload.info) continue;
    const parsed = TokenUsageInputSchema.safeParse(payload.info.total_token_usage);
    if (parsed.success) return normalizeTokenUsage(parsed.data as TokenUsage);
  }
  return undefined;
}
