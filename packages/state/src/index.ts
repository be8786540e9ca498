/** Public API of @threadkit/state. */
export {};
