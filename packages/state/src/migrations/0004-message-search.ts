import type { Migration } from './migration';

/**
 * Opt-in content search: message text a caller chooses to index, one row per
 * message, searchable with FTS5. Kept apart from `threads` so listing never
 * pays for it; rows go away with their thread (foreign key cascade, whose
 * deletes also fire the FTS trigger).
 */
export const migration0004MessageSearch: Migration = {
  version: 4,
  name: 'message-search',
  sql: `
CREATE TABLE thread_messages (
  seq INTEGER PRIMARY KEY,
  thread_seq INTEGER NOT NULL REFERENCES threads (seq) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  role TEXT NOT NULL,
  text TEXT NOT NULL,
  UNIQUE (thread_seq, position)
) STRICT;

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
