import type { SessionSource } from '@threadkit/protocol';
import type { SqlParams } from './sql-params';
import { sourceKey } from './thread-row';

/** One collection (active or archived), and only threads with a preview (Codex hides the others). */
export function listableConditions(archived: boolean, alias: string): string[] {
  return [`${alias}.archived_at_ms IS ${archived ? 'NOT NULL' : 'NULL'}`, `${alias}.preview <> ''`];
}

/** Only these sources (compared as canonical JSON, like protocol's `sameSessionSource`); none = every source. */
export function sourceCondition(sources: readonly SessionSource[], params: SqlParams, alias: string): string | null {
  if (sources.length === 0) return null;
  return `${alias}.source_json = ANY(${params.bind(sources.map(sourceKey))}::text[])`;
}

/** Case-insensitive containment of a LIKE pattern in the name, title, preview or first user message. */
export function metadataMatchCondition(pattern: string, alias: string): string {
  return `(${['explicit_name', 'title', 'preview', 'first_user_message']
    .map((column) => `${alias}.${column} ILIKE ${pattern} ESCAPE '\\'`)
    .join(' OR ')})`;
}
