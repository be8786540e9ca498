import {
  type AskForApproval,
  AskForApprovalSchema,
  type HistoryMode,
  HistoryModeSchema,
  type ReasoningEffort,
  ReasoningEffortSchema,
  type SessionSource,
  SessionSourceSchema,
  type TokenUsage,
  TokenUsageSchema,
} from '@threadkit/protocol';
import type { z } from 'zod';

// Protocol's schemas validate values read from disk, so they are typed with
// an `unknown` input. Params are typed values supplied by callers: these
// views give the same runtime schemas a typed input, so each params schema
// can be checked against its hand-written input interface.
const withTypedInput = <T>(schema: z.ZodType<T>): z.ZodType<T, T> => schema as unknown as z.ZodType<T, T>;

export const SessionSourceParamSchema = withTypedInput<SessionSource>(SessionSourceSchema);
export const ReasoningEffortParamSchema = withTypedInput<ReasoningEffort>(ReasoningEffortSchema);
export const AskForApprovalParamSchema = withTypedInput<AskForApproval>(AskForApprovalSchema);
export const TokenUsageParamSchema = withTypedInput<TokenUsage>(TokenUsageSchema);
export const HistoryModeParamSchema = withTypedInput<HistoryMode>(HistoryModeSchema);
