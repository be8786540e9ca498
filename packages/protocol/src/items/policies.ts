import { z } from 'zod';
import { documented } from '../schema/schema-docs';
import { type JsonObject, JsonObjectSchema, ReasoningEffortSchema } from './common';

/**
 * Sandbox policy of a turn, tagged on `type` (kebab-case). Older builds used
 * other shapes, so any object is accepted and kept; the known forms are typed.
 */
export const SandboxPolicySchema = documented(
  z.union(
    [
      z.looseObject({ type: z.literal('danger-full-access') }),
      z.looseObject({ type: z.literal('read-only'), network_access: z.boolean().optional() }),
      z.looseObject({ type: z.literal('external-sandbox'), network_access: z.string().optional() }),
      z.looseObject({
        type: z.literal('workspace-write'),
        writable_roots: z.array(z.string()).optional(),
        network_access: z.boolean().optional(),
        exclude_tmpdir_env_var: z.boolean().optional(),
        exclude_slash_tmp: z.boolean().optional(),
      }),
      JsonObjectSchema,
    ],
    { error: 'expected an object' },
  ),
  { id: 'SandboxPolicy' },
) as unknown as z.ZodType<
  | { type: 'danger-full-access' }
  | { type: 'read-only'; network_access?: boolean }
  | { type: 'external-sandbox'; network_access?: string }
  | {
      type: 'workspace-write';
      writable_roots?: string[];
      network_access?: boolean;
      exclude_tmpdir_env_var?: boolean;
      exclude_slash_tmp?: boolean;
    }
  | JsonObject
>;
export type SandboxPolicy = z.infer<typeof SandboxPolicySchema>;

/**
 * Permission profile (`managed`, `disabled`, `external`). It has had more
 * than one shape (newer readers still accept a legacy one), so any object is
 * accepted and kept; the known forms are typed.
 */
export const PermissionProfileSchema = documented(
  z.union(
    [
      z.looseObject({
        type: z.literal('managed'),
        file_system: z.looseObject({ type: z.string(), entries: z.array(JsonObjectSchema).optional() }).optional(),
        network: z.unknown().optional(),
      }),
      z.looseObject({ type: z.literal('disabled') }),
      z.looseObject({ type: z.literal('external'), network: z.unknown().optional() }),
      JsonObjectSchema,
    ],
    { error: 'expected an object' },
  ),
  { id: 'PermissionProfile' },
) as unknown as z.ZodType<
  | { type: 'managed'; file_system?: { type: string; entries?: JsonObject[] }; network?: unknown }
  | { type: 'disabled' }
  | { type: 'external'; network?: unknown }
  | JsonObject
>;
export type PermissionProfile = z.infer<typeof PermissionProfileSchema>;

/** `{mode, settings: {model, reasoning_effort, developer_instructions}}` of a turn or thread. */
export const CollaborationModeSchema = z.looseObject({
  mode: z.string(),
  settings: z
    .looseObject({
      model: z.string().nullish(),
      reasoning_effort: ReasoningEffortSchema.nullish(),
      developer_instructions: z.string().nullish(),
    })
    .nullish(),
});
export type CollaborationMode = z.infer<typeof CollaborationModeSchema>;
