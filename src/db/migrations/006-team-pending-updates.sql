-- Which stored updates of the team replica (workspace_updates, migration 003) were made on this
-- machine and not yet confirmed by the team server (src/team/client/replica-store.ts): 1 from
-- the moment a change is stored until the server's state vector shows it holds it. What makes
-- `switchboard team discard` exact: it drops these rows and nothing else, leaving the replica as
-- the server had it (after a refused token, say). Rows stored before this migration count as
-- confirmed (nothing tells otherwise).
ALTER TABLE workspace_updates ADD COLUMN pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1));
CREATE INDEX workspace_updates_pending ON workspace_updates (room, seq) WHERE pending = 1;
