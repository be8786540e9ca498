import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const policy: Record<string, string[]> = require(join(root, 'dependency-policy.cjs'));
const depcruise = join(root, 'node_modules/.bin/depcruise');

/** Builds a tiny workspace in a temp dir with one import from `from` to `to`, and runs the real check on it. */
function cruise(from: string, to: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'threadkit-deps-'));
  tmpDirs.push(dir);
  cpSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  cpSync(join(root, 'dependency-policy.cjs'), join(dir, 'dependency-policy.cjs'));
  for (const ws of Object.keys(policy)) {
    mkdirSync(join(dir, ws, 'src'), { recursive: true });
    writeFileSync(join(dir, ws, 'src/index.ts'), 'export const x = 1;\n');
  }
  const rel = join('..', '..', '..', to, 'src', 'index');
  writeFileSync(join(dir, from, 'src/uses.ts'), `import { x } from '${rel}';\nexport const y = x;\n`);
  const run = spawnSync(depcruise, ['packages', 'apps', '--config', '.dependency-cruiser.cjs'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

describe('dependency direction (DESIGN.md §1)', () => {
  it.each([
    ['packages/protocol', 'packages/core'],
    ['packages/rollout', 'packages/state'],
    ['packages/core', 'packages/rollout'],
    ['packages/core', 'packages/state'],
    ['packages/state', 'packages/thread-store'],
  ])('rejects an import from %s to %s', (from, to) => {
    const { status, output } = cruise(from, to);
    expect(status).not.toBe(0);
    expect(output).toMatch(/error/);
  });

  it.each([
    ['packages/rollout', 'packages/protocol'],
    ['packages/thread-store', 'packages/state'],
    ['packages/core', 'packages/thread-store'],
    ['apps/threads', 'packages/core'],
  ])('allows an import from %s to %s', (from, to) => {
    const { status, output } = cruise(from, to);
    expect(output).not.toMatch(/error no-/);
    expect(status).toBe(0);
  });

  it('declares in package.json only the internal dependencies the table allows', () => {
    const names = new Map<string, string>();
    const manifests: Array<[string, Record<string, Record<string, string>>]> = [];
    for (const group of ['packages', 'apps']) {
      let entries: string[] = [];
      try {
        entries = readdirSync(join(root, group));
      } catch {}
      for (const entry of entries) {
        const ws = `${group}/${entry}`;
        if (!existsSync(join(root, ws, 'package.json'))) continue;
        const pkg = JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8'));
        names.set(pkg.name, ws);
        manifests.push([ws, pkg]);
      }
    }
    for (const [ws, pkg] of manifests) {
      expect(policy, `${ws} is missing from dependency-policy.cjs`).toHaveProperty([ws]);
      const declared = { ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies };
      for (const dep of Object.keys(declared)) {
        const target = names.get(dep);
        if (target) expect(policy[ws], `${ws} may not depend on ${dep}`).toContain(target);
      }
    }
    expect(dirname(depcruise)).toContain('node_modules');
  });
});
