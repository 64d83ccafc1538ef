import type { Db } from '../../db/open-database.js';
import { UserError } from '../../errors.js';
import { NoteTables } from './note-tables.js';
import { ReplicaStore } from './replica-store.js';
import { readTeamConfig, removeTeamConfig } from './team-config.js';

/** What `leaveTeam` did. */
export interface Left {
  workspaceId: string;
  /** Changes made here that the team server never confirmed, dropped (`dropUnconfirmed`). */
  dropped: number;
  /** The conversations that had team state here: open, unassigned and untagged now. */
  conversationIds: string[];
}

/**
 * `team leave`: this data directory stops working in its team workspace and keeps nothing of it:
 * the membership and its token file, the replica of the workspace's documents, what was recorded
 * of their exchanges, and the projections of its state (what the inbox filtered on) and of its
 * notes and members (what search found). The mail stays. The data
 * directory is then in no workspace, as before its first join: a triage call starts a solo
 * workspace, and `team join` brings the team's state back from its server.
 *
 * Why the replica goes too: it is the team's notes and assignments, on a machine that leaves the
 * team (a laptop handed on, a member moving away); keeping it would only spare a later join of
 * the same workspace one exchange. Changes made here that the server never confirmed exist
 * nowhere else, so leaving with some is refused unless `dropUnconfirmed` says to drop them.
 * A solo workspace is not left: there is no team, and its work is what a join carries.
 *
 * No process may hold the workspace's documents meanwhile (a running sync would store them
 * again): the caller holds the sync lock and has closed its own.
 */
export function leaveTeam(db: Db, dataDir: string, options: { dropUnconfirmed: boolean }): Left {
  const config = readTeamConfig(db, dataDir);
  if (!config?.serverUrl)
    throw new UserError(
      'not-found',
      config
        ? 'this data directory works alone (a solo workspace): there is no team to leave'
        : 'this data directory is in no team workspace',
    );
  const { workspaceId } = config;
  return db.transaction(() => {
    const dropped = new ReplicaStore(db).countPending(workspaceId);
    if (dropped > 0 && !options.dropUnconfirmed)
      throw new UserError(
        'conflict',
        `${dropped} update${dropped === 1 ? '' : 's'} made here in workspace ${workspaceId} never reached its server: sync first (or, with a refused token, join again with a new one), or leave dropping them (team leave --drop-unconfirmed)`,
        { field: 'dropUnconfirmed' },
      );
    const conversationIds = db
      .prepare<[], string>('SELECT conversation_id FROM conversation_team_state')
      .pluck()
      .all();
    // The projection is the workspace's, as a join of another one says too (join-team.ts).
    db.prepare('DELETE FROM conversation_team_state').run();
    const rooms = "room = ? OR room LIKE ? || '/%'";
    db.prepare(`DELETE FROM workspace_updates WHERE ${rooms}`).run(workspaceId, workspaceId);
    db.prepare(`DELETE FROM team_room_exchanges WHERE ${rooms}`).run(workspaceId, workspaceId);
    db.prepare('DELETE FROM team_projection_basis WHERE workspace_id = ?').run(workspaceId);
    new NoteTables(db).dropWorkspace(workspaceId);
    removeTeamConfig(db, dataDir);
    return { workspaceId, dropped, conversationIds };
  })();
}
