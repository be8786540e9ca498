import { z } from 'zod';
import { openEnum } from '../schema/open-schemas';
import { documented } from '../schema/schema-docs';
import {
  AskForApprovalSchema,
  JsonObjectSchema,
  MultiAgentVersionSchema,
  ReasoningEffortSchema,
  ReasoningSummarySchema,
} from './common';
import { CollaborationModeSchema, PermissionProfileSchema, SandboxPolicySchema } from './policies';

export const PERSONALITIES = ['none', 'friendly', 'pragmatic'] as const;

/** How much tool output a turn keeps: `{mode: "bytes" | "tokens", limit}`. */
export const TruncationPolicySchema = z.looseObject({ mode: z.string(), limit: z.number() });
export type TruncationPolicy = z.infer<typeof TruncationPolicySchema>;

/**
 * `turn_context` payload: the model-visible settings of a turn. `cwd` and
 * `model` are required (every era wrote them); the rest varies by version
 * and is optional. Unknown fields are kept.
 */
export const TurnContextSchema = documented(
  z.looseObject({
    turn_id: z.string().optional(),
    root_turn_id: z.string().optional(),
    trace_id: z.string().nullish(),
    cwd: z.string(),
    workspace_roots: z.array(z.string()).nullish(),
    disabled_plugin_ids: z.array(z.string()).nullish(),
    current_date: z.string().optional(),
    timezone: z.string().optional(),
    approval_policy: AskForApprovalSchema.optional(),
    approvals_reviewer: z.string().nullish(),
    sandbox_policy: SandboxPolicySchema.optional(),
    permission_profile: PermissionProfileSchema.optional(),
    active_permission_profile: z.looseObject({ id: z.string(), extends: z.string().nullish() }).nullish(),
    file_system_sandbox_policy: JsonObjectSchema.nullish(),
    model: z.string(),
    comp_hash: z.string().nullish(),
    personality: openEnum(PERSONALITIES).optional(),
    collaboration_mode: CollaborationModeSchema.optional(),
    multi_agent_version: MultiAgentVersionSchema.nullish(),
    realtime_active: z.boolean().nullish(),
    cyber_access_program: JsonObjectSchema.nullish(),
    effort: ReasoningEffortSchema.nullish(),
    /** Required by older Codex readers; newer ones still write it. */
    summary: ReasoningSummarySchema.optional(),
    user_instructions: z.string().nullish(),
    developer_instructions: z.string().nullish(),
    final_output_json_schema: z.unknown().optional(),
    truncation_policy: TruncationPolicySchema.optional(),
  }),
  { id: 'TurnContext', description: 'Model-visible settings of one turn (model, cwd, policies).' },
);
export type TurnContext = z.infer<typeof TurnContextSchema>;
