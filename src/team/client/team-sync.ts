import type { Db } from '../../db/open-database.js';
import { findRoomVersions, type RoomVersions } from '../room-versions.js';
import { coreRoom, parseRoom, roomsOf, shardRoom } from '../workspace/index.js';
import type { SoloMember } from './embedded-server.js';
import { ExchangeLog } from './exchange-log.js';
import { changesNotAccepted } from './not-accepted.js';
import { readTeamConfig } from './team-config.js';
import { TeamWorkspace } from './team-workspace.js';

export interface TeamSyncResult {
  workspaceId: string;
  /** Conversations with team state, now in the projection. */
  conversations: number;
  /** Whether the server holds everything this machine had (false: queued, or refused). */
  confirmed: boolean;
  /**
   * Set when the server refused this app's token (revoked, say): not "queued", and what to tell
   * the user, with the count of changes kept but not accepted (see not-accepted.ts).
   */
  refused?: string;
}

/** The end of `sync`'s team line: nothing when confirmed, else why not and what to do. */
export function teamSyncNote(result: TeamSyncResult): string {
  if (result.refused) return ` (token refused: ${result.refused})`;
  return result.confirmed ? '' : ' (changes queued: the team server cannot be reached)';
}

/** How often a running sync looks for changes other processes stored (a CLI `assign`). */
const REFRESH_MS = 1000;
/** After a draft the server did not confirm, `handOverDrafts` waits this long before trying again. */
const DRAFTS_RETRY_MS = 10_000;
/** Documents exchanged at once: each is held in memory only while it syncs. */
const BATCH = 8;

/** How a running sync paces itself; the defaults suit an app, tests shorten them. */
export interface TeamSyncPacing {
  /**
   * Without the server's "rooms changed" announcement (src/team/room-versions.ts; a server other
   * than ours), how often a running sync goes through the timeline documents (notes, activity)…
   */
  timelinePassMs: number;
  /** …and through the state documents, when it cannot keep them all open. */
  statePassMs: number;
  /**
   * Stored state below which a running sync keeps every state document open (changes then reach
   * the projection as they happen, with no document to open). A document takes about ten times
   * its stored size in memory (bench:workspace-open: 20 MB stored for 100k conversations, 207 MB
   * loaded), so 4 MB, about 20k conversations, keeps it near 40 MB; beyond that a state document
   * is opened when the server announces it changed. 0: never keep them open.
   */
  keepOpenBytes: number;
}

export const DEFAULT_TEAM_SYNC_PACING: TeamSyncPacing = {
  timelinePassMs: 60_000,
  statePassMs: 5_000,
  keepOpenBytes: 4 * 1024 * 1024,
};

/**
 * The team half of `switchboard sync`: the workspace's core and state documents kept in sync with
 * the server, and the projection the inbox lists from kept current. Does nothing for a data
 * directory that is in no workspace (solo use starts with the first triage command).
 *
 * Running, it keeps the core document open and follows the server's announcement of which shard
 * documents changed (carried in the core room, see src/team/room-versions.ts): a changed shard is
 * opened, exchanged, projected and released, a batch at a time, so a 100k-conversation workspace
 * costs nothing while nobody works and a teammate's change shows within a fraction of a second.
 * Shards other processes of this data directory wrote (a `switchboard assign` queued offline) are
 * exchanged the same way. Against a server that makes no announcement it falls back to visiting
 * every shard in turns.
 */
export class TeamSync {
  private timers: NodeJS.Timeout[] = [];
  /** The tasks waiting to run, in order, and the run going through them (see `schedule`). */
  private readonly due = new Set<() => Promise<unknown>>();
  private passing: Promise<void> | undefined;
  private readonly exchangeDirtyTask = () => this.exchangeDirty();
  /** Shard rooms to exchange (announced as changed, or written by another process). */
  private readonly dirty = new Set<string>();
  /** Per shard room, the announced version it was last queued under (`epoch:count`). */
  private readonly queuedAt = new Map<string, string>();
  /** The workspace's state and timeline rooms: what announcements and other writers are read for. */
  private readonly shardRooms: Set<string>;
  /** The replica's row up to which other processes' writes were looked at. */
  private lastRow = 0;
  /** Backoff of `exchangeDirty` after rooms the server did not confirm. */
  private readonly retry = { failures: 0, at: 0 };
  private stopWatching: (() => void) | undefined;
  /** When `handOverDrafts` may try again after a draft the server did not confirm. */
  private draftsRetryAt = 0;

