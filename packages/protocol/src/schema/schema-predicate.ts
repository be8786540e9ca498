/**
 * Compiles a zod schema into a plain predicate over JSON values.
 *
 * zod builds a fresh output object for every object it parses; a reader that
 * only needs "is this line valid?" pays for allocations it throws away. The
 * predicate walks the same definition with no allocation, which keeps payload
 * validation close to the cost of JSON.parse. The zod schema stays the single
 * source of truth: the predicate is derived from it, and the tests check that
 * both agree on generated values.
 *
 * Inputs are JSON values (what JSON.parse returns). Schema constructs the
 * compiler does not know fall back to zod's own safeParse for that node, or
 * throw when `strict` is set (the tests use that to prove every payload
 * schema compiles).
 */
import type { z } from 'zod';

export type Predicate = (value: unknown) => boolean;

export interface CompilePredicateOptions {
  /** Throw on a construct the compiler does not handle instead of falling back to zod. */
  strict?: boolean;
}

interface SchemaNode {
  _zod: { def: NodeDef; optin?: string };
  safeParse?: (value: unknown) => { success: boolean };
}

interface NodeDef extends Partial<CheckDef> {
  type: string;
  checks?: readonly { _zod: { def: CheckDef } }[];
  innerType?: SchemaNode;
  element?: SchemaNode;
  shape?: Record<string, SchemaNode>;
  catchall?: SchemaNode;
  keyType?: SchemaNode;
  valueType?: SchemaNode;
  options?: readonly SchemaNode[];
  discriminator?: string;
  unionFallback?: boolean;
  values?: readonly unknown[];
  entries?: Record<string, unknown>;
}

interface CheckDef {
  check?: string;
  format?: string;
  pattern?: RegExp;
  value?: unknown;
  inclusive?: boolean;
  fn?: (value: unknown) => unknown;
}

class Unsupported extends Error {}

type Accepts = 'any-string' | 'strings' | 'any-object' | 'objects' | 'other';

/** A coarse bound on what a schema accepts, used to drop redundant union options. */
function acceptedValues(node: SchemaNode): Accepts {
  const def = node._zod.def;
  const checked = (def.checks?.length ?? 0) > 0 || def.check !== undefined;
  switch (def.type) {
    case 'string':
      return checked ? 'strings' : 'any-string';
    case 'enum':
      return Object.values(def.entries ?? {}).every((v) => typeof v === 'string') ? 'strings' : 'other';
    case 'literal':
      return (def.values ?? []).every((v) => typeof v === 'string') ? 'strings' : 'other';
    case 'record': {
      const anyValue = ['unknown', 'any'].includes(def.valueType!._zod.def.type);
      const plainKeys = def.keyType!._zod.def.type === 'string' && !def.keyType!._zod.def.checks?.length;
      return anyValue && plainKeys && !checked ? 'any-object' : 'objects';
    }
    case 'object':
      return 'objects';
    case 'union':
      if (def.discriminator !== undefined) return 'objects';
      return def.options?.every((o) => ['objects', 'any-object'].includes(acceptedValues(o))) ? 'objects' : 'other';
    default:
      return 'other';
  }
}

