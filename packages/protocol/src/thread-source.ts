import { z } from 'zod';

/**
 * Why a thread exists (`session_meta.thread_source`): a plain string. The core
 * values are below; any other string is a feature label (e.g. `automation`)
 * kept verbatim. Parsing never fails on a string.
 */
export type ThreadSource = 'user' | 'subagent' | 'memory_consolidation' | 'guardian_review' | (string & {});

export const CORE_THREAD_SOURCES = ['user', 'subagent', 'memory_consolidation', 'guardian_review'] as const;

export const ThreadSourceSchema = z.string() as z.ZodType<ThreadSource>;

export function isCoreThreadSource(value: string): value is (typeof CORE_THREAD_SOURCES)[number] {
  return (CORE_THREAD_SOURCES as readonly string[]).includes(value);
}
