import { UserError } from '../../errors.js';
import { discardUnconfirmed } from '../../team/client/discard-unconfirmed.js';
import { joinTeam } from '../../team/client/join-team.js';
import { leaveTeam } from '../../team/client/leave-team.js';
import { NO_TEAM_STATUS, teamStatus, type TeamStatus } from '../../team/client/team-status.js';
import type { TeamWorkspace } from '../../team/client/team-workspace.js';
import { DEFAULT_MAILBOX_PERMISSION, type TagDefinition } from '../../team/workspace/index.js';
import type { AppContext } from '../app-context.js';
import { requireConversation } from '../conversation-id.js';
import type { MethodInput } from '../contract/inputs.js';
import type {
  Joined,
  MethodOutput,
  TagInfo,
  TeammatePresence,
  TeamMember,
} from '../contract/outputs.js';
import { watchProjection } from '../projection-changes.js';
import { presenceView } from '../team-presence.js';
import { lockSync } from './account-service.js';

const tagInfo = ({ id, name, color }: TagDefinition): TagInfo => ({ id, name, color });

/**
 * This data directory's membership of a team workspace (join, leave, where it stands, what it
 * never got accepted), the team's directory and its presence.
 */
export class TeamService {
  constructor(private readonly app: AppContext) {}

  /** Asks the team server whether it takes this app's token; creates nothing. */
  async status(): Promise<TeamStatus> {
    if (!this.app.hasCache()) return { ...NO_TEAM_STATUS };
    return teamStatus(this.app.db(), this.app.dataDir, this.app.settings.teamConfirmMs);
  }

  /**
   * Proves the token with the team server before anything is stored (a fresh data directory
   * stays empty when it is refused), then works in the team's workspace, carrying the solo work
   * into it (join-team.ts). A running sync follows the new workspace from then on.
   */
  async join(input: MethodInput<'team.join'>): Promise<Joined> {
    const changed = watchProjection(this.app);
    const joined = await this.app.team.aside(() =>
      joinTeam(
        () => this.app.db(),
        this.app.dataDir,
        { url: input.serverUrl, workspaceId: input.workspaceId, token: input.token },
        {
          me: () => this.app.me(),
          timeoutMs: this.app.settings.teamSyncMs,
          leaveSoloWork: input.leaveSoloWork === true,
          now: this.app.clock.now(),
        },
      ),
    );
    this.movedWorkspace(changed);
    return {
      workspaceId: joined.workspaceId,
      memberId: joined.memberId,
      role: joined.role,
      name: joined.name,
      email: joined.email,
      carried: joined.carried,
      leftBehind: joined.leftBehind,
      confirmed: joined.confirmed,
    };
  }

  /**
   * Stops working in the team workspace on this machine, keeping nothing of it (leave-team.ts):
   * refused while a sync runs on the data directory, and while changes made here never reached
   * the team server unless `dropUnconfirmed`. The data directory is in no workspace afterwards.
   */
  async leave(input: MethodInput<'team.leave'>): Promise<MethodOutput<'team.leave'>> {
    const db = this.app.db();
    const release = lockSync(this.app.dataDir, 'stop it, then leave the team');
    try {
      const changed = watchProjection(this.app);
      const left = await this.app.team.aside(() =>
        leaveTeam(db, this.app.dataDir, { dropUnconfirmed: input.dropUnconfirmed === true }),
      );
      this.movedWorkspace(changed);
      this.app.events.emit({ type: 'presence.changed', teammates: [] });
      return { workspaceId: left.workspaceId, dropped: left.dropped };
    } finally {
      release();
    }
  }

  /**
   * Drops the changes made here that the team server never accepted (after a refused token):
   * the team state here is then what the server had. Refused while a sync runs.
   */
  async discard(): Promise<MethodOutput<'team.discard'>> {
    const db = this.app.db();
    // A running sync holds the documents, and would send what is discarded here.
    const release = lockSync(this.app.dataDir, 'stop it, then discard');
    try {
      const changed = watchProjection(this.app);
      const discarded = await this.app.team.aside(() =>
        discardUnconfirmed(db, this.app.dataDir, this.app.me()),
      );
      if (discarded.updates > 0) this.movedWorkspace(changed);
      return discarded;
    } finally {
      release();
    }
  }

