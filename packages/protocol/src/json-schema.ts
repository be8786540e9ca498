import { z } from 'zod';
import { RolloutLineSchema } from './rollout-line';
import { schemaDocs } from './schema/schema-docs';

/**
 * The JSON Schema (draft 2020-12) of one rollout line, generated from the zod
 * schemas. The package ships the same document as
 * `@threadkit/protocol/rollout-line.schema.json`.
 */
export function createRolloutLineJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(RolloutLineSchema, {
    target: 'draft-2020-12',
    io: 'input',
    metadata: schemaDocs,
    unrepresentable: 'throw',
  }) as Record<string, unknown>;
  return { $schema, title: 'Codex rollout line', ...rest };
}
