import { CodexHarnessMetadataSchema } from './items/other-items';
import { ROLLOUT_ITEM_SCHEMAS, type RolloutItemType } from './rollout-line';
import { compilePredicate, type Predicate } from './schema/schema-predicate';
import { describeSchemaIssue } from './schema/schema-issue';

const predicates = new Map<RolloutItemType, Predicate>();
let metadataPredicate: Predicate | undefined;

function payloadPredicate(type: RolloutItemType): Predicate {
  let predicate = predicates.get(type);
  if (!predicate) {
    predicate = compilePredicate(ROLLOUT_ITEM_SCHEMAS[type]);
    predicates.set(type, predicate);
  }
  return predicate;
}

/**
 * Checks the payload of a known kind (and, for `response_item`, the line's
 * `metadata`) against its schema. Returns undefined when valid, else one line
 * naming the kind, the field and the reason, e.g.
 * `invalid event_msg payload at payload.message: Invalid input: expected string, received number`.
 *
 * The check is a predicate compiled from the zod schema (no allocation);
 * zod itself runs only to describe a failure.
 */
export function rolloutPayloadIssue(type: RolloutItemType, payload: unknown, metadata?: unknown): string | undefined {
  if (!payloadPredicate(type)(payload)) {
    const result = ROLLOUT_ITEM_SCHEMAS[type].safeParse(payload);
    if (!result.success) return `invalid ${type} payload at ${describeSchemaIssue(result.error, 'payload')}`;
  }
  if (metadata !== undefined && type === 'response_item') {
    metadataPredicate ??= compilePredicate(CodexHarnessMetadataSchema);
    if (!metadataPredicate(metadata)) {
      const result = CodexHarnessMetadataSchema.safeParse(metadata);
      if (!result.success) return `invalid response_item metadata at ${describeSchemaIssue(result.error, 'metadata')}`;
    }
  }
  return undefined;
}
