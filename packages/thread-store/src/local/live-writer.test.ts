import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ThreadWriterLock } from '@threadkit/rollout';
import { afterEach, describe, expect, it } from 'vitest';
import { isThreadStoreError } from '../errors';
import { LocalThreadStore } from './local-thread-store';
import { agentMessage, sampleCreateParams, userMessage, writeSampleThread } from './testing/sample-thread';
import { tempDir } from './testing/temp-home';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe.each(['sqlite', 'none'] as const)('live writers of LocalThreadStore (index: %s)', (index) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(homeOf: (dir: string) => string = (dir) => join(dir, 'codex-home')) {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const home = homeOf(dir.path);
    const store = await LocalThreadStore.open({ home, index, sqliteHome: join(dir.path, 'index') });
    cleanups.push(() => store.close());
    return { home, store };
  }

  it('writes nothing at all for a created thread until it has history', async () => {
    const { home, store } = await setup();
    const params = sampleCreateParams();
    await store.createThread(params);
    await store.flushThread(params.threadId);
    expect(existsSync(home)).toBe(false);
    expect(store.liveRolloutPath(params.threadId)).toContain(params.threadId);
    await store.shutdownThread(params.threadId);
    expect(existsSync(home)).toBe(false);
  });

  it('resolves an append once its bytes are in the file, and keeps no lock after shutdown', async () => {
    const { home, store } = await setup();
    const params = sampleCreateParams();
    await store.createThread(params);
    await store.appendItems({ threadId: params.threadId, items: [userMessage('on disk already')] });
    const path = store.liveRolloutPath(params.threadId);
    expect(await readFile(path, 'utf8')).toContain('on disk already');
    expect(await readdir(join(home, 'thread-writer-locks'))).toEqual([`${params.threadId}.lock`]);
    await store.shutdownThread(params.threadId);
    expect(await readdir(join(home, 'thread-writer-locks'))).toEqual([]);
  });

  it('refuses a thread another process writes: resume and first append are conflicts', async () => {
    const { home, store } = await setup();
    const existing = await writeSampleThread(store);
    const held = await ThreadWriterLock.acquire(home, existing);
    cleanups.push(() => held.release());
    expect(await rejection(store.resumeThread({ threadId: existing }))).toMatchObject({ code: 'conflict' });

    const fresh = sampleCreateParams();
    const heldFresh = await ThreadWriterLock.acquire(home, fresh.threadId);
    cleanups.push(() => heldFresh.release());
    await store.createThread(fresh);
    expect(
      await rejection(store.appendItems({ threadId: fresh.threadId, items: [userMessage('blocked')] })),
    ).toMatchObject({ code: 'conflict' });
    await store.discardThread(fresh.threadId);
    expect(await rejection(store.deleteThread({ threadId: existing }))).toMatchObject({ code: 'conflict' });
  });

  it('never writes the items of a first append that failed, once the thread can be written again', async () => {
    const { home, store } = await setup();
    const fresh = sampleCreateParams();
    const held = await ThreadWriterLock.acquire(home, fresh.threadId);
    await store.createThread(fresh);
    expect(
      await rejection(store.appendItems({ threadId: fresh.threadId, items: [userMessage('refused')] })),
    ).toMatchObject({ code: 'conflict' });
    await held.release();
    await store.flushThread(fresh.threadId);
    await store.appendItems({ threadId: fresh.threadId, items: [userMessage('accepted')] });
    await store.shutdownThread(fresh.threadId);
    const history = await store.loadHistory({ threadId: fresh.threadId });
    expect(history.items.map((item) => (item.payload as { message?: string }).message ?? item.type)).toEqual([
      'session_meta',
      'accepted',
    ]);
  });

  it('keeps writing to a live thread archived meanwhile, metadata changes included', async () => {
    const { store } = await setup();
    const params = sampleCreateParams();
    await store.createThread(params);
    await store.appendItems({ threadId: params.threadId, items: [userMessage('before the archive')] });
    await store.archiveThread({ threadId: params.threadId });
    await store.appendItems({ threadId: params.threadId, items: [agentMessage('after the archive')] });
    const updated = await store.updateThreadMetadata({
      threadId: params.threadId,
      patch: { memoryMode: 'disabled' },
      includeArchived: true,
    });
    expect(updated).toMatchObject({ memoryMode: 'disabled', archivedAt: expect.any(Date) });
    await store.shutdownThread(params.threadId);
    const history = await store.loadHistory({ threadId: params.threadId, includeArchived: true });
    expect(history.items.map((item) => item.type)).toEqual(['session_meta', 'event_msg', 'event_msg', 'session_meta']);
  });

  it('gives way to a writer in another process, and takes over its lock once that process died', async () => {
    const { home, store } = await setup();
    const threadId = await writeSampleThread(store);
    const packageDir = fileURLToPath(new URL('../..', import.meta.url));
    const script = `
      const { ThreadWriterLock } = await import('@threadkit/rollout');
      await ThreadWriterLock.acquire(${JSON.stringify(home)}, ${JSON.stringify(threadId)});
      console.log('held');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: packageDir });
    cleanups.push(async () => {
      child.kill('SIGKILL');
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
      child.on('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
    });
    expect(await rejection(store.resumeThread({ threadId }))).toMatchObject({ code: 'conflict' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // The dead holder's lock file is still there; it is recovered, not obeyed.
    expect(await readdir(join(home, 'thread-writer-locks'))).toEqual([`${threadId}.lock`]);
    await store.resumeThread({ threadId });
    await store.appendItems({ threadId, items: [agentMessage('after the crash')] });
    await store.shutdownThread(threadId);
  });

  it('resumes only rollouts of the thread inside the home', async () => {
    const { home, store } = await setup();
    const a = await writeSampleThread(store, 'thread a');
    const b = await writeSampleThread(store, 'thread b');
    const pathOfB = (await store.readThread({ threadId: b })).rolloutPath!;
    expect(await rejection(store.resumeThread({ threadId: a, rolloutPath: pathOfB }))).toMatchObject({
      code: 'invalid_request',
    });
    const outside = join(home, '..', `rollout-2026-01-01T00-00-00-${a}.jsonl`);
    await writeFile(outside, await readFile((await store.readThread({ threadId: a })).rolloutPath!, 'utf8'));
    expect(await rejection(store.resumeThread({ threadId: a, rolloutPath: outside }))).toMatchObject({
      code: 'invalid_request',
    });
    await store.resumeThread({ threadId: a, rolloutPath: (await store.readThread({ threadId: a })).rolloutPath });
    await store.appendItems({ threadId: a, items: [agentMessage('resumed by path')] });
    await store.shutdownThread(a);
    expect((await store.loadHistory({ threadId: a })).items).toHaveLength(4);
  });

  it('reports OS failures as internal errors carrying the cause, and keeps earlier data', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const notADirectory = join(dir.path, 'plain-file');
    await writeFile(notADirectory, 'a file where the home should be');
    const store = await LocalThreadStore.open({ home: notADirectory, index: 'none' });
    const params = sampleCreateParams();
    await store.createThread(params);
    const error = await rejection(store.appendItems({ threadId: params.threadId, items: [userMessage('nowhere')] }));
    expect(isThreadStoreError(error, 'internal')).toBe(true);
    expect((error as Error).cause).toBeDefined();
    expect(await readFile(notADirectory, 'utf8')).toBe('a file where the home should be');
    await store.discardThread(params.threadId);
  });
});
