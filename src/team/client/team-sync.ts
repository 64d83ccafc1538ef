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
/** How often a running sync goes through the state documents when it cannot keep them all open. */
const STATE_PASS_MS = 5_000;
/** Documents exchanged at once: each is held in memory only while it syncs. */
const BATCH = 8;
/**
 * Stored state up to which a running sync keeps every state document open (changes then reach
 * the projection as they happen). A document takes about ten times its stored size in memory
 * (bench:workspace-open: 20 MB stored for 100k conversations, 207 MB loaded), so 4 MB, about 20k
 * conversations, keeps it near 40 MB; beyond that the state documents are visited in turns.
 */
const KEEP_OPEN_BYTES = Number(process.env.SWITCHBOARD_TEAM_KEEP_OPEN_BYTES ?? 4 * 1024 * 1024);

/**
 * The team half of `switchboard sync`: the workspace's core and state documents kept in sync with
 * the server, and the projection the inbox lists from kept current. Does nothing for a data
 * directory that is in no workspace (solo use starts with the first triage command).
 */
export class TeamSync {
  private timers: NodeJS.Timeout[] = [];
  private passing: Promise<unknown> | undefined;

  private constructor(
    readonly team: TeamWorkspace,
    private readonly keepAll: boolean,
  ) {}

  static async start(db: Db, dataDir: string, options: { me: SoloMember; timeoutMs: number; keepOpen: boolean }): Promise<{ sync: TeamSync; result: TeamSyncResult } | undefined> {
    if (!readTeamConfig(db, dataDir)) return undefined;
    const team = await TeamWorkspace.open(db, dataDir, { me: options.me, firstSyncMs: options.timeoutMs });
    const stored = db
      .prepare<[string], { bytes: number }>("SELECT coalesce(sum(length(data)), 0) AS bytes FROM workspace_updates WHERE room LIKE ? || '/state-%'")
      .get(team.workspace.workspaceId)!.bytes;
    const sync = new TeamSync(team, options.keepOpen && stored <= KEEP_OPEN_BYTES);
    try {
      const deadline = Date.now() + options.timeoutMs;
      const remaining = () => Math.max(1, deadline - Date.now());
      // Every state document, received first, so the projection reflects what the team did
      // while this machine was away; then notes and activity; the core stays open throughout.
      const state = await sync.passStates(remaining());
      const timelines = await sync.exchangeTimelines(remaining());
      const core = await team.session.confirmed(remaining()).catch(() => false);
      if (options.keepOpen) {
        const { session } = team;
        sync.every(REFRESH_MS, () => Promise.resolve(session.refresh()));
        sync.every(TIMELINE_PASS_MS, () => sync.exchangeTimelines(options.timeoutMs));
        if (!sync.keepAll) sync.every(STATE_PASS_MS, () => sync.passStates(options.timeoutMs));
      }
      return {
        sync,
        result: { workspaceId: team.workspace.workspaceId, conversations: state.conversations, confirmed: state.confirmed && timelines && core },
      };
    } catch (error) {
      await sync.stop();
      throw error;
    }
  }

  /**
   * Syncs the state documents a batch at a time, confirms them and projects them; each batch is
   * released after unless all are kept open.
   */
  private async passStates(timeoutMs: number): Promise<{ conversations: number; confirmed: boolean }> {
    const { workspace, session } = this.team;
    const deadline = Date.now() + timeoutMs;
    let conversations = 0;
    let confirmed = true;
    for (let first = 0; first < workspace.shardCount; first += BATCH) {
      const shards = Array.from({ length: Math.min(BATCH, workspace.shardCount - first) }, (_, index) => first + index);
      const links = shards.map((shard) => {
        const room = shardRoom(workspace.workspaceId, 'state', shard, workspace.shardCount);
        session.doc(room);
        return session.link(room);
      });
      const results = await Promise.all(
        links.map((link) => link?.confirmed(Math.max(1, deadline - Date.now())).catch(() => false) ?? Promise.resolve(false)),
      );
      confirmed &&= results.every(Boolean);
      conversations += await this.team.rebuildProjection(shards, { keep: this.keepAll });
    }
    return { conversations, confirmed };
  }

  /** Runs the task every `ms`, one run at a time (a run that overlaps the next is skipped). */
  private every(ms: number, task: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      if (this.passing) return;
      this.passing = task()
        .catch(() => undefined)
        .finally(() => (this.passing = undefined));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /**
   * Brings the replica's notes and activity up to date both ways, a few documents at a time, so
   * `show` has them offline. Returns whether the server confirmed all of it.
   */
  private async exchangeTimelines(timeoutMs: number): Promise<boolean> {
    const { workspace, session } = this.team;
    const rooms = Array.from({ length: workspace.shardCount }, (_, shard) => shardRoom(workspace.workspaceId, 'timeline', shard, workspace.shardCount));
    let confirmed = true;
    for (let i = 0; i < rooms.length; i += BATCH) {
      // Rooms the model has open (a conversation being shown) stay open.
      const batch = rooms.slice(i, i + BATCH).filter((room) => !session.link(room));
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
    for (const timer of this.timers) clearInterval(timer);
    await this.passing;
    await this.team.close();
  }
}
