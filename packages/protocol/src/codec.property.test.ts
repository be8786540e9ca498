import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type ParseRolloutLineResult, parseRolloutLine, serializeRolloutLine } from './codec';
import { isKnownRolloutItemType } from './rollout-line';
import { stringifyJson } from './stringify-json';
import { fixtureLines } from './testing/fixture-lines';
import { keysOf, mutate, mutationArbitrary } from './testing/json-mutation';

const ERROR_KINDS = [
  'blank',
  'too_long',
  'invalid_json',
  'not_an_object',
  'legacy_format',
  'invalid_envelope',
  'invalid_payload',
];
const fixtures = fixtureLines().map(({ text }) => text);
const fixtureValues = fixtures.map((text) => JSON.parse(text) as Record<string, unknown>);
const keys = [...keysOf(fixtureValues), 'timestamp', 'ordinal', 'payload', 'metadata', 'record_type'];

let generated = 0;

/** What must hold for any input: no throw, a well-formed result, and a stable rewrite of every ok line. */
function checkLine(text: string): ParseRolloutLineResult {
  generated++;
  const parsed = parseRolloutLine(text);
  expect(typeof parsed.ok).toBe('boolean');
  if (!parsed.ok) {
    expect(ERROR_KINDS).toContain(parsed.error.kind);
    expect(typeof parsed.error.message).toBe('string');
    return parsed;
  }
  expect(typeof parsed.known).toBe('boolean');
  expect(typeof parsed.line.timestamp).toBe('string');
  expect(typeof parsed.line.type).toBe('string');
  const written = serializeRolloutLine(parsed.line);
  const reparsed = parseRolloutLine(written);
  expect(reparsed.ok).toBe(true);
  if (!reparsed.ok) return parsed;
  expect(reparsed.known).toBe(parsed.known);
  expect(serializeRolloutLine(reparsed.line)).toBe(written);
  expectSameJson(JSON.parse(written), JSON.parse(text.trim()));
  return parsed;
}

/**
 * Deep equality of two parsed lines that also works for payloads nested
 * deeper than a recursive comparison can go: top-level keys may be in any
 * order, everything below keeps its order through the codec.
 */
function expectSameJson(written: Record<string, unknown>, original: Record<string, unknown>) {
  expect(Object.keys(written).sort()).toEqual(Object.keys(original).sort());
  for (const key of Object.keys(original)) expect(stringifyJson(written[key]), key).toBe(stringifyJson(original[key]));
}

/** A JSON object serialized compactly; the shape most generated lines take. */
const mutatedFixtureLine = fc
  .tuple(fc.constantFrom(...fixtureValues), fc.array(mutationArbitrary(keys), { minLength: 1, maxLength: 4 }))
  .map(([value, mutations]) => JSON.stringify(mutations.reduce<unknown>((v, m) => mutate(v, m), value)));

// Generous timeout: the machine running the suite may be shared and busy.
describe('parseRolloutLine on generated input', { timeout: 60_000 }, () => {
  afterAll(() => {
    expect(generated).toBeGreaterThanOrEqual(10_000);
  });

  it('arbitrary strings (full Unicode, lone surrogates, control characters)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string()), (text) => {
        checkLine(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('binary garbage decoded as UTF-8 and Latin-1', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, utf8) => {
        checkLine(Buffer.from(bytes).toString(utf8 ? 'utf8' : 'latin1'));
      }),
      { numRuns: 1000 },
    );
  });

  it('arbitrary JSON values, including objects that look like envelopes', () => {
    const envelopeLike = fc.record(
      {
        timestamp: fc.oneof(fc.string(), fc.integer(), fc.constant('2026-11-21T10:28:09.407Z')),
        ordinal: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constant(null)),
        type: fc.oneof(
          fc.constantFrom('session_meta', 'response_item', 'event_msg', 'turn_context', 'compacted', 'world_state'),
          fc.string(),
        ),
        payload: fc.jsonValue({ maxDepth: 3 }),
        metadata: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), envelopeLike), (value) => {
        checkLine(JSON.stringify(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('fixture lines with fields replaced, removed, added or wrapped', () => {
    let accepted = 0;
    fc.assert(
      fc.property(mutatedFixtureLine, (text) => {
        if (checkLine(text).ok) accepted++;
      }),
      { numRuns: 3000 },
    );
    // Both outcomes must be common, or the mutations are not exercising the schemas.
    expect(accepted).toBeGreaterThan(300);
    expect(accepted).toBeLessThan(2900);
  });

  it('fixture lines cut at any point, with whitespace or a BOM around them', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.nat(), fc.constantFrom('', ' ', '\r', '\t', '\uFEFF'), (text, cut, pad) => {
        const truncated = text.slice(0, cut % (text.length + 1));
        const parsed = checkLine(pad + truncated + pad);
        if (truncated.length < text.length && truncated.length > 0) expect(parsed.ok).toBe(false);
      }),
      { numRuns: 1500 },
    );
  });

  it('unknown kinds with unknown fields round-trip as known:false', () => {
    fc.assert(
      fc.property(
        fc.string().filter((type) => !isKnownRolloutItemType(type)),
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
        fc.jsonValue({ maxDepth: 3 }),
        (type, fields, payload) => {
          const value = { ...fields, timestamp: '2026-11-21T10:28:09.407Z', type, payload };
          expect(checkLine(JSON.stringify(value))).toMatchObject({ ok: true, known: false });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('U+2028 and U+2029 inside strings survive byte for byte', () => {
    const separated = fc
      .array(fc.constantFrom('a', ' ', '\u2028', '\u2029', '"', '\\', '\n', 'é', '😀'), { maxLength: 20 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(separated, (message) => {
        const text = JSON.stringify({
          timestamp: '2026-11-21T10:28:09.407Z',
          type: 'event_msg',
          payload: { type: 'agent_message', message },
        });
        expect(text).not.toMatch(/\\u2028|\\u2029/);
        const parsed = checkLine(text);
        if (!parsed.ok) throw new Error(parsed.error.message);
        expect(serializeRolloutLine(parsed.line)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('deeply nested JSON inside payloads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":'), (depth, open) => {
        const close = open === '[' ? ']' : '}';
        const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
        checkLine(`{"timestamp":"t","type":"event_msg","payload":{"type":"plan_update","plan":${nested}}}`);
        checkLine(`{"timestamp":"t","type":"world_state","payload":{"full":true,"state":{"x":${nested}}}}`);
      }),
      { numRuns: 8 },
    );
  });

  it('huge lines', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.constantFrom('x', 'é', '\u2028'), (megabytes, unit) => {
        const big = unit.repeat(megabytes * 1024 * 1024);
        const parsed = checkLine(
          JSON.stringify({ timestamp: 't', type: 'world_state', payload: { full: true, state: { big } } }),
        );
        expect(parsed.ok).toBe(true);
      }),
      { numRuns: 6 },
    );
  });
});
