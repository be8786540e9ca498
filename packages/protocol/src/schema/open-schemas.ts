import { z } from 'zod';
import { documented } from './schema-docs';

/** An object of a kind this version does not type: kept verbatim, only its tag is read. */
export type OpenRecord = { type: string; [key: string]: unknown };

/**
 * A string enum that never rejects a string: the known values are typed (and
 * listed in the JSON Schema), any other string is kept as it was read, so a
 * newer Codex value never fails a line.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(
  values: T,
): z.ZodType<T[number] | (string & {})> {
  return z.union([z.enum(values), z.string()], { error: 'expected a string' }) as unknown as z.ZodType<
    T[number] | (string & {})
  >;
}

type TaggedObjectSchema = z.ZodObject<{ type: z.ZodType<string> } & z.ZodRawShape>;

/** The tag values one tagged object schema claims (`type: literal` or `type: enum`). */
export function tagValuesOf(schema: TaggedObjectSchema): string[] {
  const def = schema.shape.type._zod.def as { type: string; values?: unknown[]; entries?: Record<string, unknown> };
  if (def.type === 'literal') return (def.values ?? []).map(String);
  if (def.type === 'enum') return Object.values(def.entries ?? {}).map(String);
  throw new Error('a tagged schema needs a literal or enum "type"');
}

/**
 * Objects tagged by `type`: a known tag must match its schema exactly, an
 * unknown tag passes as an opaque record. Codex adds kinds often; this is how
 * a reader stays lenient without letting a malformed known kind through.
 */
export function openTaggedUnion<const S extends readonly [TaggedObjectSchema, ...TaggedObjectSchema[]]>(
  known: S,
  what: string,
  /** Fields every object of an unknown kind must still have (e.g. the envelope of a line). */
  otherShape: z.ZodRawShape = {},
): z.ZodType<z.infer<S[number]> | OpenRecord> {
  const tags = known.flatMap(tagValuesOf);
  const knownTags = new Set(tags);
  const otherTag = documented(
    z.string().refine((tag) => !knownTags.has(tag), {
      message: `${what} of a known type does not match its schema`,
      // Aborting makes zod report both branches, so the known schema's issue can be named.
      abort: true,
    }),
    { not: { enum: tags } },
  );
  const other = z.looseObject({ ...otherShape, type: otherTag });
  return z.union([z.discriminatedUnion('type', known), other]) as unknown as z.ZodType<
    z.infer<S[number]> | OpenRecord
  >;
}
