import type { ConnectionState } from '../team/client/room-link.js';
import { readTeamConfig, type TeamConfig } from '../team/client/team-config.js';
import { TeamSync, type TeamSyncResult } from '../team/client/team-sync.js';
import { TeamWorkspace } from '../team/client/team-workspace.js';
import type { AppContext } from './app-context.js';
import { watchTeam } from './team-events.js';

/** The live workspace, and the end of what tells its events (see watchTeam). */
interface Live {
  team: TeamWorkspace;
  unwatch: () => void;
}

/**
 * The data directory's team workspace, for the services. One live workspace (connected to the
 * team server, or to the embedded one in solo use) serves everything this app does with the
 * team: its changes, its presence, and the team half of a sync, over one connection per room.
 * A change opens it and it stays open until the application closes; a sync alone opens it for
 * its own duration. Its events (conversations changed here or by teammates, the directory,
 * presence, the connection) go to the app's stream while it is open (team-events.ts). Reads
 * when nothing is live use the local replica (they never connect, and never create a workspace).
 */
export class TeamAccess {
  private opening: Promise<Live> | undefined;
  /** The live workspace once opened (undefined while opening, or when none is). */
  private current: Live | undefined;
  /** A change or presence opened or used the live workspace: kept until `close`. */
  private kept = false;
  /** Syncs using the live workspace now (`syncOnce`, `follow`). */
  private holders = 0;
  private following: TeamSync | undefined;
  private readonly now = (): number => this.app.clock.now();

  constructor(private readonly app: AppContext) {}

  /** The data directory's workspace (solo or team), without creating a cache to tell. */
  config(): TeamConfig | undefined {
    return this.app.hasCache() ? readTeamConfig(this.app.db(), this.app.dataDir) : undefined;
  }

  /** Whether the data directory works in a workspace (solo or team) yet. */
  joined(): boolean {
    return this.config() !== undefined;
  }

  /**
   * The live workspace: connected, creating a solo workspace on a data directory that has none.
   * What a change is made in; open until the application closes.
   */
  async live(): Promise<TeamWorkspace> {
    this.kept = true;
    return (await this.open(this.app.settings.teamConfirmMs)).team;
  }

  /**
   * The team connection as the live workspace has it; undefined when none is open, or in solo
   * use (served in-process: nothing to be offline from).
   */
  connection(): ConnectionState | undefined {
    return this.current?.team.session.solo ? undefined : this.current?.team.connection();
  }

  /**
   * Runs `read` on the workspace: the live one if open, else the local replica opened for this
   * read alone (no connection). Undefined when the data directory works in no workspace, or its
   * replica cannot be read offline (the workspace never reached this machine).
   */
  async read<T>(read: (team: TeamWorkspace) => T | Promise<T>): Promise<T | undefined> {
    const live = await this.opening?.catch(() => undefined);
    if (live) return read(live.team);
    if (!this.joined()) return undefined;
    const team = await TeamWorkspace.open(this.app.db(), this.app.dataDir, {
      me: this.app.me(),
      online: false,
      now: this.now,
    }).catch(() => undefined);
    if (!team) return undefined;
    try {
      return await read(team);
    } finally {
      await team.close();
    }
  }

  /**
   * The team half of a sync run once: every document exchanged both ways and the projection
   * brought up to date. Undefined when the data directory works in no workspace.
   */
  async syncOnce(): Promise<TeamSyncResult | undefined> {
    if (!this.joined()) return undefined;
    const started = await this.sync(false);
    try {
      await started?.sync.stop();
    } finally {
      await this.release();
    }
    return started?.result;
  }

  /**
   * Keeps the workspace in sync with the team server (and the projection current) until
   * `unfollow`: the team half of a running sync. Undefined when there is no workspace.
   */
  async follow(): Promise<TeamSyncResult | undefined> {
    if (this.following) throw new Error('the team workspace is followed already');
    if (!this.joined()) return undefined;
    const started = await this.sync(true);
    this.following = started?.sync;
    if (!started) await this.release();
    return started?.result;
  }

  async unfollow(): Promise<void> {
    const following = this.following;
    if (!following) return;
    this.following = undefined;
    await following.stop();
    await this.release();
  }

  /**
   * Runs `change`, which moves the data directory to another workspace or rewrites what it has
   * of one (a join, a leave, a discard), with nothing of the team open meanwhile: a followed
   * sync stops, the live workspace closes, and the sync follows again afterwards (in the
   * workspace there is then, if any).
   */
  async aside<T>(change: () => Promise<T> | T): Promise<T> {
    const wasFollowing = this.following !== undefined;
    await this.unfollow();
    await this.shut();
    try {
      return await change();
    } finally {
      if (wasFollowing) await this.follow();
    }
  }

  async close(): Promise<void> {
    await this.unfollow();
    await this.shut();
  }

  /** Opens the live workspace, or returns the one open (or opening). */
  private open(firstSyncMs: number): Promise<Live> {
    if (!this.opening) {
      const opening = TeamWorkspace.open(this.app.db(), this.app.dataDir, {
        me: this.app.me(),
        firstSyncMs,
        now: this.now,
      }).then((team) => {
        const live = { team, unwatch: watchTeam(team, this.app.events, this.now) };
        this.current = live;
        return live;
      });
      // A failed open is not kept: the next call tries again.
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
      this.opening = opening;
    }
    return this.opening;
  }

  /** Starts a sync over the live workspace (opened for it if need be), holding it meanwhile. */
  private async sync(
    keepOpen: boolean,
  ): Promise<{ sync: TeamSync; result: TeamSyncResult } | undefined> {
    const { settings } = this.app;
    this.holders += 1;
    try {
      const { team } = await this.open(settings.teamSyncMs);
      return await TeamSync.start(this.app.db(), this.app.dataDir, {
        me: this.app.me(),
        timeoutMs: settings.teamSyncMs,
        keepOpen,
        pacing: settings.teamPacing,
        team,
      });
    } catch (error) {
      await this.release();
      throw error;
    }
  }

  /** A sync is done with the live workspace: closed unless kept or held by another. */
  private async release(): Promise<void> {
    this.holders -= 1;
    if (this.holders === 0 && !this.kept) await this.shut();
  }

  /** Closes the live workspace (its events end first: a close is nobody's news). */
  private async shut(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    this.current = undefined;
    this.kept = false;
    const live = await opening?.catch(() => undefined);
    if (!live) return;
    live.unwatch();
    await live.team.close();
  }
}
