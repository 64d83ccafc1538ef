import { readTeamConfig } from '../team/client/team-config.js';
import { TeamSync, type TeamSyncResult } from '../team/client/team-sync.js';
import { TeamWorkspace } from '../team/client/team-workspace.js';
import type { AppContext } from './app-context.js';

/**
 * The data directory's team workspace, for the services: one live workspace (connected to the
 * team server, or to the embedded one in solo use), opened by the first change and kept until
 * the application closes, and the local replica for reads when nothing is live (reads never
 * connect, and never create a workspace).
 */
export class TeamAccess {
  private liveWorkspace: Promise<TeamWorkspace> | undefined;
  private following: TeamSync | undefined;

  constructor(private readonly app: AppContext) {}

  /** Whether the data directory works in a workspace (solo or team) yet. */
  joined(): boolean {
    return this.app.hasCache() && readTeamConfig(this.app.db(), this.app.dataDir) !== undefined;
  }

  /**
   * The live workspace: connected, creating a solo workspace on a data directory that has none.
   * What a change is made in.
   */
  live(): Promise<TeamWorkspace> {
    if (!this.liveWorkspace) {
      const opening = TeamWorkspace.open(this.app.db(), this.app.dataDir, {
        me: this.app.me(),
        firstSyncMs: this.app.settings.teamConfirmMs,
      });
      // A failed open is not kept: the next call tries again.
      opening.catch(() => {
        if (this.liveWorkspace === opening) this.liveWorkspace = undefined;
      });
      this.liveWorkspace = opening;
    }
    return this.liveWorkspace;
  }

  /**
   * Runs `read` on the workspace: the live one if open, else the local replica opened for this
   * read alone (no connection). Undefined when the data directory works in no workspace, or its
   * replica cannot be read offline (the workspace never reached this machine).
   */
  async read<T>(read: (team: TeamWorkspace) => T | Promise<T>): Promise<T | undefined> {
    if (this.liveWorkspace) return read(await this.liveWorkspace);
    if (!this.joined()) return undefined;
    const team = await TeamWorkspace.open(this.app.db(), this.app.dataDir, {
      me: this.app.me(),
      online: false,
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
    const started = await TeamSync.start(this.app.db(), this.app.dataDir, {
      me: this.app.me(),
      timeoutMs: this.app.settings.teamSyncMs,
      keepOpen: false,
      pacing: this.app.settings.teamPacing,
    });
    await started?.sync.stop();
    return started?.result;
  }

  /**
   * Keeps the workspace in sync with the team server (and the projection current) until
   * `unfollow`: the team half of a running sync. Undefined when there is no workspace.
   */
  async follow(): Promise<TeamSyncResult | undefined> {
    if (this.following) throw new Error('the team workspace is followed already');
    const started = await TeamSync.start(this.app.db(), this.app.dataDir, {
      me: this.app.me(),
      timeoutMs: this.app.settings.teamSyncMs,
      keepOpen: true,
      pacing: this.app.settings.teamPacing,
    });
    this.following = started?.sync;
    return started?.result;
  }

  async unfollow(): Promise<void> {
    const following = this.following;
    this.following = undefined;
    await following?.stop();
  }

  async close(): Promise<void> {
    await this.unfollow();
    const live = this.liveWorkspace;
    this.liveWorkspace = undefined;
    await (await live?.catch(() => undefined))?.close();
  }
}
