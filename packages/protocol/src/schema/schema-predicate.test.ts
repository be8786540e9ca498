import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CodexHarnessMetadataSchema } from '../items/other-items';
import { ROLLOUT_ITEM_SCHEMAS, ROLLOUT_ITEM_TYPES, RolloutLineSchema } from '../rollout-line';
import { fixtureLines } from '../testing/fixture-lines';
import { keysOf, mutate, mutationArbitrary } from '../testing/json-mutation';
import { SAMPLE_EVENTS, SAMPLE_PAYLOADS, SAMPLE_RESPONSE_ITEMS } from '../testing/sample-payloads';
import { openEnum, openTaggedUnion } from './open-schemas';
import { compilePredicate } from './schema-predicate';

function agrees(schema: z.ZodType, value: unknown) {
  return compilePredicate(schema, { strict: true })(value) === schema.safeParse(value).success;
}

describe('compilePredicate', () => {
  it('follows zod on objects: required and optional keys, unknown keys, nullish values', () => {
    const schema = z.looseObject({ a: z.string(), b: z.number().optional(), c: z.boolean().nullish(), d: z.unknown() });
    const check = compilePredicate(schema, { strict: true });
    expect(check({ a: 'x', d: 1 })).toBe(true);
    expect(check({ a: 'x', b: 1, c: null, d: null, extra: [1] })).toBe(true);
    expect(check({ a: 'x' })).toBe(false); // `d` is unknown but still required
    expect(check({ d: 1 })).toBe(false);
    expect(check({ a: 'x', b: null, d: 1 })).toBe(false);
    expect(check({ a: 'x', b: 1, d: 1, c: 'no' })).toBe(false);
    expect(check([])).toBe(false);
    expect(check(null)).toBe(false);
    for (const value of [{ a: 'x', d: 1 }, { a: 'x' }, { a: 'x', b: undefined, d: 1 }, { a: undefined, d: 1 }]) {
      expect(agrees(schema, value), JSON.stringify(value)).toBe(true);
    }
  });

  it('follows zod on numbers, integers, bounds, regexes and refinements', () => {
    const schema = z.looseObject({
      n: z.number().int().nonnegative().optional(),
      f: z.number().optional(),
      s: z.string().regex(/^a+$/).optional(),
      r: z.string().refine((v) => v !== 'no').optional(),
    });
    const check = compilePredicate(schema, { strict: true });
    expect(check({ n: 3, f: 1.5, s: 'aaa', r: 'yes' })).toBe(true);
    for (const bad of [{ n: -1 }, { n: 1.5 }, { n: 2 ** 53 }, { s: 'ab' }, { r: 'no' }, { f: '1' }]) {
      expect(check(bad), JSON.stringify(bad)).toBe(false);
      expect(agrees(schema, bad)).toBe(true);
    }
  });

  it('follows zod on arrays, records, literals, enums and unions', () => {
    const schema = z.looseObject({
      list: z.array(z.union([z.literal('x'), z.enum(['y', 'z'])])),
      map: z.record(z.string(), z.number()).optional(),
    });
    const check = compilePredicate(schema, { strict: true });
    expect(check({ list: ['x', 'z'], map: { a: 1 } })).toBe(true);
    expect(check({ list: ['w'] })).toBe(false);
    expect(check({ list: 'x' })).toBe(false);
    expect(check({ list: [], map: { a: 'one' } })).toBe(false);
    expect(check({ list: [], map: [] })).toBe(false);
  });

  it('dispatches open tagged unions on the tag and keeps unknown tags', () => {
    const schema = openTaggedUnion(
      [z.looseObject({ type: z.literal('a'), n: z.number() }), z.looseObject({ type: z.enum(['b', 'c']) })],
      'a thing',
    );
    const check = compilePredicate(schema, { strict: true });
    expect(check({ type: 'a', n: 1 })).toBe(true);
    expect(check({ type: 'a' })).toBe(false);
    expect(check({ type: 'c' })).toBe(true);
    expect(check({ type: 'future', anything: [1] })).toBe(true);
    expect(check({ type: 1 })).toBe(false);
    expect(check({})).toBe(false);
    for (const value of [{ type: 'a' }, { type: 'future' }, { type: 'b', n: 'x' }, { kind: 'a' }]) {
      expect(agrees(schema, value), JSON.stringify(value)).toBe(true);
    }
  });

  it('lets open enums keep any string and nothing else', () => {
    const check = compilePredicate(openEnum(['low', 'high']), { strict: true });
    expect([check('low'), check('ultra'), check(3), check(null)]).toEqual([true, true, false, false]);
  });

  it('falls back to zod for constructs it does not compile, or refuses them when strict', () => {
    const schema = z.looseObject({ mail: z.email(), strict: z.strictObject({ a: z.number() }).optional() });
    expect(() => compilePredicate(schema, { strict: true })).toThrow();
    const check = compilePredicate(schema);
    expect(check({ mail: 'a@b.example' })).toBe(true);
    expect(check({ mail: 'not a mail' })).toBe(false);
    expect(check({ mail: 'a@b.example', strict: { a: 1, b: 2 } })).toBe(false);
  });

  // Strict compilation also proves the read path has no zod defaults, transforms or pipes.
  it('compiles every payload schema natively', () => {
    for (const type of ROLLOUT_ITEM_TYPES) {
      expect(() => compilePredicate(ROLLOUT_ITEM_SCHEMAS[type], { strict: true }), type).not.toThrow();
    }
    expect(() => compilePredicate(CodexHarnessMetadataSchema, { strict: true })).not.toThrow();
    expect(() => compilePredicate(RolloutLineSchema, { strict: true })).not.toThrow();
  });
});

