import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every position in a JSON value, as key paths (the root is `[]`). */
export function jsonPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths = [prefix];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) paths.push(...jsonPaths(item, [...prefix, i]));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) paths.push(...jsonPaths(item, [...prefix, key]));
  }
  return paths;
}

/** Values that tend to sit on the edges of the Codex schemas. */
const edgyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    '',
    0,
    -1,
    1.5,
    2 ** 53,
    true,
    [],
    {},
    'user',
    'input_text',
    'output_text',
    'message',
    'task_started',
    'legacy',
    'paginated',
    'UserMessage',
    'Text',
    'thread_spawn',
    '01a1fda6-3016-7e11-b5da-00b3fda9dd8f',
    '../etc/passwd',
    'a\u2028b\u2029c',
  ),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

export interface Mutation {
  at: number;
  action: 'replace' | 'delete' | 'add' | 'wrap';
  key: string;
  value: Json;
}

export const mutationArbitrary = (keys: readonly string[]): fc.Arbitrary<Mutation> =>
  fc.record({
    at: fc.nat(),
    action: fc.constantFrom('replace', 'delete', 'add', 'wrap'),
    key: fc.constantFrom(...keys, 'unknown_field', 'type'),
    value: edgyValue,
  });

/** Applies one mutation to a deep copy of `value`: replace or delete a node, add a key, or wrap a node in an array. */
export function mutate(value: unknown, mutation: Mutation): unknown {
  const root = { value: structuredClone(value) } as { value: unknown };
  const paths = jsonPaths(root.value);
  const path = paths[mutation.at % paths.length]!;
  let parent: Record<string | number, unknown> = root as Record<string, unknown>;
  let key: string | number = 'value';
  for (const step of path) {
    parent = parent[key] as Record<string | number, unknown>;
    key = step;
  }
  const node = parent[key];
  switch (mutation.action) {
    case 'replace':
      parent[key] = mutation.value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else if (parent !== root) delete parent[key];
      else root.value = mutation.value;
      break;
    case 'add':
      if (node && typeof node === 'object' && !Array.isArray(node)) (node as Record<string, unknown>)[mutation.key] = mutation.value;
      else if (Array.isArray(node)) node.push(mutation.value);
      else parent[key] = { [mutation.key]: mutation.value };
      break;
    case 'wrap':
      parent[key] = [node];
      break;
  }
  return root.value;
}

/** All keys used anywhere in the given values (to mutate with names the schemas know). */
export function keysOf(values: readonly unknown[]): string[] {
  const keys = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        keys.add(key);
        visit(item);
      }
    }
  };
  values.forEach(visit);
  return [...keys].sort();
}