  private constructor(
    readonly team: TeamWorkspace,
    /** Whether `stop` closes the workspace: it opened it, rather than being given it. */
    private readonly ownsTeam: boolean,
    private readonly keepAll: boolean,
    private readonly timeoutMs: number,
    private readonly log: ExchangeLog,
    private readonly pacing: TeamSyncPacing,
  ) {
    const rooms = roomsOf(team.workspace.workspaceId, team.workspace.shardCount);
    this.shardRooms = new Set([...rooms.state, ...rooms.timeline]);
  }

  static async start(
    db: Db,
    dataDir: string,
    options: {
      me: SoloMember;
      timeoutMs: number;
      keepOpen: boolean;
      pacing?: Partial<TeamSyncPacing>;
      /**
       * The data directory's workspace, open already (an app's live one, which its changes and
       * presence use too): synced over its connections rather than a second set of them, and
       * left open by `stop`. Without it, the sync opens the workspace and closes it.
       */
      team?: TeamWorkspace;
    },
  ): Promise<{ sync: TeamSync; result: TeamSyncResult } | undefined> {
    if (!readTeamConfig(db, dataDir)) return undefined;
    const team =
      options.team ??
      (await TeamWorkspace.open(db, dataDir, {
        me: options.me,
        firstSyncMs: options.timeoutMs,
      }));
    const stored = db
      .prepare<[string], { bytes: number }>(
        "SELECT coalesce(sum(length(data)), 0) AS bytes FROM workspace_updates WHERE room LIKE ? || '/state-%'",
      )
      .get(team.workspace.workspaceId)!.bytes;
    const pacing = { ...DEFAULT_TEAM_SYNC_PACING, ...options.pacing };
    const sync = new TeamSync(
      team,
      options.team === undefined,
      options.keepOpen && stored < pacing.keepOpenBytes,
      options.timeoutMs,
      new ExchangeLog(db, team.workspace.workspaceId),
      pacing,
    );
    try {
      const deadline = Date.now() + options.timeoutMs;
      const remaining = () => Math.max(1, deadline - Date.now());
      const { session, workspace } = team;
      // The server greets the core room with its announcement: what the passes below cover.
      await sync
        .coreLink()
        ?.confirmed(remaining())
        .catch(() => false);
      const covered = sync.announced();
      // From here on, this process's own rows are told from others' (see `exchanged`).
      sync.lastRow = session.store.watchOtherWriters();
      // Only what changed since the last exchange, on either side (see ExchangeLog); everything
      // without an announcement. Members' emails or tags' names changed: every state document
      // is projected again.
      const rooms = roomsOf(workspace.workspaceId, workspace.shardCount);
      const rows = sync.log.lastRows();
      const stale = (room: string) =>
        !covered || !sync.log.upToDate(room, versionOf(covered, room), rows.get(room) ?? 0);
      const basis = team.projectionBasis();
      const reproject = sync.log.projectionBasis() !== basis;
      // A small workspace's running sync keeps every state document open: all of them, then.
      const stateShards = rooms.state.flatMap((room, shard) =>
        sync.keepAll || reproject || stale(room) ? [shard] : [],
      );
      // Every state document first, so the projection reflects what the team did while this
      // machine was away; then notes and activity; the core stays open throughout.
      const state = await sync.passStates(remaining(), stateShards);
      sync.log.setProjectionBasis(basis);
      const timelines = await sync.exchangeTimelines(remaining(), rooms.timeline.filter(stale));
      if (covered)
        for (const room of [...state.confirmedRooms, ...timelines.confirmedRooms])
          sync.exchanged(room, versionOf(covered, room), rows.get(room) ?? 0);
      const core = await session.confirmed(remaining()).catch(() => false);
      const confirmed = state.confirmed && timelines.confirmed;
      if (options.keepOpen) {
        if (covered && confirmed) sync.noteAnnounced(covered, false);
        sync.follow();
      }
      const projected = db
        .prepare<[], { n: number }>('SELECT count(*) AS n FROM conversation_team_state')
        .get()!.n;
      const refusal = session.refusal;
      return {
        sync,
        result: {
          workspaceId: workspace.workspaceId,
          conversations: projected,
          confirmed: confirmed && core && !refusal,
          ...(refusal ? { refused: changesNotAccepted(refusal, session.unconfirmed()) } : {}),
        },
      };
    } catch (error) {
      await sync.stop();
      throw error;
    }
  }

