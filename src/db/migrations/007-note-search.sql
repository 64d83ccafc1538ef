-- Internal notes, searchable beside mail: a projection of the team workspace's timeline documents
-- (src/team/client/note-projection.ts), like conversation_team_state is of its state documents,
-- and like it rebuilt from the replica at any time. Search reads it (src/search/note-matches.ts).
-- And what search reads of messages, in the index that finds them (messages_search_key, below).

-- Every note of the workspaces this data directory worked in, keyed by workspace: a join moves
-- the data directory to another workspace's notes without deleting anything, and search reads the
-- current workspace's only.
CREATE TABLE conversation_notes (
  id INTEGER PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  -- The timeline shard the note lives in (src/team/workspace/rooms.ts): what an exchange of
  -- one timeline document replaces.
  shard INTEGER NOT NULL,
  conversation_id TEXT NOT NULL,
  note_id TEXT NOT NULL,
  -- A member id; its name and email are team_members', which follow renames.
  author_id TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  edited_at INTEGER,
  -- The note's rowid in note_search: created time then row id, as message_search's keys
  -- (src/search/search-key.ts), so a query ranks the newest matches first.
  search_key INTEGER GENERATED ALWAYS AS (max(0, created_at / 1000) * 4194304 + (id % 4194304)) VIRTUAL,
  UNIQUE (workspace_id, conversation_id, note_id)
) STRICT;
CREATE UNIQUE INDEX conversation_notes_search_key ON conversation_notes (search_key);
CREATE INDEX conversation_notes_shard ON conversation_notes (workspace_id, shard);

-- Full-text index of the notes' text, as message_search (same tokenizer; contentless, rows removed
-- with the 'delete' command and the text they were indexed with).
CREATE VIRTUAL TABLE note_search USING fts5 (
  text,
  content = '',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- The members of the workspace as its core document has them (src/team/workspace/team.ts): a
-- note's author by name and email, and which shared mailboxes this data directory's member may
-- access (mailboxes_json: address → permission; an address not listed is not accessible).
CREATE TABLE team_members (
  workspace_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  removed INTEGER NOT NULL CHECK (removed IN (0, 1)),
  mailboxes_json TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (workspace_id, member_id)
) STRICT, WITHOUT ROWID;

-- What a search reads of a message found in the full-text index, in the index that finds it by
-- its key: its conversation, time, attachments flag and sender. A search walks up to a thousand
-- matches (src/search/ranked-matches.ts), and filters them (has:attachment, from:) or walks the
-- messages in time order (a query of operators only); read from the rows, each match is a page of
-- the table (rows hold the text: 650 MB for 100k messages of the benchmark corpus), so such a
-- query's pages outgrew the page cache (has:attachment schedule: 47 ms of CPU with a 32 MB
-- cache, 10 ms reading this index alone; from:judy subject:release 49 ms, 14 ms; bench:search).
-- 9 MB for 100k messages. Unique as before: the key holds the row id.
DROP INDEX messages_search_key;
CREATE UNIQUE INDEX messages_search_key
  ON messages (search_key, conversation_id, received_at, has_attachments, from_address, from_name)
  WHERE search_key IS NOT NULL;

-- The notes already in the replica reach the projection through the next sync, which exchanges
-- every timeline document whose last exchange it no longer knows (team-sync.ts) and projects it.
DELETE FROM team_room_exchanges WHERE room LIKE '%/timeline-%';
