import { isAbsolute } from 'node:path';
import { type AskForApproval, AskForApprovalSchema, type ReasoningEffort, ReasoningEffortSchema } from '@threadkit/protocol';
import { z } from 'zod';

/** A JSON object kept verbatim (sandbox policies, extra turn_context fields). */
export type JsonObject = Record<string, unknown>;

/**
 * The model-visible settings of a turn, written into its `turn_context` record. Set them as
 * thread defaults, or per turn in `startTurn({ turnContext })`; per-turn values stay in effect
 * for the turns that follow, as Codex's turn overrides do.
 */
export interface TurnSettings {
  /** Absolute working directory of the turn. */
  cwd?: string;
  model?: string;
  /** `untrusted`, `on-request`, `never`, `{granular: ...}`, ... (written as `approval_policy`). */
  approvalPolicy?: AskForApproval;
  /** Written verbatim as `sandbox_policy`, e.g. `{ type: 'read-only' }`. */
  sandboxPolicy?: JsonObject;
  /** Written as `effort`; `null` leaves it out. */
  reasoningEffort?: ReasoningEffort | null;
  /** Written as `summary` (older Codex readers require it). */
  reasoningSummary?: string;
  personality?: string | null;
  /** Instructions sent as the developer message that opens a thread's first turn. */
  developerInstructions?: string | null;
  /** The model's context window, written in `task_started` and `token_count`. */
  modelContextWindow?: number | null;
  /** IANA time zone of the environment context (default: the process's). */
  timezone?: string;
  /** Shell named in the environment context (default: the basename of `$SHELL`, if set). */
  shell?: string | null;
  /** More `turn_context` fields, written verbatim after the ones above. */
  extra?: JsonObject;
}

/** TurnSettings with every field resolved. */
export interface ResolvedTurnSettings {
  cwd: string;
  model: string;
  approvalPolicy: AskForApproval;
  sandboxPolicy: JsonObject;
  reasoningEffort: ReasoningEffort | null;
  reasoningSummary: string;
  personality: string | null;
  developerInstructions: string | null;
  modelContextWindow: number | null;
  timezone: string;
  shell: string | null;
  extra: JsonObject;
}

const AbsolutePathSchema = z
  .string()
  .min(1, 'must be a non-empty path')
  .refine((value) => isAbsolute(value), { message: 'must be an absolute path' });

const validTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

/** Every field optional: the shape of defaults and of per-turn overrides. */
export const TurnSettingsSchema = z.strictObject({
  cwd: AbsolutePathSchema.optional(),
  model: z.string().min(1, 'must be a non-empty model name').optional(),
  approvalPolicy: (AskForApprovalSchema as z.ZodType<AskForApproval>).optional(),
  sandboxPolicy: z.record(z.string(), z.unknown()).optional(),
  reasoningEffort: (ReasoningEffortSchema as z.ZodType<ReasoningEffort>).nullable().optional(),
  reasoningSummary: z.string().min(1).optional(),
  personality: z.string().min(1).nullable().optional(),
  developerInstructions: z.string().nullable().optional(),
  modelContextWindow: z.number().int().positive().nullable().optional(),
  timezone: z.string().refine(validTimeZone, { message: 'must be an IANA time zone' }).optional(),
  shell: z.string().min(1).nullable().optional(),
  extra: z.record(z.string(), z.unknown()).optional(),
});

/** Overlays the fields `override` sets (not undefined) on `base`. */
export function mergeTurnSettings(base: ResolvedTurnSettings, override: TurnSettings | undefined): ResolvedTurnSettings {
  if (!override) return base;
  const merged: ResolvedTurnSettings = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = structuredClone(value);
  }
  return merged;
}

/** The turn settings fields, to split them out of a wider options object. */
export const TURN_SETTINGS_KEYS = Object.keys(TurnSettingsSchema.shape) as (keyof TurnSettings)[];

export function pickTurnSettings(options: object): TurnSettings {
  const picked: Record<string, unknown> = {};
  for (const key of TURN_SETTINGS_KEYS) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked as TurnSettings;
}

export function defaultShell(): string | null {
  const shell = process.env.SHELL;
  if (!shell) return null;
  return shell.split('/').pop() || null;
}

export function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
