import { describe, expect, it } from 'vitest';
import { parseRolloutLine, serializeRolloutItem, serializeRolloutLine, toRolloutItem, toRolloutLine } from './codec';

const META = {
  id: '01a1fda6-3016-7e11-b5da-00b3fda9dd8f',
  timestamp: '2026-11-21T10:28:09.370Z',
  cwd: '/workspace',
  originator: 'codex_exec',
  cli_version: '0.142.0',
};
const line = (value: unknown) => JSON.stringify(value);
const TS = '2026-11-21T10:28:09.407Z';

function errorKind(text: string, options?: Parameters<typeof parseRolloutLine>[1]) {
  const parsed = parseRolloutLine(text, options);
  return parsed.ok ? 'ok' : parsed.error.kind;
}

describe('parseRolloutLine envelope', () => {
  it('types a known kind and keeps its payload object as read', () => {
    const payload = { ...META, future_field: { nested: [1, 2] } };
    const parsed = parseRolloutLine(line({ timestamp: TS, type: 'session_meta', payload }));
    expect(parsed.ok && parsed.known).toBe(true);
    if (!parsed.ok || !parsed.known || parsed.line.type !== 'session_meta') throw new Error('narrowing');
    expect(parsed.line.payload).toEqual(payload);
    expect(parsed.line.payload.cwd).toBe('/workspace');
    expect(Object.keys(parsed.line.payload)).toEqual(Object.keys(payload));
  });

  it('reports bare 2025 lines and record_type lines as legacy_format', () => {
    expect(errorKind('{"record_type":"state"}')).toBe('legacy_format');
    expect(errorKind(line({ id: META.id, timestamp: META.timestamp, instructions: null }))).toBe('legacy_format');
    expect(errorKind(line({ type: 'message', role: 'user', content: [] }))).toBe('legacy_format');
  });

  it('tells a broken envelope from an older era', () => {
    expect(errorKind(line({ timestamp: TS, type: 'event_msg' }))).toBe('invalid_envelope');
    expect(errorKind(line({ type: 'event_msg', payload: { type: 'x' } }))).toBe('invalid_envelope');
    expect(errorKind(line({ timestamp: TS, payload: {} }))).toBe('invalid_envelope');
    expect(errorKind(line({ timestamp: TS, type: 7, payload: {} }))).toBe('invalid_envelope');
  });

  it('rejects numeric timestamps', () => {
    const parsed = parseRolloutLine(line({ timestamp: 1795256889407, type: 'session_meta', payload: META }));
    expect(parsed).toEqual({ ok: false, error: { kind: 'invalid_envelope', message: '"timestamp" must be a string' } });
  });

  it('keeps an ordinal only when it is a non-negative integer', () => {
    const withOrdinal = (ordinal: unknown) =>
      parseRolloutLine(line({ timestamp: TS, ordinal, type: 'world_state', payload: { full: true, state: {} } }));
    const zero = withOrdinal(0);
    expect(zero.ok && zero.line.ordinal).toBe(0);
    const large = withOrdinal(2 ** 40);
    expect(large.ok && large.line.ordinal).toBe(2 ** 40);
    for (const bad of [-1, 1.5, '3', null, true, 2 ** 53]) {
      expect(withOrdinal(bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { kind: 'invalid_envelope' } });
    }
    const none = parseRolloutLine(line({ timestamp: TS, type: 'world_state', payload: { full: true, state: {} } }));
    expect(none.ok && 'ordinal' in none.line).toBe(false);
  });

  it('parses unknown kinds as known:false and writes them back unchanged', () => {
    const text = line({ timestamp: TS, type: 'hologram', payload: [1, { a: 'b' }], metadata: { x: 1 } });
    const parsed = parseRolloutLine(text);
    expect(parsed).toMatchObject({ ok: true, known: false, line: { type: 'hologram', payload: [1, { a: 'b' }] } });
    if (!parsed.ok) throw new Error('unreachable');
    expect(serializeRolloutLine(parsed.line)).toBe(text);
  });

  it('keeps unknown top-level fields in extra and writes them after the envelope', () => {
    const text = `{"timestamp":"${TS}","type":"world_state","payload":{"full":false,"state":{}},"shard":3,"extra":"x"}`;
    const parsed = parseRolloutLine(text);
    expect(parsed.ok && parsed.line.extra).toEqual({ shard: 3, extra: 'x' });
    if (!parsed.ok) throw new Error('unreachable');
    expect(serializeRolloutLine(parsed.line)).toBe(text);
  });

  it('keeps a top-level field named __proto__ as a field', () => {
    const text = '{"timestamp":"2026-11-21T10:28:09.407Z","type":"future","payload":{},"__proto__":0}';
    const parsed = parseRolloutLine(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(serializeRolloutLine(parsed.line)).toBe(text);
  });

  it('requires an object payload for known kinds even without payload validation', () => {
    const text = line({ timestamp: TS, type: 'event_msg', payload: 'hello' });
    expect(errorKind(text, { validatePayload: false })).toBe('invalid_payload');
  });

  it('rejects a non-object metadata and validates response_item metadata', () => {
    const item = { type: 'message', role: 'assistant', content: [] };
    expect(errorKind(line({ timestamp: TS, type: 'response_item', payload: item, metadata: [1] }))).toBe(
      'invalid_envelope',
    );
    const bad = parseRolloutLine(
      line({ timestamp: TS, type: 'response_item', payload: item, metadata: { client_authored: 'yes' } }),
    );
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid_payload' } });
    expect(!bad.ok && bad.error.message).toContain('metadata.client_authored');
    const good = parseRolloutLine(
      line({ timestamp: TS, type: 'response_item', payload: item, metadata: { client_authored: true, other: 1 } }),
    );
    expect(good.ok && good.line.type === 'response_item' && good.line.metadata).toEqual({
      client_authored: true,
      other: 1,
    });
  });

  it('names the kind, the field and the reason of an invalid payload', () => {
    const parsed = parseRolloutLine(
      line({
        timestamp: TS,
        type: 'response_item',
        payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 5 }] },
      }),
    );
    expect(parsed).toEqual({
      ok: false,
      error: {
        kind: 'invalid_payload',
        message: 'invalid response_item payload at payload.content.0.text: Invalid input: expected string, received number',
      },
    });
  });

  it('skips payload validation when asked, and only then', () => {
    const text = line({ timestamp: TS, type: 'event_msg', payload: { type: 'user_message', message: 42 } });
    expect(errorKind(text)).toBe('invalid_payload');
    expect(errorKind(text, { validatePayload: false })).toBe('ok');
  });

  it('classifies blank, non-JSON, non-object and oversized input', () => {
    expect(errorKind('')).toBe('blank');
    expect(errorKind('  \t\r')).toBe('blank');
    expect(errorKind('{"timestamp":')).toBe('invalid_json');
    expect(errorKind('[1,2]')).toBe('not_an_object');
    expect(errorKind('null')).toBe('not_an_object');
    expect(errorKind(line({ timestamp: TS, type: 'x', payload: 'y'.repeat(100) }), { maxLength: 50 })).toBe('too_long');
    expect(errorKind(42 as unknown as string)).toBe('invalid_json');
  });

  it('accepts a CRLF ending and a byte-order mark around the object', () => {
    const text = line({ timestamp: TS, type: 'session_meta', payload: META });
    expect(errorKind(`${text}\r`)).toBe('ok');
    expect(errorKind(`\uFEFF${text}`)).toBe('ok');
  });

  it('keeps U+2028 and U+2029 inside strings and writes them raw, as serde does', () => {
    const text = `{"timestamp":"${TS}","type":"event_msg","payload":{"type":"agent_message","message":"a\u2028b\u2029c"}}`;
    const parsed = parseRolloutLine(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(serializeRolloutLine(parsed.line)).toBe(text);
  });
});