const accept: Predicate = () => true;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function compilePredicate(schema: z.ZodType, options: CompilePredicateOptions = {}): Predicate {
  const cache = new Map<SchemaNode, Predicate>();

  function compileNode(node: SchemaNode): Predicate {
    const cached = cache.get(node);
    if (cached) return cached;
    let predicate: Predicate;
    try {
      predicate = build(node);
    } catch (err) {
      if (!(err instanceof Unsupported) || options.strict || !node.safeParse) throw err;
      const parse = node.safeParse.bind(node);
      predicate = (value) => parse(value).success;
    }
    cache.set(node, predicate);
    return predicate;
  }

  function build(node: SchemaNode): Predicate {
    const def = node._zod.def;
    const base = buildBase(def);
    // Format schemas such as z.int() are their own check.
    const checkDefs = def.check === undefined ? [] : [def as CheckDef];
    for (const check of def.checks ?? []) checkDefs.push(check._zod.def);
    const checks = checkDefs.map((check) => buildCheck(def.type, check));
    if (checks.length === 0) return base;
    return (value) => {
      if (!base(value)) return false;
      for (const check of checks) if (!check(value)) return false;
      return true;
    };
  }

  function buildBase(def: NodeDef): Predicate {
    switch (def.type) {
      case 'unknown':
      case 'any':
        return accept;
      case 'string':
        return (value) => typeof value === 'string';
      case 'number':
        return (value) => typeof value === 'number' && Number.isFinite(value);
      case 'boolean':
        return (value) => typeof value === 'boolean';
      case 'null':
        return (value) => value === null;
      case 'literal': {
        const values = def.values ?? [];
        return values.length === 1 ? (value) => value === values[0] : (value) => values.includes(value);
      }
      case 'enum': {
        const values = new Set(Object.values(def.entries ?? {}));
        return (value) => values.has(value);
      }
      case 'optional': {
        const inner = compileNode(def.innerType!);
        return (value) => value === undefined || inner(value);
      }
      case 'nullable': {
        const inner = compileNode(def.innerType!);
        return (value) => value === null || inner(value);
      }
      case 'array': {
        const element = compileNode(def.element!);
        return (value) => {
          if (!Array.isArray(value)) return false;
          for (const item of value) if (!element(item)) return false;
          return true;
        };
      }
      case 'record': {
        if (def.keyType!._zod.def.type !== 'string' || def.keyType!._zod.def.checks?.length) {
          throw new Unsupported('record keys other than plain strings');
        }
        const valueCheck = compileNode(def.valueType!);
        if (valueCheck === accept) return isObject;
        return (value) => {
          if (!isObject(value)) return false;
          for (const key in value) if (Object.hasOwn(value, key) && !valueCheck(value[key])) return false;
          return true;
        };
      }
      case 'object':
        return buildObject(def);
      case 'union':
        return def.discriminator === undefined ? buildUnion(def) : buildDiscriminatedUnion(def);
      default:
        throw new Unsupported(`zod type "${def.type}"`);
    }
  }

  function buildObject(def: NodeDef): Predicate {
    const catchall = def.catchall?._zod.def.type;
    if (catchall !== undefined && catchall !== 'unknown' && catchall !== 'any') {
      throw new Unsupported('objects that restrict unknown keys');
    }
    const fields = Object.entries(def.shape ?? {}).map(([key, field]) => {
      const fieldDef = field._zod.def;
      const check = compileNode(field);
      return {
        key,
        // zod lets a key be absent exactly when its schema is optional on input.
        required: field._zod.optin === undefined,
        check,
        // For a defined value, `optional(x)` is just `x`: skip one call on the hot path.
        checkDefined: fieldDef.type === 'optional' && !fieldDef.checks?.length ? compileNode(fieldDef.innerType!) : check,
      };
    });
    const byKey = new Map(fields.map((field) => [field.key, field]));
    const requiredCount = fields.filter((field) => field.required).length;
    // Walk the keys the value has rather than the keys the schema knows:
    // payloads carry a fraction of the optional fields, and a missing key is
    // the slowest lookup there is.
    return (value) => {
      if (!isObject(value)) return false;
      let requiredSeen = 0;
      for (const key in value) {
        const field = byKey.get(key);
        if (field === undefined) continue;
        const fieldValue = value[key];
        if (!(fieldValue === undefined ? field.check(fieldValue) : field.checkDefined(fieldValue))) return false;
        if (field.required) requiredSeen++;
      }
      return requiredSeen === requiredCount;
    };
  }

  function buildUnion(def: NodeDef): Predicate {
    const options = def.options ?? [];
    const accepts = options.map(acceptedValues);
    // An option that takes every string (or every object) makes the options
    // that only take strings (objects) redundant: same answer, fewer calls.
    const anyString = accepts.includes('any-string');
    const anyObject = accepts.includes('any-object');
    const kept = options.filter(
      (_, i) => !(anyString && accepts[i] === 'strings') && !(anyObject && accepts[i] === 'objects'),
    );
    const predicates = kept.map(compileNode);
    if (predicates.length === 1) return predicates[0]!;
    return (value) => {
      for (const predicate of predicates) if (predicate(value)) return true;
      return false;
    };
  }

  function buildDiscriminatedUnion(def: NodeDef): Predicate {
    if (def.unionFallback) throw new Unsupported('discriminated unions with a fallback');
    const key = def.discriminator!;
    const byTag = new Map<unknown, Predicate>();
    for (const option of def.options ?? []) {
      const tag = option._zod.def.shape?.[key]?._zod.def;
      if (!tag) throw new Unsupported('discriminated union options without a literal tag');
      const tags = tag.type === 'literal' ? tag.values : tag.type === 'enum' ? Object.values(tag.entries ?? {}) : null;
      if (!tags) throw new Unsupported('discriminated union tags other than literals and enums');
      const check = compileNode(option);
      for (const value of tags) byTag.set(value, check);
    }
    return (value) => {
      if (!isObject(value)) return false;
      const check = byTag.get(value[key]);
      return check?.(value) === true;
    };
  }

  function buildCheck(type: string, check: CheckDef): Predicate {
    switch (check.check) {
      case 'string_format': {
        if (check.format !== 'regex' || !check.pattern || check.pattern.global || check.pattern.sticky) {
          throw new Unsupported(`string format "${check.format}"`);
        }
        const pattern = check.pattern;
        return (value) => pattern.test(value as string);
      }
      case 'number_format':
        if (check.format !== 'safeint') throw new Unsupported(`number format "${check.format}"`);
        return (value) => Number.isSafeInteger(value);
      case 'greater_than': {
        if (type !== 'number' || typeof check.value !== 'number') throw new Unsupported('non-numeric bounds');
        const bound = check.value;
        return check.inclusive ? (value) => (value as number) >= bound : (value) => (value as number) > bound;
      }
      case 'less_than': {
        if (type !== 'number' || typeof check.value !== 'number') throw new Unsupported('non-numeric bounds');
        const bound = check.value;
        return check.inclusive ? (value) => (value as number) <= bound : (value) => (value as number) < bound;
      }
      case 'custom': {
        const fn = check.fn!;
        return (value) => {
          const result = fn(value);
          if (result instanceof Promise) throw new Error('asynchronous refinements cannot be checked synchronously');
          return Boolean(result);
        };
      }
      default:
        throw new Unsupported(`check "${check.check}"`);
    }
  }

  return compileNode(schema as unknown as SchemaNode);
}
