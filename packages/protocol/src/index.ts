/**
 * @threadkit/protocol — the on-disk format of Codex rollouts: ids, line
 * envelope, item payload schemas, session and thread sources, and a lenient
 * line codec. Depends on zod only.
 */
export * from './codec';
export * from './items/common';
export * from './items/event-msg';
export * from './items/other-items';
export * from './items/policies';
export * from './items/response-item';
export * from './items/session-meta';
export * from './items/turn-context';
export { INJECTED_CONTEXT_MARKERS, isInjectedContextText } from './injected-context';
export * from './json-schema';
export { rolloutPayloadIssue } from './payload-validation';
export * from './rollout-line';
export type { OpenRecord } from './schema/open-schemas';
export * from './session-source';
export * from './thread-id';
export * from './thread-source';
