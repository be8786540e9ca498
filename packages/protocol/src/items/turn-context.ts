import { z } from 'zod';
import { AskForApprovalSchema, ReasoningEffortSchema } from './common';

/** `turn_context` payload: the model-visible settings of a turn. Unknown fields are kept. */
export const TurnContextSchema = z.looseObject({
  turn_id: z.string().optional(),
  root_turn_id: z.string().optional(),
  cwd: z.string(),
  approval_policy: AskForApprovalSchema.optional(),
  sandbox_policy: z.unknown().optional(),
  permission_profile: z.unknown().optional(),
  model: z.string(),
  effort: ReasoningEffortSchema.nullish(),
  summary: z.string().optional(),
  current_date: z.string().optional(),
  timezone: z.string().optional(),
  personality: z.string().optional(),
  collaboration_mode: z.unknown().optional(),
  user_instructions: z.string().nullish(),
  developer_instructions: z.string().nullish(),
  truncation_policy: z.unknown().optional(),
});
export type TurnContext = z.infer<typeof TurnContextSchema>;
