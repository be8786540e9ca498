import { describe, expect, it } from 'vitest';
import { isThreadStoreError, ThreadStoreError } from './errors';

describe('ThreadStoreError', () => {
  it('names the thread and keeps the code', () => {
    const error = ThreadStoreError.threadNotFound('0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55', 'it is archived');
    expect(error.code).toBe('thread_not_found');
    expect(error.threadId).toBe('0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55');
    expect(error.message).toBe('thread 0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55 not found: it is archived');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ThreadStoreError');
  });

  it('keeps the cause of an internal error', () => {
    const cause = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    const error = ThreadStoreError.internal('append failed: no space left on device', { cause, threadId: 'x' });
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('thread-store internal error: append failed: no space left on device');
  });

  it('records the operation of unsupported errors and the field of invalid requests', () => {
    expect(ThreadStoreError.unsupported('listTurns').operation).toBe('listTurns');
    expect(ThreadStoreError.invalidRequest('bad', { field: 'patch.name' }).field).toBe('patch.name');
  });

  it('is recognised by the guard, also with a code, and also from another copy of the class', () => {
    const error = ThreadStoreError.conflict('second writer');
    expect(isThreadStoreError(error)).toBe(true);
    expect(isThreadStoreError(error, 'conflict')).toBe(true);
    expect(isThreadStoreError(error, 'internal')).toBe(false);
    expect(isThreadStoreError(new Error('x'))).toBe(false);
    expect(isThreadStoreError({ code: 'conflict', message: 'look-alike' })).toBe(false);
    expect(isThreadStoreError(null)).toBe(false);
    // A copy bundled by a third-party store carries the same registered brand.
    const foreign = Object.assign(new Error('foreign'), { code: 'conflict' });
    Object.defineProperty(foreign, Symbol.for('@threadkit/thread-store/ThreadStoreError'), { value: true });
    expect(isThreadStoreError(foreign, 'conflict')).toBe(true);
  });
});