describe('compiled payload predicates agree with zod', () => {
  const fixturePayloads = fixtureLines().map(({ text }) => JSON.parse(text) as { type: string; payload: unknown });
  const bases: { type: keyof typeof ROLLOUT_ITEM_SCHEMAS; payload: unknown }[] = [
    ...fixturePayloads.map((line) => ({ type: line.type as keyof typeof ROLLOUT_ITEM_SCHEMAS, payload: line.payload })),
    ...Object.values(SAMPLE_RESPONSE_ITEMS).map((payload) => ({ type: 'response_item' as const, payload })),
    ...Object.values(SAMPLE_EVENTS).map((payload) => ({ type: 'event_msg' as const, payload })),
    ...ROLLOUT_ITEM_TYPES.map((type) => ({ type, payload: SAMPLE_PAYLOADS[type] })),
  ];
  const keys = keysOf(bases.map((base) => base.payload));
  const predicates = Object.fromEntries(
    ROLLOUT_ITEM_TYPES.map((type) => [type, compilePredicate(ROLLOUT_ITEM_SCHEMAS[type], { strict: true })]),
  );

  it('on every base payload (all valid)', () => {
    for (const { type, payload } of bases) {
      expect(ROLLOUT_ITEM_SCHEMAS[type].safeParse(payload).success, type).toBe(true);
      expect(predicates[type]!(payload), type).toBe(true);
    }
  });

  it('on 4,000 mutated payloads', () => {
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.array(mutationArbitrary(keys), { minLength: 1, maxLength: 3 }),
        ({ type, payload }, mutations) => {
          const mutated = mutations.reduce<unknown>((value, mutation) => mutate(value, mutation), payload);
          const expected = ROLLOUT_ITEM_SCHEMAS[type].safeParse(mutated).success;
          if (!expected) rejected++;
          return predicates[type]!(mutated) === expected;
        },
      ),
      { numRuns: 4000 },
    );
    // The mutations must reach both answers for the agreement to mean anything.
    expect(rejected).toBeGreaterThan(400);
    expect(rejected).toBeLessThan(3600);
  });

  it('on arbitrary JSON values under every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLLOUT_ITEM_TYPES), fc.jsonValue({ maxDepth: 4 }), (type, value) => {
        return predicates[type]!(value) === ROLLOUT_ITEM_SCHEMAS[type].safeParse(value).success;
      }),
      { numRuns: 1000 },
    );
  });
});
