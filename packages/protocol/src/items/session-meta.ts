import { z } from 'zod';
import { documented } from '../schema/schema-docs';
import { DEFAULT_SESSION_SOURCE, type SessionSource, SessionSourceSchema } from '../session-source';
import { ThreadSourceSchema } from '../thread-source';
import { ThreadIdStringSchema } from '../thread-id';
import {
  GitInfoSchema,
  HISTORY_MODES,
  type HistoryMode,
  JsonObjectSchema,
  type MemoryMode,
  MemoryModeSchema,
  MultiAgentVersionSchema,
} from './common';
import { openEnum } from '../schema/open-schemas';

/** Where a system prompt came from: `{type: "custom"}` or `{type: "model", model}`. */
export const BaseInstructionsSchema = z.looseObject({
  text: z.string(),
  provenance: z.looseObject({ type: z.string(), model: z.string().nullish() }).nullish(),
});
export type BaseInstructions = z.infer<typeof BaseInstructionsSchema>;

/** Paginated lineage: this thread inherits an immutable prefix of another rollout. */
export const HistoryBaseSchema = z.looseObject({
  thread_id: z.string(),
  end_ordinal_exclusive: z.number(),
  end_byte_offset: z.number(),
});
export type HistoryBase = z.infer<typeof HistoryBaseSchema>;

const ordinal = z.number().int().nonnegative();

/**
 * `session_meta` payload: the flattened SessionMeta plus optional `git`.
 * Ids must be UUIDs (Codex rejects the line otherwise). `cwd`, `originator`
 * and `cli_version` are optional on read; everything newer is optional
 * because older eras omit it. Enum-like fields accept unknown strings.
 * Unknown fields are kept.
 */
export const SessionMetaSchema = documented(
  z.looseObject({
    id: ThreadIdStringSchema,
    session_id: ThreadIdStringSchema.optional(),
    timestamp: z.string(),
    cwd: z.string().optional(),
    originator: z.string().optional(),
    cli_version: z.string().optional(),
    source: SessionSourceSchema.optional(),
    thread_source: ThreadSourceSchema.nullish(),
    model_provider: z.string().nullish(),
    base_instructions: BaseInstructionsSchema.nullish(),
    /** Legacy (envelope era until early 2026): user instructions, now in turn_context. */
    instructions: z.string().nullish(),
    forked_from_id: ThreadIdStringSchema.nullish(),
    forked_from_ordinal_exclusive: ordinal.optional(),
    parent_thread_id: ThreadIdStringSchema.nullish(),
    agent_nickname: z.string().nullish(),
    agent_role: z.string().nullish(),
    /** Read alias of `agent_role` (see {@link sessionMetaAgentRole}). */
    agent_type: z.string().nullish(),
    agent_path: z.string().nullish(),
    memory_mode: MemoryModeSchema.optional(),
    history_mode: openEnum(HISTORY_MODES).optional(),
    history_base: HistoryBaseSchema.nullish(),
    subagent_history_start_ordinal: ordinal.nullish(),
    multi_agent_version: MultiAgentVersionSchema.nullish(),
    dynamic_tools: z.array(JsonObjectSchema).optional(),
    selected_capability_roots: z.array(z.unknown()).optional(),
    runtime_workspace_roots: z.array(z.string()).optional(),
    context_window: z.looseObject({ window_id: z.string() }).optional(),
    creator_user_id: z.string().optional(),
    creator_account_id: z.string().optional(),
    git: GitInfoSchema.nullish(),
  }),
  { id: 'SessionMeta', description: 'Identity and origin of a thread (first line of a rollout).' },
);
export type SessionMeta = z.infer<typeof SessionMetaSchema>;

/** The sub-agent role, read from `agent_role` or its alias `agent_type`. */
export function sessionMetaAgentRole(meta: Pick<SessionMeta, 'agent_role' | 'agent_type'>): string | undefined {
  return meta.agent_role ?? meta.agent_type ?? undefined;
}

/** The session (root thread) id: `session_id`, which Codex defaults to `id` when absent. */
export function sessionMetaSessionId(meta: Pick<SessionMeta, 'id' | 'session_id'>): string {
  return meta.session_id ?? meta.id;
}

/** The session source, `vscode` when absent (Codex's default). */
export function sessionMetaSource(meta: Pick<SessionMeta, 'source'>): SessionSource {
  return meta.source ?? DEFAULT_SESSION_SOURCE;
}

/** The memory mode, `enabled` when absent (only `disabled` is ever written). */
export function sessionMetaMemoryMode(meta: Pick<SessionMeta, 'memory_mode'>): MemoryMode {
  return meta.memory_mode ?? 'enabled';
}

export type HistoryModeResult =
  | { ok: true; mode: HistoryMode }
  | { ok: false; value: unknown; message: string };

/**
 * The history mode of a thread, from its first session_meta: absent means
 * `legacy`; a value this version does not know is reported (Codex refuses to
 * resume such a thread, so a writer must not append to it).
 */
export function historyModeOf(meta: Pick<SessionMeta, 'history_mode'>): HistoryModeResult {
  const value = meta.history_mode;
  if (value === undefined) return { ok: true, mode: 'legacy' };
  if ((HISTORY_MODES as readonly unknown[]).includes(value)) return { ok: true, mode: value as HistoryMode };
  return { ok: false, value, message: `unknown history mode ${JSON.stringify(value)}` };
}
