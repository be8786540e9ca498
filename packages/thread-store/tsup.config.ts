import { defineConfig } from 'tsup';

export default defineConfig({
  // The conformance suite is its own entry (and d.ts) so that importing the
  // store API never loads vitest; shared code lands in one chunk.
  entry: { index: 'src/index.ts', conformance: 'src/conformance/index.ts' },
  format: ['esm'],
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
});
