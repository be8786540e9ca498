import { describe, expect, it } from 'vitest';
import { SAMPLE_PAYLOADS } from '../testing/sample-payloads';
import {
  CompactedSchema,
  compactedWindowNumber,
  InterAgentCommunicationMetadataSchema,
  InterAgentCommunicationSchema,
  TokenUsageRecordSchema,
  WorldStateSchema,
} from './other-items';

describe('compacted', () => {
  it('accepts the oldest form and replacement history', () => {
    expect(CompactedSchema.safeParse({ message: 'summary' }).success).toBe(true);
    expect(CompactedSchema.safeParse(SAMPLE_PAYLOADS.compacted).success).toBe(true);
  });

  it('validates the items of the replacement history', () => {
    const broken = { message: 's', replacement_history: [{ type: 'message', role: 'user', content: 'x' }] };
    expect(CompactedSchema.safeParse(broken).success).toBe(false);
    expect(CompactedSchema.safeParse({ replacement_history: [] }).success).toBe(false);
  });

  it('reads the window number from window_number or an older numeric window_id', () => {
    expect(compactedWindowNumber({ window_number: 4, window_id: 'w-4' })).toBe(4);
    expect(compactedWindowNumber({ window_id: 3 })).toBe(3);
    expect(compactedWindowNumber({ window_id: '01a1fda5-4d6d-7b42-93fc-5c91f5ee2713' })).toBeUndefined();
    expect(compactedWindowNumber({})).toBeUndefined();
  });
});

describe('the other line kinds', () => {
  it('accept their well-formed payloads', () => {
    expect(WorldStateSchema.safeParse(SAMPLE_PAYLOADS.world_state).success).toBe(true);
    expect(InterAgentCommunicationSchema.safeParse(SAMPLE_PAYLOADS.inter_agent_communication).success).toBe(true);
    expect(InterAgentCommunicationMetadataSchema.safeParse({ trigger_turn: true }).success).toBe(true);
    expect(TokenUsageRecordSchema.safeParse(SAMPLE_PAYLOADS.token_usage_record).success).toBe(true);
  });

  it('reject malformed ones', () => {
    expect(WorldStateSchema.safeParse({ full: 'yes', state: {} }).success).toBe(false);
    expect(WorldStateSchema.safeParse({ full: true, state: [] }).success).toBe(false);
    expect(InterAgentCommunicationSchema.safeParse({ author: '/root', recipient: '/root/a', content: 1 }).success).toBe(
      false,
    );
    expect(InterAgentCommunicationMetadataSchema.safeParse({}).success).toBe(false);
    expect(TokenUsageRecordSchema.safeParse({ usage: { input_tokens: 1 } }).success).toBe(false);
  });
});
