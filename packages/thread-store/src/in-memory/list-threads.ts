import { sameSessionSource } from '@threadkit/protocol';
import { cwdFilterKey } from '../cwd-filter-key';
import type { ParsedListThreadsParams, ThreadPage } from '../types/list-threads-params';
import { keysetPage } from './keyset-page';
import { storedThreadFromRecord, type ThreadRecord } from './thread-record';

function descendantsOf(records: readonly ThreadRecord[], ancestor: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const { fields } of records) {
    if (!fields.parentThreadId) continue;
    const siblings = children.get(fields.parentThreadId) ?? [];
    siblings.push(fields.threadId);
    children.set(fields.parentThreadId, siblings);
  }
  const found = new Set<string>();
  const queue = [ancestor];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      // A cycle of parents must not loop forever, nor list the ancestor itself.
      if (child === ancestor || found.has(child)) continue;
      found.add(child);
      queue.push(child);
    }
  }
  return found;
}

/** Case-insensitive containment in the thread's name, title, preview or first user message. */
export function matchesMetadataSearch(record: ThreadRecord, term: string): boolean {
  const needle = term.toLowerCase();
  const { preview, firstUserMessage } = record.fields;
  return [record.explicitName, record.title, preview, firstUserMessage].some(
    (text) => text?.toLowerCase().includes(needle) ?? false,
  );
}

/** Threads a listing may show: one collection, and a preview (Codex hides threads nobody spoke in). */
export function listableRecords(records: Iterable<ThreadRecord>, archived: boolean): ThreadRecord[] {
  const out: ThreadRecord[] = [];
  for (const record of records) {
    if ((record.fields.archivedAt !== null) === archived && record.fields.preview !== '') out.push(record);
  }
  return out;
}

export function listThreadRecords(
  all: readonly ThreadRecord[],
  params: ParsedListThreadsParams,
  defaultModelProvider: string | undefined,
): ThreadPage {
  const providers = params.modelProviders ?? (defaultModelProvider === undefined ? [] : [defaultModelProvider]);
  const providerSet = new Set(providers);
  const cwdSet = params.cwdFilters === null ? null : new Set(params.cwdFilters.map(cwdFilterKey));
  const relation = params.relation;
  const related =
    relation === null ? null : 'descendantsOf' in relation ? descendantsOf(all, relation.descendantsOf) : null;

  const candidates = listableRecords(all, params.archived).filter((record) => {
    const f = record.fields;
    if (params.allowedSources.length > 0 && !params.allowedSources.some((s) => sameSessionSource(s, f.source))) {
      return false;
    }
    if (providerSet.size > 0) {
      // A thread without a provider belongs to the default provider.
      const provider = f.modelProvider === '' ? (defaultModelProvider ?? '') : f.modelProvider;
      if (!providerSet.has(provider)) return false;
    }
    if (cwdSet !== null && !cwdSet.has(cwdFilterKey(f.cwd))) return false;
    if (params.searchTerm !== null && !matchesMetadataSearch(record, params.searchTerm)) return false;
    if (relation !== null) {
      if ('directChildrenOf' in relation) return f.parentThreadId === relation.directChildrenOf;
      return related?.has(f.threadId) ?? false;
    }
    return true;
  });

  const page = keysetPage(candidates, params);
  return { items: page.records.map((record) => storedThreadFromRecord(record, false)), nextCursor: page.nextCursor };
}
