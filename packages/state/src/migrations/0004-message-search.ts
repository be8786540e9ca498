import type { Migration } from './migration';

/**
 * Opt-in content search: message text a caller chooses to index, one row per
 * message, searchable with FTS5. Kept apart from `threads` so listing never
 * pays for it; rows go away with their thread (foreign key cascade, whose
 * deletes also fire the FTS trigger).
 *
 * A message's `seq` is `thread_seq * 2^20 + position`, so a full-text hit
 * names its thread (`rowid >> 20`) and its place in the thread without a
 * lookup, and the smallest hit of a thread is its earliest matching message.
 */
export const migration0004MessageSearch: Migration = {
  version: 4,
  name: 'message-search',
  sql: `
CREATE TABLE thread_messages (
  seq INTEGER PRIMARY KEY,
  thread_seq INTEGER NOT NULL REFERENCES threads (seq) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0 AND position < 1048576),
  role TEXT NOT NULL,
  text TEXT NOT NULL,
  CHECK (seq = thread_seq * 1048576 + position)
) STRICT;

CREATE INDEX thread_messages_by_thread ON thread_messages (thread_seq);

CREATE VIRTUAL TABLE thread_messages_fts USING fts5(
  text,
  content = 'thread_messages', content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER thread_messages_fts_after_insert AFTER INSERT ON thread_messages BEGIN
  INSERT INTO thread_messages_fts (rowid, text) VALUES (new.seq, new.text);
END;

CREATE TRIGGER thread_messages_fts_after_delete AFTER DELETE ON thread_messages BEGIN
  INSERT INTO thread_messages_fts (thread_messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;

CREATE TRIGGER thread_messages_fts_after_update AFTER UPDATE OF text ON thread_messages BEGIN
  INSERT INTO thread_messages_fts (thread_messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
  INSERT INTO thread_messages_fts (rowid, text) VALUES (new.seq, new.text);
END;
`,
};
