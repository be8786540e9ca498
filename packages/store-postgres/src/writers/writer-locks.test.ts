import { describe, expect, it } from 'vitest';
import { createParams, messageTextsOf, userMessage } from '../testing/items';
import { describeOnEachBackend, onRealServer, REAL_SERVER_URL, realServerBackend } from '../testing/test-databases';
import { advisoryLockKey } from './advisory-lock-key';

describeOnEachBackend('one live writer per thread', (backend) => {
  it('gives the thread to another instance once the writer closes, even by closing the whole store', async () => {
    const a = await backend().open();
    const b = await backend().open();
    const params = createParams();
    await a.createThread(params);
    await a.appendItems({ threadId: params.threadId, items: [userMessage('from a')] });
    await expect(b.resumeThread({ threadId: params.threadId })).rejects.toMatchObject({ code: 'conflict' });
    await a.close();
    await b.resumeThread({ threadId: params.threadId });
    await b.appendItems({ threadId: params.threadId, items: [userMessage('from b')] });
    await b.shutdownThread(params.threadId);
    expect(messageTextsOf((await b.loadHistory({ threadId: params.threadId })).items)).toEqual(['from a', 'from b']);
  });

  it('keeps schemas apart: the same thread id is written in two schemas at once', async () => {
    const here = await backend().open();
    const elsewhere = await backend().open({ schema: `${backend().schema}_other` });
    try {
      const params = createParams();
      await here.createThread(params);
      await elsewhere.createThread(params);
      await here.appendItems({ threadId: params.threadId, items: [userMessage('here')] });
      await elsewhere.appendItems({ threadId: params.threadId, items: [userMessage('elsewhere')] });
      await here.shutdownThread(params.threadId);
      await elsewhere.shutdownThread(params.threadId);
      expect(messageTextsOf((await here.loadHistory({ threadId: params.threadId })).items)).toEqual(['here']);
      expect(messageTextsOf((await elsewhere.loadHistory({ threadId: params.threadId })).items)).toEqual(['elsewhere']);
      expect((await here.listThreads({ modelProviders: [] })).items).toEqual([]);
    } finally {
      await elsewhere.close();
      await backend().query(`DROP SCHEMA IF EXISTS "${backend().schema}_other" CASCADE`);
    }
  });
});

describe.runIf(REAL_SERVER_URL)('advisory writer locks on the real server', () => {
  const url = REAL_SERVER_URL!;

  /** The backend holding a thread's writer lock, if any. */
  async function lockHolder(schema: string, threadId: string): Promise<number | null> {
    const key = BigInt.asUintN(64, BigInt(advisoryLockKey(schema, threadId)));
    const rows = await onRealServer(url, (c) =>
      c.query<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 1`,
        [Number(key >> 32n), Number(key & 0xffffffffn)],
      ),
    );
    return rows.rows[0]?.pid ?? null;
  }

  it('holds the lock on one session while writers are live and gives the session back after', async () => {
    const backend = await realServerBackend(url);
    try {
      const store = await backend.open();
      const [one, two] = [createParams(), createParams()];
      await store.createThread(one);
      await store.createThread(two);
      const holder = await lockHolder(backend.schema, one.threadId);
      expect(holder).not.toBeNull();
      expect(await lockHolder(backend.schema, two.threadId)).toBe(holder);
      await store.shutdownThread(one.threadId);
      expect(await lockHolder(backend.schema, one.threadId)).toBeNull();
      await store.discardThread(two.threadId);
      expect(await lockHolder(backend.schema, two.threadId)).toBeNull();
    } finally {
      await backend.cleanup();
    }
  });

  it('frees the threads of a writer whose session died; its next append is a conflict once another took over', async () => {
    const backend = await realServerBackend(url);
    try {
      const a = await backend.open();
      const b = await backend.open();
      const params = createParams();
      await a.createThread(params);
      await a.appendItems({ threadId: params.threadId, items: [userMessage('a before the crash')] });
      const holder = await lockHolder(backend.schema, params.threadId);
      await onRealServer(url, (c) => c.query('SELECT pg_terminate_backend($1, 5000)', [holder]));

      await b.resumeThread({ threadId: params.threadId });
      await b.appendItems({ threadId: params.threadId, items: [userMessage('b took over')] });
      await expect(a.appendItems({ threadId: params.threadId, items: [userMessage('a again')] })).rejects.toMatchObject({
        code: 'conflict',
      });
      await b.shutdownThread(params.threadId);
      expect(messageTextsOf((await a.loadHistory({ threadId: params.threadId })).items)).toEqual([
        'a before the crash',
        'b took over',
      ]);
    } finally {
      await backend.cleanup();
    }
  });

  it('takes a lost lock back when nobody else took it, and goes on appending', async () => {
    const backend = await realServerBackend(url);
    try {
      const store = await backend.open();
      const params = createParams();
      await store.createThread(params);
      await store.appendItems({ threadId: params.threadId, items: [userMessage('before')] });
      const holder = await lockHolder(backend.schema, params.threadId);
      await onRealServer(url, (c) => c.query('SELECT pg_terminate_backend($1, 5000)', [holder]));
      await store.appendItems({ threadId: params.threadId, items: [userMessage('after')] });
      const newHolder = await lockHolder(backend.schema, params.threadId);
      expect(newHolder).not.toBeNull();
      expect(newHolder).not.toBe(holder);
      await store.shutdownThread(params.threadId);
      expect(messageTextsOf((await store.loadHistory({ threadId: params.threadId })).items)).toEqual(['before', 'after']);
    } finally {
      await backend.cleanup();
    }
  });
});
