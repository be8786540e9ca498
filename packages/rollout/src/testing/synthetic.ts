import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { newRolloutPath } from '../file-name';

export interface SyntheticThread {
  id: string;
  /** Session start (UTC). */
  startedAt: Date;
  cwd?: string;
  source?: unknown;
  modelProvider?: string | null;
  preview?: string;
  /** Extra raw lines inserted between the session_meta and the user message. */
  preamble?: string[];
  mtime?: Date;
  archived?: boolean;
}

export function line(timestamp: Date, type: string, payload: unknown): string {
  return JSON.stringify({ timestamp: timestamp.toISOString(), type, payload });
}

export function sessionMetaPayload(thread: SyntheticThread): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    session_id: thread.id,
    id: thread.id,
    timestamp: thread.startedAt.toISOString(),
    cwd: thread.cwd ?? '/workspace/a',
    originator: 'threadkit-test',
    cli_version: '0.0.0',
    source: thread.source ?? 'cli',
    history_mode: 'legacy',
  };
  if (thread.modelProvider !== null) payload.model_provider = thread.modelProvider ?? 'openai';
  return payload;
}

/** Writes a small legacy-mode rollout the way Codex lays it out (UTC names). Returns its path. */
export function writeSyntheticRollout(home: string, thread: SyntheticThread): string {
  let path = newRolloutPath(home, thread.id, thread.startedAt, { timeZone: 'UTC' });
  if (thread.archived) path = `${home}/archived_sessions/${path.split('/').pop()}`;
  const t = thread.startedAt;
  const lines = [line(t, 'session_meta', sessionMetaPayload(thread)), ...(thread.preamble ?? [])];
  if (thread.preview !== undefined) {
    lines.push(line(t, 'event_msg', { type: 'user_message', message: thread.preview, images: [], local_images: [], text_elements: [] }));
    lines.push(line(t, 'event_msg', { type: 'agent_message', message: `re: ${thread.preview}`, phase: null }));
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${lines.join('\n')}\n`);
  if (thread.mtime) utimesSync(path, thread.mtime, thread.mtime);
  return path;
}
