function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * True for what `z.json()` accepts: strings, finite numbers, booleans, null,
 * and arrays and plain objects of those, at any depth. Walks the value with
 * an explicit stack and copies nothing: zod's own check rebuilt every nested
 * object and was most of the cost of validating a row built from a rollout.
 */
export function isJsonValue(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    switch (typeof value) {
      case 'string':
      case 'boolean':
        continue;
      case 'number':
        if (!Number.isFinite(value)) return false;
        continue;
      case 'object':
        if (value === null) continue;
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) stack.push(value[i]);
          continue;
        }
        if (!isPlainObject(value)) return false;
        for (const key of Object.keys(value)) stack.push((value as Record<string, unknown>)[key]);
        continue;
      default:
        return false;
    }
  }
  return true;
}
