import type Database from 'better-sqlite3';
import { z } from 'zod';

/** One message of a thread, as the caller chooses to make it searchable. */
export interface IndexedMessage {
  /** e.g. `user`, `assistant`; free text up to 64 characters. */
  role: string;
  text: string;
}

export const MAX_MESSAGES_PER_CALL = 100_000;

export const IndexedMessagesSchema = z
  .array(z.strictObject({ role: z.string().min(1).max(64), text: z.string() }))
  .max(MAX_MESSAGES_PER_CALL);

/**
 * The opt-in message text of threads, for content search. Messages are
 * numbered per thread in the order given; they vanish with their thread.
 */
export class ThreadMessages {
  private readonly seqOf: Database.Statement<[string], { seq: number }>;
  private readonly clear: Database.Statement<[number]>;
  private readonly lastPosition: Database.Statement<[number], { position: number | null }>;
  private readonly insert: Database.Statement<[number, number, string, string]>;

  constructor(db: Database.Database) {
    this.seqOf = db.prepare('SELECT seq FROM threads WHERE thread_id = ?');
    this.clear = db.prepare('DELETE FROM thread_messages WHERE thread_seq = ?');
    this.lastPosition = db.prepare('SELECT max(position) AS position FROM thread_messages WHERE thread_seq = ?');
    this.insert = db.prepare('INSERT INTO thread_messages (thread_seq, position, role, text) VALUES (?, ?, ?, ?)');
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

  private insertFrom(threadSeq: number, firstPosition: number, messages: readonly IndexedMessage[]): void {
    messages.forEach((message, offset) => {
      this.insert.run(threadSeq, firstPosition + offset, message.role, message.text);
    });
  }
}
