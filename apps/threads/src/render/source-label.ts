import type { SessionSource } from '@threadkit/protocol';

/**
 * A short, readable label for Codex's externally tagged `source`: `cli`,
 * `exec`, `custom:atlas`, `subagent:review`, `subagent` (spawned by another
 * thread), `internal:<name>`; anything else is shown as compact JSON.
 */
export function sourceLabel(source: SessionSource): string {
  if (typeof source === 'string') return source;
  if (source && typeof source === 'object') {
    const entries = Object.entries(source);
    if (entries.length === 1) {
      const [key, value] = entries[0]!;
      if (typeof value === 'string') return `${key}:${value}`;
      if (key === 'subagent' && value && typeof value === 'object') {
        const [kind] = Object.keys(value);
        if (kind === 'thread_spawn') return 'subagent';
        if (kind === 'other') return `subagent:${String((value as { other: unknown }).other)}`;
        return kind ? `subagent:${kind}` : 'subagent';
      }
      return key;
    }
  }
  return JSON.stringify(source);
}

/**
 * Parses a `--source` value: a plain kind (`cli`, `vscode`, `exec`, `mcp`,
 * `unknown`, or any newer string) or `<tag>:<value>` for the tagged forms
 * (`custom:atlas`, `subagent:review`, `internal:memory`).
 */
export function parseSourceOption(value: string): SessionSource {
  const colon = value.indexOf(':');
  if (colon <= 0) return value;
  const tag = value.slice(0, colon);
  const inner = value.slice(colon + 1);
  if (tag === 'subagent' && inner !== 'review' && inner !== 'compact' && inner !== 'memory_consolidation') {
    return { subagent: { other: inner } };
  }
  return { [tag]: inner } as SessionSource;
}
