import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRolloutError } from './errors';
import { existingRolloutFile, resolveRolloutFile } from './resolve-file';
import { tempDir } from './testing/homes';

describe('finding the file of a rollout path', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function dir(): string {
    const made = tempDir();
    cleanups.push(made.cleanup);
    return made.dir;
  }

  it('prefers the plain file, falls back to the .zst sibling, and reports size and mtime', async () => {
    const root = dir();
    const plain = join(root, 'rollout-a.jsonl');
    writeFileSync(`${plain}.zst`, 'zz');
    expect(await existingRolloutFile(plain)).toMatchObject({
      logicalPath: plain,
      actualPath: `${plain}.zst`,
      compressed: true,
      stat: { sizeBytes: 2 },
    });
    writeFileSync(plain, 'plain\n');
    const found = await existingRolloutFile(`${plain}.zst`);
    expect(found).toMatchObject({ logicalPath: plain, actualPath: plain, compressed: false, stat: { sizeBytes: 6 } });
    expect(Number.isInteger(found?.stat.mtimeMs)).toBe(true);
  });

  it('answers a missing file at once, without waiting for a compression swap', async () => {
    const root = dir();
    const missing = join(root, 'rollout-missing.jsonl');
    const started = performance.now();
    expect(await existingRolloutFile(missing)).toBeUndefined();
    const error = await resolveRolloutFile(missing).catch((e: unknown) => e);
    // The old lookup slept 3 × 50 ms before giving up.
    expect(performance.now() - started).toBeLessThan(100);
    expect(isRolloutError(error, 'not_found')).toBe(true);
  });

  it('does not take a directory for a rollout', async () => {
    const root = dir();
    const folder = join(root, 'rollout-folder.jsonl');
    mkdirSync(folder);
    expect(await existingRolloutFile(folder)).toBeUndefined();
  });
});
