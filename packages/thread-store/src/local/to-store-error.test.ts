import { RolloutError } from '@threadkit/rollout';
import { StateError } from '@threadkit/state';
import { describe, expect, it } from 'vitest';
import { ThreadStoreError } from '../errors';
import { toStoreError } from './to-store-error';

const THREAD = '01a1fda6-3b8a-7792-8e1c-b22826e2c31c';

describe('toStoreError', () => {
  it.each([
    [new RolloutError('invalid_request', 'bad'), 'invalid_request'],
    [new RolloutError('not_found', 'gone'), 'thread_not_found'],
    [new RolloutError('conflict', 'held'), 'conflict'],
    [new RolloutError('closed', 'discarded'), 'thread_not_found'],
    [new RolloutError('unsupported', 'paginated'), 'unsupported'],
    [new RolloutError('io', 'disk full'), 'internal'],
    [new StateError('invalid_request', 'bad cursor', { field: 'cursor' }), 'invalid_request'],
    [new StateError('conflict', 'lost claim'), 'conflict'],
    [new StateError('corrupt', 'not a database'), 'internal'],
    [new StateError('busy', 'locked'), 'internal'],
    [Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }), 'internal'],
  ])('maps %s to %s, keeping the cause and the thread', (error, code) => {
    const mapped = toStoreError(error, THREAD);
    expect(mapped).toBeInstanceOf(ThreadStoreError);
    expect(mapped.code).toBe(code);
    expect(mapped.cause).toBe(error);
    expect(mapped.threadId).toBe(THREAD);
  });

  it('names the field of an index validation error and the errno of an OS error', () => {
    expect(toStoreError(new StateError('invalid_request', 'bad', { field: 'cursor' })).field).toBe('cursor');
    const os = toStoreError(Object.assign(new Error('permission denied'), { code: 'EACCES' }));
    expect(os.message).toContain('EACCES');
  });

  it('passes ThreadStoreErrors through untouched', () => {
    const error = ThreadStoreError.conflict('already');
    expect(toStoreError(error, THREAD)).toBe(error);
  });
});
