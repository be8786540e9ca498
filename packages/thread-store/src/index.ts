/** Public API of @threadkit/thread-store. */
export {};