describe('serializeRolloutLine and the item helpers', () => {
  it('writes the envelope in Codex order whatever order the object has', () => {
    const written = serializeRolloutLine({
      payload: { full: true, state: {} },
      type: 'world_state',
      ordinal: 4,
      timestamp: TS,
    });
    expect(written).toBe(`{"timestamp":"${TS}","ordinal":4,"type":"world_state","payload":{"full":true,"state":{}}}`);
  });

  it('wraps an item with a millisecond UTC timestamp and no ordinal, and unwraps it again', () => {
    const item = { type: 'response_item' as const, payload: { type: 'message', role: 'user', content: [] }, metadata: { a: 1 } };
    const wrapped = toRolloutLine(item, new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)));
    expect(serializeRolloutLine(wrapped)).toBe(
      '{"timestamp":"2026-01-02T03:04:05.006Z","type":"response_item","payload":{"type":"message","role":"user","content":[]},"metadata":{"a":1}}',
    );
    expect(toRolloutItem(wrapped)).toEqual(item);
  });

  it('serializes an item stamped with a timestamp exactly as the wrapped line', () => {
    const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    const items = [
      { type: 'response_item', payload: { type: 'message', role: 'user', content: [] }, metadata: { a: 1 } },
      { type: 'event_msg', payload: { type: 'agent_message', message: 'a\u2028b "quoted"', skip: undefined } },
      { type: 'future_kind', payload: [1, 'x'], metadata: undefined },
      { type: 'future_kind', payload: undefined },
    ];
    for (const item of items) {
      expect(serializeRolloutItem(item, date.toISOString())).toBe(serializeRolloutLine(toRolloutLine(item, date)));
    }
  });
});
