-- The sync server's own database (server.sqlite), separate from the mail cache: who may connect
-- to which workspace, and the Yjs updates of every room.

CREATE TABLE workspaces (
  -- Random, URL-safe: the first path segment of a room's URL.
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE members (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  email TEXT,
  -- admin and agent write; viewer reads (and shows presence).
  role TEXT NOT NULL CHECK (role IN ('admin', 'agent', 'viewer')),
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX members_by_workspace ON members (workspace_id);

-- Bearer tokens, stored only as SHA-256 of the token (32 random bytes: a fast hash is enough,
-- there is nothing to brute-force). A revoked token stays, so it is refused as revoked.
CREATE TABLE tokens (
  hash BLOB PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT, WITHOUT ROWID;

CREATE INDEX tokens_by_member ON tokens (member_id);

-- The log of each room's Yjs updates (room = `<workspaceId>` or `<workspaceId>/<name>`); a
-- room's document is all of them applied, in any order (Yjs updates commute). Compaction
-- replaces a room's rows by one merged update.
CREATE TABLE room_updates (
  id INTEGER PRIMARY KEY,
  room TEXT NOT NULL,
  data BLOB NOT NULL
) STRICT;

CREATE INDEX room_updates_by_room ON room_updates (room, id);
