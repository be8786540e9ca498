import { parseRolloutLine, parseThreadId } from '@threadkit/protocol';
import { RolloutReader } from './reader';
import { resolveRolloutFile } from './resolve-file';
import { byteLinesBackward } from './reverse-lines';

const CHUNK = 256 * 1024;
const MARKER = Buffer.from('"session_meta"');

type Payload = Record<string, unknown>;

/** A thread's latest session_meta payload, and the latest one that carries `git`. */
export interface LatestSessionMetas {
  last: Payload | undefined;
  lastWithGit: Payload | undefined;
}

function ownSessionMeta(text: string, threadId: string): Payload | undefined {
  const parsed = parseRolloutLine(text, { validatePayload: false, maxLength: Number.POSITIVE_INFINITY });
  if (!parsed.ok || parsed.line.type !== 'session_meta') return undefined;
  const payload = parsed.line.payload as Payload;
  return parseThreadId(payload.id) === threadId ? payload : undefined;
}

/**
 * The thread's latest session_meta lines (Codex appends copies of the first
 * one to record metadata changes; the last one wins). A plain file is read
 * backwards and only lines that mention a session_meta are decoded, so the
 * answer reflects the whole file however long it is; a `.zst` is streamed.
 * A missing file is a `not_found` RolloutError.
 */
export async function readLatestSessionMetas(path: string, threadId: string): Promise<LatestSessionMetas> {
  const file = await resolveRolloutFile(path);
  const found: LatestSessionMetas = { last: undefined, lastWithGit: undefined };
  if (file.compressed) {
    for await (const line of new RolloutReader(file.actualPath)) {
      const payload = line.payload as Payload;
      if (line.type !== 'session_meta' || parseThreadId(payload.id) !== threadId) continue;
      found.last = payload;
      if ('git' in payload) found.lastWithGit = payload;
    }
    return found;
  }
  const lines = byteLinesBackward(file.actualPath, CHUNK);
  try {
    for await (const line of lines) {
      if (!line.includes(MARKER)) continue;
      const payload = ownSessionMeta(line.toString('utf8'), threadId);
      if (!payload) continue;
      found.last ??= payload;
      if ('git' in payload) found.lastWithGit ??= payload;
      if (found.last !== undefined && found.lastWithGit !== undefined) break;
    }
  } finally {
    await lines.return(undefined);
  }
  return found;
}
