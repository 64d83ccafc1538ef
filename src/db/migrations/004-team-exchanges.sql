-- What this machine last exchanged with the team server, so that a sync that starts (a
-- `sync --once`, the app after a restart) exchanges only the shard documents that changed since,
-- rather than all 64 (src/team/client/exchange-log.ts).

-- Per shard document: the server's announced version (`epoch:count`, src/team/room-versions.ts)
-- it was last exchanged and confirmed under, and the replica's highest row of the room before
-- that exchange (rows after it may hold changes the server does not have yet).
CREATE TABLE team_room_exchanges (
  room TEXT PRIMARY KEY,
  version TEXT NOT NULL,
  seq INTEGER NOT NULL
) STRICT;

-- Per workspace: what the projection (conversation_team_state) was last built with, the
-- members' emails and the tags' names; when they change, every state document is projected again.
CREATE TABLE team_projection_basis (
  workspace_id TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL
) STRICT;
