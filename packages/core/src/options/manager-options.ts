import { type SessionSource, SessionSourceSchema, type ThreadSource } from '@threadkit/protocol';
import type { BaseInstructions, ThreadMemoryMode, ThreadStore } from '@threadkit/thread-store';
import { z } from 'zod';
import { parseOrThrow } from '../errors';
import { CORE_VERSION } from '../version';
import {
  defaultShell,
  defaultTimeZone,
  type ResolvedTurnSettings,
  type TurnSettings,
  TurnSettingsSchema,
} from './turn-settings';

/** What every new thread starts from unless `startThread` / `forkThread` say otherwise. */
export interface ThreadManagerDefaults extends TurnSettings {
  /** The model named in every turn_context (required: there is no honest default). */
  model: string;
  /** Absolute working directory (default: `process.cwd()`). */
  cwd?: string;
  /** Model provider id written in session_meta (default `openai`). */
  modelProvider?: string;
  /** Client name written as `originator` (default `threadkit`). */
  originator?: string;
  /** Version written as `cli_version` (default: this package's version). */
  cliVersion?: string;
  /** Runtime source of new threads (default `cli`). */
  source?: SessionSource;
  /** Why new threads exist (default `user`); `null` writes none. */
  threadSource?: ThreadSource | null;
  baseInstructions?: BaseInstructions | null;
  /** `disabled` is written into session_meta; absent means enabled. */
  memoryMode?: ThreadMemoryMode;
  /** Record the git commit, branch and origin of the cwd in new threads (default true). */
  collectGit?: boolean;
  /** Time source for timestamps and turn durations (default `new Date()`). */
  clock?: () => Date;
}

export interface ThreadManagerOptions {
  store: ThreadStore;
  defaults: ThreadManagerDefaults;
  /** How often LiveThread persists an `updatedAt` touch at most (LiveThread's default when absent). */
  metadataTouchIntervalMs?: number;
}

/** Thread identity values that are not turn settings. */
export interface ThreadIdentityDefaults {
  modelProvider: string;
  originator: string;
  cliVersion: string;
  source: SessionSource;
  threadSource: ThreadSource | null;
  baseInstructions: BaseInstructions | null;
  memoryMode: ThreadMemoryMode;
  collectGit: boolean;
}

export interface ResolvedManagerDefaults {
  turn: ResolvedTurnSettings;
  identity: ThreadIdentityDefaults;
  clock: () => Date;
}

const BaseInstructionsSchema = z.looseObject({ text: z.string() });

const DefaultsSchema = TurnSettingsSchema.extend({
  model: z.string().min(1, 'must be a non-empty model name'),
  modelProvider: z.string().min(1).optional(),
  originator: z.string().min(1).optional(),
  cliVersion: z.string().min(1).optional(),
  source: (SessionSourceSchema as z.ZodType<SessionSource>).optional(),
  threadSource: z.string().min(1).nullable().optional(),
  baseInstructions: BaseInstructionsSchema.nullable().optional(),
  memoryMode: z.enum(['enabled', 'disabled']).optional(),
  collectGit: z.boolean().optional(),
  clock: z.custom<() => Date>((value) => typeof value === 'function', { message: 'must be a function returning a Date' }).optional(),
});

export function resolveManagerDefaults(input: ThreadManagerDefaults): ResolvedManagerDefaults {
  const d = parseOrThrow(DefaultsSchema, input, 'defaults');
  return {
    turn: {
      cwd: d.cwd ?? process.cwd(),
      model: d.model,
      approvalPolicy: d.approvalPolicy ?? 'on-request',
      sandboxPolicy: d.sandboxPolicy ?? { type: 'read-only' },
      reasoningEffort: d.reasoningEffort ?? null,
      reasoningSummary: d.reasoningSummary ?? 'auto',
      personality: d.personality ?? null,
      developerInstructions: d.developerInstructions ?? null,
      modelContextWindow: d.modelContextWindow ?? null,
      timezone: d.timezone ?? defaultTimeZone(),
      shell: d.shell === undefined ? defaultShell() : d.shell,
      extra: d.extra ?? {},
    },
    identity: {
      modelProvider: d.modelProvider ?? 'openai',
      originator: d.originator ?? 'threadkit',
      cliVersion: d.cliVersion ?? CORE_VERSION,
      source: d.source ?? 'cli',
      threadSource: d.threadSource === undefined ? 'user' : d.threadSource,
      baseInstructions: (d.baseInstructions ?? null) as BaseInstructions | null,
      memoryMode: d.memoryMode ?? 'enabled',
      collectGit: d.collectGit ?? true,
    },
    clock: d.clock ?? (() => new Date()),
  };
}
