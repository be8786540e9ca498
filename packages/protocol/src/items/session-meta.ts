import { z } from 'zod';
import { SessionSourceSchema } from '../session-source';
import { ThreadSourceSchema } from '../thread-source';
import { GitInfoSchema, HistoryModeSchema, MemoryModeSchema } from './common';

/**
 * `session_meta` payload: the flattened SessionMeta plus optional `git`.
 * Only `id`, `timestamp` are needed to identify a thread; everything else is
 * optional on read because older eras omit it. Unknown fields are kept.
 */
export const SessionMetaSchema = z.looseObject({
  id: z.string(),
  session_id: z.string().optional(),
  timestamp: z.string(),
  cwd: z.string().optional(),
  originator: z.string().optional(),
  cli_version: z.string().optional(),
  source: SessionSourceSchema.optional(),
  thread_source: ThreadSourceSchema.nullish(),
  model_provider: z.string().nullish(),
  base_instructions: z.looseObject({ text: z.string() }).nullish(),
  instructions: z.string().nullish(),
  forked_from_id: z.string().nullish(),
  forked_from_ordinal_exclusive: z.number().optional(),
  parent_thread_id: z.string().nullish(),
  agent_nickname: z.string().nullish(),
  agent_role: z.string().nullish(),
  agent_type: z.string().nullish(),
  agent_path: z.string().nullish(),
  memory_mode: MemoryModeSchema.optional(),
  history_mode: HistoryModeSchema.optional(),
  dynamic_tools: z.array(z.unknown()).optional(),
  runtime_workspace_roots: z.array(z.string()).optional(),
  context_window: z.looseObject({ window_id: z.string() }).optional(),
  creator_user_id: z.string().optional(),
  creator_account_id: z.string().optional(),
  git: GitInfoSchema.nullish(),
});
export type SessionMeta = z.infer<typeof SessionMetaSchema>;
