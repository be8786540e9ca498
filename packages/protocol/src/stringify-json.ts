/**
 * JSON.stringify that also handles values nested deeper than the call stack.
 *
 * V8 parses JSON nested tens of thousands of levels deep, but its stringify
 * recurses and overflows at about ten thousand. A line that parsed must be
 * writable again, so on that RangeError the value is written by an explicit
 * stack instead, with JSON.stringify's rules (toJSON, omitted members, null
 * for unrepresentable array items, TypeError on cycles).
 */
export function stringifyJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return stringifyWithoutRecursion(value);
  }
}

const OMIT = Symbol('omit');

interface Frame {
  source: Record<string, unknown> | unknown[];
  /** Object keys; null for arrays. */
  keys: string[] | null;
  index: number;
  /** Members written so far (reading back `out` to decide on a comma would flatten the string each time). */
  written: number;
}

/** What JSON.stringify would write for `value` under `key`, before containers are opened. */
function toJsonValue(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return OMIT;
  return value;
}

function stringifyWithoutRecursion(root: unknown): string | undefined {
  const ancestors = new Set<object>();
  const stack: Frame[] = [];
  let out = '';

  const write = (value: unknown): void => {
    if (value === null || typeof value !== 'object') {
      out += JSON.stringify(value); // primitives: never recursive; bigint throws as JSON.stringify does
      return;
    }
    if (ancestors.has(value)) throw new TypeError('Converting circular structure to JSON');
    ancestors.add(value);
    if (Array.isArray(value)) {
      out += '[';
      stack.push({ source: value, keys: null, index: 0, written: 0 });
    } else {
      out += '{';
      stack.push({ source: value as Record<string, unknown>, keys: Object.keys(value), index: 0, written: 0 });
    }
  };

  const first = toJsonValue(root, '');
  if (first === OMIT) return undefined;
  write(first);

  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.keys === null) {
      const items = frame.source as unknown[];
      if (frame.index < items.length) {
        const index = frame.index++;
        if (index > 0) out += ',';
        const item = toJsonValue(items[index], String(index));
        write(item === OMIT ? null : item);
        continue;
      }
      out += ']';
    } else {
      const source = frame.source as Record<string, unknown>;
      let opened = false;
      while (frame.index < frame.keys.length) {
        const key = frame.keys[frame.index++]!;
        const member = toJsonValue(source[key], key);
        if (member === OMIT) continue;
        if (frame.written++ > 0) out += ',';
        out += `${JSON.stringify(key)}:`;
        write(member);
        opened = true;
        break;
      }
      if (opened) continue;
      out += '}';
    }
    ancestors.delete(frame.source);
    stack.pop();
  }
  return out;
}
