import { whoAmI } from '../../team/client/join-team.js';
import { readTeamConfig, type TeamConfig } from '../../team/client/team-config.js';
import type { AppContext } from '../app-context.js';
import type { Actor } from '../contract/outputs.js';

/** Who acts through this app. */
export class SessionService {
  constructor(private readonly app: AppContext) {}

  /**
   * This app's member of its workspace. Every change made through the app is made by it: no call
   * takes an actor from its caller (the contract's objects are strict).
   */
  async whoami(): Promise<Actor> {
    const me = this.app.me();
    const config = this.app.hasCache()
      ? readTeamConfig(this.app.db(), this.app.dataDir)
      : undefined;
    if (!config)
      return {
        memberId: null,
        name: me.name,
        email: me.email,
        role: null,
        workspaceId: null,
        workspaceName: null,
        solo: true,
      };
    const known = await this.app.team.read(({ workspace }) => ({
      member: workspace.team.member(workspace.actor),
      workspaceName: workspace.name() ?? null,
    }));
    const member = known?.member ?? (await this.askServer(config));
    return {
      memberId: config.memberId,
      name: member?.name ?? me.name,
      email: member?.email ?? me.email,
      role: member?.role ?? null,
      workspaceId: config.workspaceId,
      workspaceName: known?.workspaceName ?? null,
      solo: config.serverUrl === null,
    };
  }

  /**
   * The member as the team server knows it, when the workspace has not reached this machine yet
   * (just joined, no sync since): the who-am-I request the join made. Undefined when the server
   * cannot tell (unreachable, the token refused).
   */
  private async askServer(config: TeamConfig) {
    if (!config.serverUrl) return undefined;
    const known = await whoAmI(
      config.serverUrl,
      config.workspaceId,
      config.token,
      this.app.settings.teamConfirmMs,
    ).catch(() => undefined);
    return known && { name: known.name, email: known.email ?? undefined, role: known.role };
  }
}
