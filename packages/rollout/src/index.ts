/** Public API of @threadkit/rollout. */
export {};
