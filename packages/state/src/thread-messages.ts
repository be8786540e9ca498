import type Database from 'better-sqlite3';
import { z } from 'zod';
import { invalidRequest } from './errors';

/** One message of a thread, as the caller chooses to make it searchable. */
export interface IndexedMessage {
  /** e.g. `user`, `assistant`; free text up to 64 characters. */
  role: string;
  text: string;
}

/** Positions are 20 bits of the message's row id (see migration 4). */
export const MAX_MESSAGES_PER_THREAD = 2 ** 20;
const POSITION_BITS = 20;

export const IndexedMessagesSchema = z
  .array(z.strictObject({ role: z.string().min(1).max(64), text: z.string() }))
  .max(MAX_MESSAGES_PER_THREAD);

/** The row id of a thread's message: thread seq in the high bits, position in the low 20. */
export function messageSeq(threadSeq: number, position: number): number {
  return threadSeq * MAX_MESSAGES_PER_THREAD + position;
}

/**
 * The opt-in message text of threads, for content search. Messages are
 * numbered per thread in the order given; they vanish with their thread.
 */
export class ThreadMessages {
  private readonly seqOf: Database.Statement<[string], { seq: number }>;
  private readonly clear: Database.Statement<[number]>;
  private readonly lastPosition: Database.Statement<[number], { position: number | null }>;
  private readonly insert: Database.Statement<[number, number, number, string, string]>;
  private readonly firstHits: Database.Statement<[string, string], { thread_seq: number; text: string }>;

  constructor(db: Database.Database) {
    this.seqOf = db.prepare('SELECT seq FROM threads WHERE thread_id = ?');
    this.clear = db.prepare('DELETE FROM thread_messages WHERE thread_seq = ?');
    this.lastPosition = db.prepare('SELECT max(position) AS position FROM thread_messages WHERE thread_seq = ?');
    this.insert = db.prepare(
      'INSERT INTO thread_messages (seq, thread_seq, position, role, text) VALUES (?, ?, ?, ?, ?)',
    );
    // One pass over the hits: the smallest row id per thread is its earliest matching message.
    this.firstHits = db.prepare(
      `SELECT m.thread_seq, m.text FROM (
         SELECT min(rowid) AS seq FROM thread_messages_fts
         WHERE thread_messages_fts MATCH ? AND (rowid >> ${POSITION_BITS}) IN (SELECT value FROM json_each(?))
         GROUP BY rowid >> ${POSITION_BITS}
       ) AS hit JOIN thread_messages m ON m.seq = hit.seq`,
    );
  }

  /** Replaces the thread's messages. False (and nothing written) for an unknown thread. */
  replace(threadId: string, messages: readonly IndexedMessage[]): boolean {
    const thread = this.seqOf.get(threadId);
    if (thread === undefined) return false;
    this.clear.run(thread.seq);
    this.insertFrom(thread.seq, 0, messages);
    return true;
  }

  /** Adds messages after the ones already indexed. False for an unknown thread. */
  append(threadId: string, messages: readonly IndexedMessage[]): boolean {
    const thread = this.seqOf.get(threadId);
    if (thread === undefined) return false;
    const last = this.lastPosition.get(thread.seq)?.position ?? -1;
    this.insertFrom(thread.seq, last + 1, messages);
    return true;
  }

  /** The text of the earliest message matching `ftsMatch` in each of the given threads. */
  earliestMatches(ftsMatch: string, threadSeqs: readonly number[]): Map<number, string> {
    const found = new Map<number, string>();
    if (threadSeqs.length === 0) return found;
    for (const row of this.firstHits.iterate(ftsMatch, JSON.stringify(threadSeqs))) found.set(row.thread_seq, row.text);
    return found;
  }

  private insertFrom(threadSeq: number, firstPosition: number, messages: readonly IndexedMessage[]): void {
    if (firstPosition + messages.length > MAX_MESSAGES_PER_THREAD) {
      throw invalidRequest('messages', `a thread can hold at most ${MAX_MESSAGES_PER_THREAD} indexed messages`);
    }
    messages.forEach((message, offset) => {
      const position = firstPosition + offset;
      this.insert.run(messageSeq(threadSeq, position), threadSeq, position, message.role, message.text);
    });
  }
}
