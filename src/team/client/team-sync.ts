import type { Db } from '../../db/open-database.js';
import { shardRoom } from '../workspace/index.js';
import type { SoloMember } from './embedded-server.js';
import { readTeamConfig } from './team-config.js';
import { TeamWorkspace } from './team-workspace.js';

export interface TeamSyncResult {
  workspaceId: string;
  /** Conversations with team state, now in the projection. */
  conversations: number;
  /** Whether the server holds everything this machine had (false: queued, server unreachable). */
  confirmed: boolean;
}

/** How often a running sync looks for changes other processes stored (a CLI `assign`). */
const REFRESH_MS = 1000;

/**
 * The team half of `switchboard sync`: the workspace's core and state documents kept in sync with
 * the server, and the projection the inbox lists from kept current. Does nothing for a data
 * directory that is in no workspace (solo use starts with the first triage command).
 */
export class TeamSync {
  private timer: NodeJS.Timeout | undefined;

  private constructor(readonly team: TeamWorkspace) {}

  static async start(db: Db, dataDir: string, options: { me: SoloMember; timeoutMs: number; keepOpen: boolean }): Promise<{ sync: TeamSync; result: TeamSyncResult } | undefined> {
    if (!readTeamConfig(db, dataDir)) return undefined;
    const team = await TeamWorkspace.open(db, dataDir, { me: options.me, firstSyncMs: options.timeoutMs });
    const sync = new TeamSync(team);
    try {
      const { workspace, session } = team;
      // Every state shard, so the projection covers the whole workspace; received first, so
      // it reflects what the team did while this machine was away.
      const rooms = Array.from({ length: workspace.shardCount }, (_, shard) => shardRoom(workspace.workspaceId, 'state', shard, workspace.shardCount));
      for (const room of rooms) session.doc(room);
      const deadline = Date.now() + options.timeoutMs;
      const links = rooms.map((room) => session.link(room)).filter((link) => link !== undefined);
      await Promise.all(links.map((link) => link.whenSynced(Math.max(1, deadline - Date.now())).catch(() => undefined)));
      if (options.keepOpen) for (let shard = 0; shard < workspace.shardCount; shard += 1) await workspace.shardStates(shard);
      const conversations = await team.rebuildProjection();
      const confirmed = await session.confirmed(Math.max(1, deadline - Date.now())).catch(() => false);
      if (options.keepOpen) {
        sync.timer = setInterval(() => session.refresh(), REFRESH_MS);
        sync.timer.unref();
      }
      return { sync, result: { workspaceId: workspace.workspaceId, conversations, confirmed } };
    } catch (error) {
      await sync.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.team.close();
  }
}
