import { defineProject } from 'vitest/config';

// PGlite starts a WebAssembly PostgreSQL (seconds on a busy machine), and the
// real-server suites open many connections: allow for both.
export default defineProject({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
