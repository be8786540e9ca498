import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@threadkit/reliability-tests',
    // Child processes and real file systems: slower than unit tests, never timed.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
