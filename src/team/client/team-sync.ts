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
/** How often a running sync exchanges the timeline documents (notes, activity). */
const TIMELINE_PASS_MS = 60_000;
/** Timeline documents exchanged at once: each is held in memory only while it syncs. */
const TIMELINE_BATCH = 8;

/**
 * The team half of `switchboard sync`: the workspace's core and state documents kept in sync with
 * the server, and the projection the inbox lists from kept current. Does nothing for a data
 * directory that is in no workspace (solo use starts with the first triage command).
 */
export class TeamSync {
  private timer: NodeJS.Timeout | undefined;
  private timelineTimer: NodeJS.Timeout | undefined;

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
      let confirmed = await session.confirmed(Math.max(1, deadline - Date.now())).catch(() => false);
      confirmed = (await sync.exchangeTimelines(Math.max(1, deadline - Date.now()))) && confirmed;
      if (options.keepOpen) {
        sync.timer = setInterval(() => session.refresh(), REFRESH_MS);
        sync.timer.unref();
        sync.timelineTimer = setInterval(() => void sync.exchangeTimelines(options.timeoutMs), TIMELINE_PASS_MS);
        sync.timelineTimer.unref();
      }
      return { sync, result: { workspaceId: workspace.workspaceId, conversations, confirmed } };
    } catch (error) {
      await sync.stop();
      throw error;
    }
  }

  /**
   * Brings the replica's notes and activity up to date both ways, a few documents at a time, so
   * `show` has them offline. Returns whether the server confirmed all of it.
   */
  private async exchangeTimelines(timeoutMs: number): Promise<boolean> {
    const { workspace, session } = this.team;
    const rooms = Array.from({ length: workspace.shardCount }, (_, shard) => shardRoom(workspace.workspaceId, 'timeline', shard, workspace.shardCount));
    let confirmed = true;
    for (let i = 0; i < rooms.length; i += TIMELINE_BATCH) {
      // Rooms the model has open (a conversation being shown) stay open.
      const batch = rooms.slice(i, i + TIMELINE_BATCH).filter((room) => !session.link(room));
      for (const room of batch) session.doc(room);
      const results = await Promise.all(
        batch.map((room) => session.link(room)?.confirmed(timeoutMs).catch(() => false) ?? Promise.resolve(false)),
      );
      confirmed &&= results.every(Boolean);
      for (const room of batch) session.release(room);
    }
    return confirmed;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.timelineTimer) clearInterval(this.timelineTimer);
    await this.team.close();
  }
}
