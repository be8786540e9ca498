import type { Migration } from './migration';

/**
 * Full-text search over the words people look threads up by: name, title,
 * preview and first user message. The FTS table borrows its text from
 * `threads` (external content) and triggers keep it in step with every write,
 * so no code path can forget to. Rows indexed before this step are added by
 * the closing `rebuild`.
 */
export const migration0002ThreadSearch: Migration = {
  version: 2,
  name: 'thread-search',
  sql: `
CREATE VIRTUAL TABLE threads_fts USING fts5(
  name, title, preview, first_user_message,
  content = 'threads', content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER threads_fts_after_insert AFTER INSERT ON threads BEGIN
  INSERT INTO threads_fts (rowid, name, title, preview, first_user_message)
  VALUES (new.seq, new.name, new.title, new.preview, new.first_user_message);
END;

CREATE TRIGGER threads_fts_after_delete AFTER DELETE ON threads BEGIN
  INSERT INTO threads_fts (threads_fts, rowid, name, title, preview, first_user_message)
  VALUES ('delete', old.seq, old.name, old.title, old.preview, old.first_user_message);
END;

CREATE TRIGGER threads_fts_after_update AFTER UPDATE OF name, title, preview, first_user_message ON threads
WHEN old.name IS NOT new.name OR old.title IS NOT new.title
  OR old.preview IS NOT new.preview OR old.first_user_message IS NOT new.first_user_message
BEGIN
  INSERT INTO threads_fts (threads_fts, rowid, name, title, preview, first_user_message)
  VALUES ('delete', old.seq, old.name, old.title, old.preview, old.first_user_message);
  INSERT INTO threads_fts (rowid, name, title, preview, first_user_message)
  VALUES (new.seq, new.name, new.title, new.preview, new.first_user_message);
END;

INSERT INTO threads_fts (threads_fts) VALUES ('rebuild');
`,
};
