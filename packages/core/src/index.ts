/** Public API of @threadkit/core. */
export {};