  /**
   * Syncs these state documents (all by default) a batch at a time, confirms them and projects
   * them; each batch is released after unless all are kept open.
   */
  private async passStates(
    timeoutMs: number,
    shards?: readonly number[],
  ): Promise<{ confirmed: boolean; confirmedRooms: string[] }> {
    const { workspace, session } = this.team;
    const deadline = Date.now() + timeoutMs;
    const all = shards ?? Array.from({ length: workspace.shardCount }, (_, shard) => shard);
    const confirmedRooms: string[] = [];
    for (let first = 0; first < all.length; first += BATCH) {
      const batch = all.slice(first, first + BATCH);
      const rooms = batch.map((shard) =>
        shardRoom(workspace.workspaceId, 'state', shard, workspace.shardCount),
      );
      for (const room of rooms) session.doc(room);
      const results = await Promise.all(
        rooms.map(
          (room) =>
            session
              .link(room)
              ?.confirmed(Math.max(1, deadline - Date.now()))
              .catch(() => false) ?? Promise.resolve(false),
        ),
      );
      confirmedRooms.push(...rooms.filter((_, index) => results[index]));
      await this.team.rebuildProjection(batch, { keep: this.keepAll });
    }
    return { confirmed: confirmedRooms.length === all.length, confirmedRooms };
  }

  /** From the first passes on: follows announcements and other writers, or polls without them. */
  private follow(): void {
    const { session } = this.team;
    const awareness = this.coreLink()?.awareness;
    if (awareness) {
      const onChange = () => {
        const versions = this.announced();
        if (versions) this.noteAnnounced(versions);
      };
      awareness.on('change', onChange);
      this.stopWatching = () => awareness.off('change', onChange);
      onChange();
    }
    this.every(REFRESH_MS, async () => {
      session.refresh();
      this.noteOtherWriters();
      await this.exchangeDirty();
      await this.handOverDrafts();
    });
    // Offline there is nothing to poll; online with announcements, nothing to poll for.
    const polling = () => this.coreLink()?.status === 'connected' && !this.announced();
    this.every(this.pacing.timelinePassMs, () =>
      polling() ? this.exchangeTimelines(this.timeoutMs) : Promise.resolve(),
    );
    if (!this.keepAll)
      this.every(this.pacing.statePassMs, () =>
        polling() ? this.passStates(this.timeoutMs) : Promise.resolve(),
      );
  }

  private coreLink() {
    return this.team.session.link(coreRoom(this.team.workspace.workspaceId));
  }

  /** The server's current announcement in the core room, if it makes one. */
  private announced(): RoomVersions | undefined {
    const awareness = this.coreLink()?.awareness;
    return awareness ? findRoomVersions(awareness.getStates()) : undefined;
  }

  /**
   * Queues the shard rooms whose announced version differs from the one they were last queued
   * under (a new epoch: every room); `exchange` false only records them (just exchanged).
   */
  private noteAnnounced(versions: RoomVersions, exchange = true): void {
    for (const room of this.shardRooms) {
      const version = versionOf(versions, room);
      if (this.queuedAt.get(room) === version) continue;
      this.queuedAt.set(room, version);
      if (exchange) this.dirty.add(room);
    }
    if (exchange) this.schedule(this.exchangeDirtyTask);
  }

  /**
   * Records that the server confirmed the room, announced at `version`. The rows this process
   * stored meanwhile (what it received, what it sent) are covered; a row another process stored
   * since `before` is not, and gets the room exchanged again next time.
   */
  private exchanged(room: string, version: string, before: number): void {
    this.log.record(room, version, this.team.session.store.ownRowsSince(room, before));
  }

  /** Queues the shard rooms another process of this data directory stored updates of. */
  private noteOtherWriters(): void {
    const { rooms, lastSeq } = this.team.session.store.roomsWrittenElsewhere(this.lastRow);
    this.lastRow = lastSeq;
    for (const room of rooms) if (this.shardRooms.has(room)) this.dirty.add(room);
  }

  /**
   * Exchanges the queued rooms a batch at a time, state first: each opened, confirmed and released.
   * Each document is loaded into the model before it syncs, so the changes that arrive are
   * reported as they arrive, by conversation (Workspace.onChange): the projection takes in just
   * the conversations whose state changed (see TeamWorkspace), and an app hears of teammates'
   * notes too. Rooms the server did not confirm stay queued for the next run; none is tried
   * while the core itself is not connected.
   */
  private async exchangeDirty(): Promise<void> {
    const { session, workspace } = this.team;
    if (performance.now() < this.retry.at) return;
    while (this.dirty.size > 0 && this.coreLink()?.status === 'connected') {
      // Rooms held open (all state rooms of a small workspace, a conversation being shown) sync live.
      for (const room of this.dirty) if (session.link(room)) this.dirty.delete(room);
      // State first, alone: the inbox lists from it; notes and activity can follow.
      const dirty = [...this.dirty];
      const states = dirty.filter((room) => parseRoom(room)?.kind === 'state');
      const batch = (states.length > 0 ? states : dirty).slice(0, BATCH);
      if (batch.length === 0) return;
      const rows = this.log.lastRows();
      const part = states.length > 0 ? 'state' : 'timeline';
      const shards = batch.map((room) => (parseRoom(room) as { shard: number }).shard);
      await Promise.all(shards.map((shard) => workspace.loadShard(shard, part)));
      const results = await Promise.all(
        batch.map(
          (room) =>
            session
              .link(room)
              ?.confirmed(this.timeoutMs)
              .catch(() => false) ?? Promise.resolve(false),
        ),
      );
      for (const [index, room] of batch.entries()) {
        if (!results[index]) continue;
        this.dirty.delete(room);
        const version = this.queuedAt.get(room);
        if (version) this.exchanged(room, version, rows.get(room) ?? 0);
      }
      if (part === 'timeline' || !this.keepAll)
        await Promise.all(shards.map((shard) => workspace.releaseShard(shard, part)));
      if (!results.every(Boolean)) {
        // The server is there (the core is connected) but did not confirm: try again later, less
        // and less often, rather than reload the same documents every second.
        this.retry.failures += 1;
        this.retry.at = performance.now() + Math.min(60_000, 1000 * 2 ** this.retry.failures);
        return;
      }
      this.retry.failures = 0;
    }
  }

