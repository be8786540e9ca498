import { open } from 'node:fs/promises';
import { parseRolloutLine, parseThreadId } from '@threadkit/protocol';
import { RolloutReader } from '@threadkit/rollout';

const CHUNK = 256 * 1024;
const MARKER = Buffer.from('"session_meta"');

type Payload = Record<string, unknown>;

/** The thread's latest session_meta payload, and the latest one that carries `git`. */
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
 * Finds the thread's latest session_meta lines by reading the rollout
 * backwards and parsing only lines that mention a session_meta, so a
 * metadata change is based on what the whole file says, however long it is.
 */
export async function latestSessionMetas(actualPath: string, threadId: string): Promise<LatestSessionMetas> {
  const found: LatestSessionMetas = { last: undefined, lastWithGit: undefined };
  const offer = (payload: Payload | undefined) => {
    if (!payload) return;
    found.last ??= payload;
    if ('git' in payload) found.lastWithGit ??= payload;
  };
  if (actualPath.endsWith('.zst')) {
    for await (const line of new RolloutReader(actualPath)) {
      if (line.type !== 'session_meta' || parseThreadId((line.payload as Payload).id) !== threadId) continue;
      found.last = line.payload as Payload;
      if ('git' in (line.payload as Payload)) found.lastWithGit = line.payload as Payload;
    }
    return found;
  }
  const handle = await open(actualPath, 'r');
  try {
    let end = (await handle.stat()).size;
    let carry = Buffer.alloc(0);
    while (end > 0 && (found.last === undefined || found.lastWithGit === undefined)) {
      const start = Math.max(0, end - CHUNK);
      const chunk = Buffer.allocUnsafe(end - start);
      let read = 0;
      while (read < chunk.length) {
        const { bytesRead } = await handle.read(chunk, read, chunk.length - read, start + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      const buffer = Buffer.concat([chunk.subarray(0, read), carry]);
      let lineEnd = buffer.length;
      while (lineEnd > 0 && (found.last === undefined || found.lastWithGit === undefined)) {
        const newline = buffer.lastIndexOf(0x0a, lineEnd - 1);
        if (newline < 0 && start > 0) break; // the rest of this line is further back
        const line = buffer.subarray(newline + 1, lineEnd);
        if (line.includes(MARKER)) offer(ownSessionMeta(line.toString('utf8'), threadId));
        lineEnd = Math.max(newline, 0);
      }
      carry = Buffer.from(buffer.subarray(0, lineEnd));
      end = start;
    }
  } finally {
    await handle.close();
  }
  return found;
}
