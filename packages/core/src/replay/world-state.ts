import jsonMergePatch from 'json-merge-patch';

/** A model-visible world state: any JSON object. */
export type WorldStateValue = Record<string, unknown>;

/** RFC 7386 JSON Merge Patch on any JSON values; neither input is modified. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return jsonMergePatch.apply(structuredClone(target), structuredClone(patch));
}

/** Applies one `world_state` record to a state: a full snapshot replaces, a patch merges (RFC 7386). */
export function applyWorldStateRecord(
  state: WorldStateValue | undefined,
  record: { full: boolean; state: WorldStateValue },
): WorldStateValue {
  if (record.full) return structuredClone(record.state);
  // apply() mutates its target, so work on a copy: earlier checkpoints must stay intact.
  const next = applyMergePatch(state ?? {}, record.state);
  return isObject(next) ? next : {};
}

/** The RFC 7386 merge patch that turns `before` into `after`, or undefined when they are equal. */
export function diffWorldState(before: WorldStateValue, after: WorldStateValue): WorldStateValue | undefined {
  const patch = jsonMergePatch.generate(before, after);
  if (patch === undefined) return undefined;
  return isObject(patch) && Object.keys(patch).length > 0 ? patch : undefined;
}

function isObject(value: unknown): value is WorldStateValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