  /**
   * Runs the task after those already due, one task at a time; a task already due is not queued
   * twice. First come, first served, so a long pass cannot starve the others.
   */
  private schedule(task: () => Promise<unknown>): void {
    this.due.add(task);
    this.passing ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      for (let task = first(this.due); task; task = first(this.due)) {
        this.due.delete(task);
        await task().catch(() => undefined);
      }
    } finally {
      this.passing = undefined;
    }
  }

  /** Schedules the task every `ms`. */
  private every(ms: number, task: () => Promise<unknown>): void {
    const timer = setInterval(() => this.schedule(task), ms);
    timer.unref();
    this.timers.push(timer);
  }

  /**
   * Brings the replica's notes and activity (these timeline documents, all by default) up to date
   * both ways, a few documents at a time, so `show` has them offline.
   */
  private async exchangeTimelines(
    timeoutMs: number,
    rooms?: readonly string[],
  ): Promise<{ confirmed: boolean; confirmedRooms: string[] }> {
    const { workspace, session } = this.team;
    const all = rooms ?? roomsOf(workspace.workspaceId, workspace.shardCount).timeline;
    const confirmedRooms: string[] = [];
    let exchanged = 0;
    for (let i = 0; i < all.length; i += BATCH) {
      // Rooms the model has open (a conversation being shown) sync live and stay open.
      const batch = all.slice(i, i + BATCH).filter((room) => !session.link(room));
      for (const room of batch) session.doc(room);
      const results = await Promise.all(
        batch.map(
          (room) =>
            session
              .link(room)
              ?.confirmed(timeoutMs)
              .catch(() => false) ?? Promise.resolve(false),
        ),
      );
      confirmedRooms.push(...batch.filter((_, index) => results[index]));
      exchanged += batch.length;
      // Their notes, for search: what the exchange brought, and what the replica held already
      // (of the rooms the model has open too).
      for (const room of all.slice(i, i + BATCH)) this.team.notes.timeline(room);
      for (const room of batch) void session.release(room);
    }
    return { confirmed: confirmedRooms.length === exchanged, confirmedRooms };
  }

  /**
   * Drafts edited here while offline and closed since (or edited by another process of this data
   * directory, a `switchboard draft` typed offline): opened, handed to the server, and closed
   * again, so teammates get them without anyone opening the draft here. A draft left blank (sent
   * or discarded) is then forgotten here (see TeamSession.release). One open elsewhere in this
   * process syncs live and is left alone.
   */
  private async handOverDrafts(): Promise<void> {
    const { session, workspace } = this.team;
    if (performance.now() < this.draftsRetryAt || this.coreLink()?.status !== 'connected') return;
    for (const room of session.store.pendingDraftRooms(workspace.workspaceId)) {
      const parsed = parseRoom(room);
      if (parsed?.kind !== 'draft' || session.link(room)) continue;
      const draft = await workspace.openDraft(parsed.conversationId);
      const confirmed = await session
        .link(room)
        ?.confirmed(this.timeoutMs)
        .catch(() => false);
      draft.close();
      if (!confirmed) {
        this.draftsRetryAt = performance.now() + DRAFTS_RETRY_MS;
        return;
      }
    }
  }

  async stop(): Promise<void> {
    this.stopWatching?.();
    for (const timer of this.timers) clearInterval(timer);
    this.due.clear();
    await this.passing;
    if (this.ownsTeam) await this.team.close();
  }
}

function first<T>(set: ReadonlySet<T>): T | undefined {
  for (const item of set) return item;
  return undefined;
}

/** A room's announced version, as compared and stored: `epoch:count`. */
function versionOf(versions: RoomVersions, room: string): string {
  return `${versions.epoch}:${versions.rooms[room] ?? 0}`;
}
