import type { Db } from '../../db/open-database.js';
import { UserError } from '../../errors.js';
import { parseRoom } from '../workspace/index.js';
import type { SoloMember } from './embedded-server.js';
import { ExchangeLog } from './exchange-log.js';
import { NoteTables } from './note-tables.js';
import { ReplicaStore } from './replica-store.js';
import { readTeamConfig } from './team-config.js';
import { TeamWorkspace } from './team-workspace.js';

/** What `discardUnconfirmed` dropped. */
export interface Discarded {
  workspaceId: string;
  /** Stored updates made here that the server never confirmed. */
  updates: number;
  /** The documents they were in. */
  documents: number;
}

/**
 * `switchboard team discard`: drops every change made on this machine that the team server never
 * confirmed (the replica's pending updates, see ReplicaStore), so that the replica is what the
 * server had, and projects the touched documents again, so lists and filters show that too. The
 * way out, beside a new token, for changes the server refused (not-accepted.ts).
 *
 * No other process may hold the workspace's documents meanwhile (a running `sync` would keep the
 * changes in memory and send them later): the caller holds the sync lock.
 */
export async function discardUnconfirmed(
  db: Db,
  dataDir: string,
  me: SoloMember,
): Promise<Discarded> {
  const config = readTeamConfig(db, dataDir);
  if (!config) throw new UserError('not-found', 'this data directory is in no team workspace yet');
  const { workspaceId } = config;
  const store = new ReplicaStore(db);
  const log = new ExchangeLog(db, workspaceId);
  const { updates, rooms } = db.transaction(() => {
    const updates = store.countPending(workspaceId);
    const rooms = store.discardPending(workspaceId);
    // What was recorded of their last exchange no longer holds: the next sync exchanges them.
    for (const room of rooms) log.forget(room);
    return { updates, rooms };
  })();
  if (rooms.size > 0) await projectAgain(db, dataDir, me, workspaceId, rooms);
  return { workspaceId, updates, documents: rooms.size };
}

/**
 * The projections of the discarded rooms, as their confirmed state has it now: the team state the
 * lists show, and the notes search finds (a note the server never accepted is no longer found).
 */
async function projectAgain(
  db: Db,
  dataDir: string,
  me: SoloMember,
  workspaceId: string,
  rooms: ReadonlySet<string>,
): Promise<void> {
  const team = await TeamWorkspace.open(db, dataDir, { me, online: false }).catch(() => undefined);
  // Not even the core document was ever confirmed: no team state is left to show.
  if (!team) {
    db.prepare('DELETE FROM conversation_team_state').run();
    new NoteTables(db).dropWorkspace(workspaceId);
    return;
  }
  try {
    // A tag's definition or a member's email may be gone with the core's changes: everything.
    const shards = rooms.has(workspaceId)
      ? undefined
      : [...rooms].flatMap((room) => {
          const parsed = parseRoom(room);
          return parsed?.kind === 'state' ? [parsed.shard] : [];
        });
    await team.rebuildProjection(shards);
    if (!shards) new ExchangeLog(db, workspaceId).setProjectionBasis(team.projectionBasis());
    for (const room of rooms) team.notes.timeline(room);
  } finally {
    await team.close();
  }
}
