import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRolloutLine } from './codec';
import { createRolloutLineJsonSchema } from './json-schema';
import { fixtureLines } from './testing/fixture-lines';
import { keysOf, mutate, mutationArbitrary } from './testing/json-mutation';
import { SAMPLE_EVENTS, SAMPLE_PAYLOADS, SAMPLE_RESPONSE_ITEMS } from './testing/sample-payloads';

const SHIPPED = new URL('../schema/rollout-line.schema.json', import.meta.url);
const schema = createRolloutLineJsonSchema();
const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);
const TS = '2026-11-21T10:28:09.407Z';

describe('the JSON Schema of a rollout line', () => {
  it('is shipped up to date (regenerate with `vitest run -u`)', async () => {
    await expect(`${JSON.stringify(schema, null, 2)}\n`).toMatchFileSnapshot(SHIPPED.pathname);
    expect(JSON.parse(readFileSync(SHIPPED, 'utf8'))).toEqual(schema);
  });

  it('accepts every line of the fixtures and every sample payload', () => {
    for (const { where, text } of fixtureLines()) expect(validate(JSON.parse(text)), where).toBe(true);
    const samples = [
      ...Object.entries(SAMPLE_PAYLOADS).map(([type, payload]) => ({ type, payload })),
      ...Object.values(SAMPLE_RESPONSE_ITEMS).map((payload) => ({ type: 'response_item', payload })),
      ...Object.values(SAMPLE_EVENTS).map((payload) => ({ type: 'event_msg', payload })),
    ];
    for (const { type, payload } of samples) expect(validate({ timestamp: TS, type, payload }), type).toBe(true);
  });

  it('rejects what the codec rejects and keeps unknown kinds', () => {
    expect(validate({ timestamp: 1795256889, type: 'world_state', payload: { full: true, state: {} } })).toBe(false);
    expect(validate({ timestamp: TS, type: 'event_msg', payload: { type: 'user_message' } })).toBe(false);
    expect(validate({ timestamp: TS, type: 'event_msg' })).toBe(false);
    expect(validate({ timestamp: TS, ordinal: -1, type: 'hologram', payload: 1 })).toBe(false);
    expect(validate({ timestamp: TS, type: 'hologram', payload: [1], shard: 2 })).toBe(true);
    expect(validate({ timestamp: TS, type: 'event_msg', payload: { type: 'plan_update', plan: [] } })).toBe(true);
  });

  it('agrees with parseRolloutLine on mutated fixture lines', () => {
    const values = fixtureLines().map(({ text }) => JSON.parse(text) as object);
    const keys = [...keysOf(values), 'timestamp', 'ordinal', 'payload', 'metadata'];
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...values),
        fc.array(mutationArbitrary(keys), { minLength: 1, maxLength: 3 }),
        (value, mutations) => {
          const mutated = mutations.reduce<unknown>((v, m) => mutate(v, m), value);
          const byCodec = parseRolloutLine(JSON.stringify(mutated)).ok;
          if (byCodec) accepted++;
          return validate(mutated) === byCodec;
        },
      ),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(150);
    expect(accepted).toBeLessThan(1350);
  });
});
