-- The team layer on this machine (src/team/client): which workspace this app belongs to, its
-- replica of the workspace's Yjs documents, and a projection of the team state the inbox lists.

-- At most one row: the workspace this data directory works in. server_url NULL means solo use
-- with the sync server running in this process (embedded mode). The token itself is not kept
-- here but in a file of the data directory readable by its owner only (token_ref: file:NAME).
CREATE TABLE team_workspaces (
  workspace_id TEXT PRIMARY KEY,
  server_url TEXT,
  member_id TEXT,
  token_ref TEXT,
  joined_at INTEGER NOT NULL
) STRICT;

-- Every update of every document this app holds, local or received, in order. Written in the
-- same call that makes a local change, so a change made offline survives a crash until the
-- server has it (these rows are the one part of the team state that exists nowhere else).
-- Compacted per room into one update now and then.
-- AUTOINCREMENT: a row number is never reused after compaction deleted rows, since other
-- processes on this data directory tell the rows they already hold by it (replica-store.ts).
CREATE TABLE workspace_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  room TEXT NOT NULL,
  data BLOB NOT NULL
) STRICT;
CREATE INDEX workspace_updates_room ON workspace_updates (room, seq);

-- Team state per conversation as the inbox filters and lists it (status, assignee, tags),
-- kept up to date from the workspace documents; rebuilt from them at any time.
CREATE TABLE conversation_team_state (
  conversation_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  snooze_until INTEGER,
  assignee_id TEXT,
  assignee_email TEXT,
  tags_json TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX conversation_team_state_assignee ON conversation_team_state (assignee_email);
CREATE INDEX conversation_team_state_status ON conversation_team_state (status);
