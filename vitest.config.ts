import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// One run covers every workspace project: each directory under packages/,
// apps/, tools/ and tests/ (plus bench/) is a project and may add its own vitest.config.ts.
const root = import.meta.dirname;
const projects = ['packages', 'apps', 'tools', 'tests']
  .flatMap((group) =>
    existsSync(join(root, group)) ? readdirSync(join(root, group)).map((entry) => `${group}/${entry}`) : [],
  )
  .concat(existsSync(join(root, 'bench')) ? ['bench'] : [])
  .filter((dir) => statSync(join(root, dir)).isDirectory() && existsSync(join(root, dir, 'package.json')));

export default defineConfig({
  test: { projects },
});
