import { readTeamConfig } from '../team/client/team-config.js';
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

  async close(): Promise<void> {
    const live = this.liveWorkspace;
    this.liveWorkspace = undefined;
    await (await live?.catch(() => undefined))?.close();
  }
}
