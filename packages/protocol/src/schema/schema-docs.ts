import { z } from 'zod';

/** What the JSON Schema of a zod schema should carry beyond its shape. */
export interface SchemaDoc {
  /** Name under `$defs` in the generated JSON Schema. */
  id?: string;
  description?: string;
  /** Extra JSON Schema keyword for values a refinement excludes (zod cannot express it). */
  not?: unknown;
}

/**
 * A private registry (not zod's global one) so that two copies of this
 * package in one process never collide on schema ids.
 */
export const schemaDocs = z.registry<SchemaDoc>();

/** Records documentation for `schema` and returns it unchanged. */
export function documented<T extends z.ZodType>(schema: T, doc: SchemaDoc): T {
  schemaDocs.add(schema, doc);
  return schema;
}