  /** The team's active members; none before the data directory works in a workspace. */
  async members(): Promise<TeamMember[]> {
    const members = await this.app.team.read(({ workspace }) =>
      workspace.team.members().map(({ id, name, email, role, mailboxes }) => ({
        id,
        name,
        email,
        role,
        permissions: { ...mailboxes },
        defaultPermission: DEFAULT_MAILBOX_PERMISSION[role],
      })),
    );
    return members ?? [];
  }

  /**
   * What a teammate may do with a shared mailbox (full-access, send-as, send-on-behalf, read-only,
   * no-access): an admin's call, made in the live workspace for the whole team.
   */
  async setPermission(
    input: MethodInput<'team.setPermission'>,
  ): Promise<MethodOutput<'team.setPermission'>> {
    const team = await this.app.team.live();
    const { team: directory } = team.workspace;
    const member = directory.memberByEmail(input.email);
    if (!member)
      throw new UserError('not-found', `no teammate with the address ${input.email}`, {
        field: 'email',
      });
    team.atomically(() =>
      directory.setMailboxPermission(member.id, input.mailbox, input.permission),
    );
    return {
      email: member.email,
      mailbox: input.mailbox.toLowerCase(),
      permission: input.permission,
    };
  }

  /** The tags the team defined. */
  async tags(): Promise<TagInfo[]> {
    const tags = await this.app.team.read(({ workspace }) =>
      workspace.settings.tags().map(tagInfo),
    );
    return tags ?? [];
  }

  /** A new tag (an admin's call, checked by the workspace's settings), for the whole team. */
  async defineTag(input: MethodInput<'team.defineTag'>): Promise<TagInfo> {
    const team = await this.app.team.live();
    return tagInfo(team.atomically(() => team.workspace.settings.defineTag(input)));
  }

  /** Renames or recolours a tag (an admin's call); its id, on the conversations, stays. */
  async editTag(input: MethodInput<'team.editTag'>): Promise<TagInfo> {
    const team = await this.app.team.live();
    const { settings } = team.workspace;
    const before = settings.tag(input.tag);
    const edited = team.atomically(() =>
      settings.updateTag(input.tag, {
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.color === undefined ? {} : { color: input.color }),
      }),
    );
    // The lists show tags by name: the conversations carrying it are projected again.
    if (before && before.name !== edited.name) {
      const ids = await team.projectTagNames();
      if (ids.length > 0)
        this.app.events.emit({
          type: 'conversations.changed',
          conversationIds: ids,
          source: 'local',
        });
    }
    return tagInfo(edited);
  }

  /**
   * Who else is online in the team now, and where: connects (the live workspace) to know. None
   * without a team server (no workspace yet, or solo use).
   */
  async presence(): Promise<TeammatePresence[]> {
    const team = await this.teamLive();
    return team ? presenceView(team.teammates()) : [];
  }

  /** Tells teammates which conversation is on screen here; nothing to tell without a team. */
  async setViewing(input: MethodInput<'team.setViewing'>): Promise<null> {
    const team = await this.teamLive();
    if (team)
      team
        .presence()
        ?.view(
          input.conversationId === null
            ? null
            : requireConversation(this.app.db(), input.conversationId),
        );
    return null;
  }

  /**
   * Tells teammates a reply or a note is being written here (until a few seconds from now), or
   * (`stopped`) no longer: their "is replying" goes at once rather than when it lapses.
   */
  async setTyping(input: MethodInput<'team.setTyping'>): Promise<null> {
    const team = await this.teamLive();
    const presence = team?.presence();
    const conversationId = requireConversation(this.app.db(), input.conversationId);
    if (input.stopped) presence?.stopTyping(conversationId);
    else presence?.typing(conversationId, input.kind);
    return null;
  }

  /** The live workspace, when the data directory works with a team server. */
  private async teamLive(): Promise<TeamWorkspace | undefined> {
    return this.app.team.config()?.serverUrl ? this.app.team.live() : undefined;
  }

  /** The data directory's workspace changed wholesale: what lists show, and the directory. */
  private movedWorkspace(tellChanged: () => void): void {
    tellChanged();
    for (const what of ['members', 'tags', 'workspace'] as const)
      this.app.events.emit({ type: 'team.directory', what });
  }
}
