import { z } from 'zod';
import { documented } from './schema/schema-docs';

/**
 * Where a session came from, as Codex writes it in `session_meta.source`: an
 * externally tagged enum. Plain strings `cli | vscode | exec | mcp | unknown`,
 * or objects `{custom}`, `{internal}`, `{subagent}`. Any other value is kept
 * verbatim (so a rewrite stays lossless) and classified as `unknown`.
 */
export type SessionSource =
  | 'cli'
  | 'vscode'
  | 'exec'
  | 'mcp'
  | 'unknown'
  | { custom: string }
  | { internal: string }
  | { subagent: SubAgentSource }
  | (string & {})
  | Record<string, unknown>;

export type SubAgentSource =
  | 'review'
  | 'compact'
  | 'memory_consolidation'
  | { other: string }
  | {
      thread_spawn: {
        parent_thread_id: string;
        depth: number;
        agent_path?: string | null;
        agent_nickname?: string | null;
        agent_role?: string | null;
      };
    }
  | Record<string, unknown>
  | string;

/** The coarse kind used by filters and logic. */
export type SessionSourceKind = 'cli' | 'vscode' | 'exec' | 'mcp' | 'custom' | 'internal' | 'subagent' | 'unknown';

export const SESSION_SOURCE_KINDS: readonly SessionSourceKind[] = [
  'cli',
  'vscode',
  'exec',
  'mcp',
  'custom',
  'internal',
  'subagent',
  'unknown',
];

/** Codex's serde default when `source` is absent. */
export const DEFAULT_SESSION_SOURCE: SessionSource = 'vscode';

/** Sources the default interactive Codex picker shows. */
export const INTERACTIVE_SESSION_SOURCES: readonly SessionSource[] = [
  'cli',
  'vscode',
  { custom: 'atlas' },
  { custom: 'chatgpt' },
];

/** `{"thread_spawn": {...}}`: a sub-agent spawned by another thread. */
export const ThreadSpawnSourceSchema = z.looseObject({
  parent_thread_id: z.string(),
  depth: z.number(),
  agent_path: z.string().nullish(),
  agent_nickname: z.string().nullish(),
  agent_role: z.string().nullish(),
  agent_type: z.string().nullish(),
});

/** `subagent` payload: `review`, `compact`, `memory_consolidation`, `{other}`, `{thread_spawn}`, or anything newer. */
export const SubAgentSourceSchema = z.union(
  [
    z.string(),
    z.looseObject({ other: z.string() }),
    z.looseObject({ thread_spawn: ThreadSpawnSourceSchema }),
    z.record(z.string(), z.unknown()),
  ],
  { error: 'expected a string or an object' },
) as unknown as z.ZodType<SubAgentSource>;

/**
 * The `source` field. Any string and any object is accepted: unrecognised
 * forms classify as `unknown` (see {@link sessionSourceKind}) instead of
 * failing the line, and the value is kept as read.
 */
export const SessionSourceSchema = documented(
  z.union(
    [
      z.enum(['cli', 'vscode', 'exec', 'mcp', 'unknown']),
      z.string(),
      z.looseObject({ custom: z.string() }),
      z.looseObject({ internal: z.string() }),
      z.looseObject({ subagent: SubAgentSourceSchema }),
      z.record(z.string(), z.unknown()),
    ],
    { error: 'source must be a string or an object' },
  ),
  { id: 'SessionSource' },
) as unknown as z.ZodType<SessionSource>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Classifies a raw `source` value (absent means `vscode`, as Codex reads it). */
export function sessionSourceKind(source: unknown): SessionSourceKind {
  if (source === undefined || source === null) return 'vscode';
  if (typeof source === 'string') {
    return source === 'cli' || source === 'vscode' || source === 'exec' || source === 'mcp' ? source : 'unknown';
  }
  if (isPlainObject(source)) {
    const keys = Object.keys(source);
    if (keys.length !== 1) return 'unknown';
    const [key] = keys;
    const value = source[key!];
    if (key === 'custom' && typeof value === 'string') return 'custom';
    if (key === 'internal' && typeof value === 'string') return 'internal';
    if (key === 'subagent' && (typeof value === 'string' || isPlainObject(value))) return 'subagent';
  }
  return 'unknown';
}

/**
 * A stable one-string rendering of a source (close to Codex's display form):
 * `cli`, `vscode`, `exec`, `mcp`, `<custom name>`, `internal_<kind>`,
 * `subagent_<kind>` (`subagent_thread_spawn`, `subagent_other`), `unknown`.
 */
export function sessionSourceLabel(source: unknown): string {
  const kind = sessionSourceKind(source);
  const obj = isPlainObject(source) ? source : {};
  switch (kind) {
    case 'custom':
      return String(obj.custom);
    case 'internal':
      return `internal_${String(obj.internal)}`;
    case 'subagent': {
      const sub = obj.subagent;
      if (typeof sub === 'string') return `subagent_${sub}`;
      const subKey = isPlainObject(sub) ? Object.keys(sub)[0] : undefined;
      return subKey ? `subagent_${subKey}` : 'subagent';
    }
    default:
      return kind;
  }
}

/** Parses a label produced by {@link sessionSourceLabel} back to the on-disk form (best effort). */
export function sessionSourceFromLabel(label: string): SessionSource {
  if (label === 'cli' || label === 'vscode' || label === 'exec' || label === 'mcp' || label === 'unknown') return label;
  if (label.startsWith('internal_')) return { internal: label.slice('internal_'.length) };
  if (label.startsWith('subagent_')) return { subagent: label.slice('subagent_'.length) };
  return { custom: label };
}

/** True when two source values are the same source (structural comparison). */
export function sameSessionSource(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? DEFAULT_SESSION_SOURCE) === JSON.stringify(b ?? DEFAULT_SESSION_SOURCE);
}
