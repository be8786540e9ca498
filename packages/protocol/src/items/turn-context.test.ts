import { describe, expect, it } from 'vitest';
import { SAMPLE_PAYLOADS } from '../testing/sample-payloads';
import { TurnContextSchema } from './turn-context';

describe('turn_context payload', () => {
  it('accepts the oldest envelope form and the newest one', () => {
    const oldest = {
      cwd: '/w',
      approval_policy: 'on-failure',
      sandbox_policy: { mode: 'workspace-write' },
      model: 'gpt-5',
      summary: 'auto',
    };
    expect(TurnContextSchema.safeParse(oldest).success).toBe(true);
    expect(TurnContextSchema.safeParse(SAMPLE_PAYLOADS.turn_context).success).toBe(true);
  });

  it('keeps unknown policy values and unknown enum values', () => {
    const future = {
      cwd: '/w',
      model: 'gpt-6',
      approval_policy: { delegated: { to: '/root' } },
      sandbox_policy: { type: 'microvm', memory_mb: 512 },
      permission_profile: { legacy: true },
      effort: 'maximal',
      summary: 'verbose',
      personality: 'stoic',
    };
    expect(TurnContextSchema.safeParse(future).success).toBe(true);
  });

  it('requires cwd and model and rejects wrong types', () => {
    expect(TurnContextSchema.safeParse({ model: 'm' }).success).toBe(false);
    expect(TurnContextSchema.safeParse({ cwd: '/w' }).success).toBe(false);
    expect(TurnContextSchema.safeParse({ cwd: '/w', model: 'm', approval_policy: 3 }).success).toBe(false);
    expect(TurnContextSchema.safeParse({ cwd: '/w', model: 'm', sandbox_policy: 'read-only' }).success).toBe(false);
    expect(TurnContextSchema.safeParse({ cwd: '/w', model: 'm', effort: 1 }).success).toBe(false);
    expect(
      TurnContextSchema.safeParse({ cwd: '/w', model: 'm', truncation_policy: { mode: 'tokens' } }).success,
    ).toBe(false);
  });
});
