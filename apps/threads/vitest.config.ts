import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The end-to-end suites spawn the built binary: build it (and what it depends on) once.
    globalSetup: ['test/support/build-once.ts'],
    testTimeout: 30_000,
  },
});
