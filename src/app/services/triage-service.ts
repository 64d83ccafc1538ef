import { isUserError, UserError } from '../../errors.js';
import { changeNotAccepted } from '../../team/client/not-accepted.js';
import type { ConversationEdit, Workspace } from '../../team/workspace/index.js';
import type { AppContext } from '../app-context.js';
import { requireConversation } from '../conversation-id.js';
import type { MethodInput } from '../contract/inputs.js';
import type { Note, TriageResult } from '../contract/outputs.js';
import { noteView } from './mail-service.js';

/** A call's edits, planned against the workspace, and what to say once they are made. */
type Plan = (workspace: Workspace) => {
  edits: ConversationEdit[];
  done: (notes: Note[]) => string;
};

/**
 * Team triage: assign, status, tags, notes. Every change is made as this app's member (the
 * workspace's actor, from the data directory's team config; no call names anyone else), in the
 * live workspace (team-access.ts), offline too:
 *
 * - the call's edits are checked first, all of them (roles, members, tags), then made together
 *   and stored in the replica and the projection in one transaction of the cache, or none is
 *   (Conversation.apply inside TeamWorkspace.atomically);
 * - then the call waits, up to `teamConfirmMs`, for the team server to hold them: `confirmed`,
 *   or `queued` when it cannot be reached (the change goes out with the next connection), or
 *   `solo` with no team server; a refused token fails the call with `token-refused`, the change
 *   kept here but not accepted (not-accepted.ts).
 *
 * Its `conversations.changed` (source `local`) is told by the live workspace's events once the
 * change is stored (team-events.ts), before the wait.
 */
export class TriageService {
  constructor(private readonly app: AppContext) {}

  assign(input: MethodInput<'triage.assign'>): Promise<TriageResult> {
    const { to } = input;
    return this.result(
      input.conversationId,
      to === 'none'
        ? () => ({ edits: [{ kind: 'assign', member: null }], done: () => 'unassigned' })
        : (workspace) => {
            const member =
              to === 'me'
                ? workspace.team.member(workspace.actor)
                : workspace.team.memberByEmail(to.email);
            if (!member)
              throw to === 'me'
                ? new UserError(
                    'not-member',
                    `this app's member (${workspace.actor}) is not in the team's directory`,
                  )
                : new UserError('not-found', `no teammate with the address ${to.email}`, {
                    field: 'to.email',
                  });
            return {
              edits: [{ kind: 'assign', member: member.id }],
              done: () => `assigned to ${member.email}`,
            };
          },
    );
  }

  setStatus(input: MethodInput<'triage.setStatus'>): Promise<TriageResult> {
    const { status } = input;
    const until = input.snoozedUntil === undefined ? undefined : Date.parse(input.snoozedUntil);
    const edit: ConversationEdit = {
      kind: 'status',
      status,
      ...(until === undefined ? {} : { snoozedUntil: until }),
    };
    const said = `status ${status}${until === undefined ? '' : ` until ${new Date(until).toISOString()}`}`;
    return this.result(input.conversationId, () => ({ edits: [edit], done: () => said }));
  }

  /** A tag nobody defined yet is defined on the way by an admin, with the workspace's color. */
  tag(input: MethodInput<'triage.tag'>): Promise<TriageResult> {
    const add = input.add ?? [];
    const remove = input.remove ?? [];
    const edits: ConversationEdit[] = [
      ...add.map((name): ConversationEdit => ({
        kind: 'tag',
        tag: { name, define: {} },
        on: true,
      })),
      ...remove.map((name): ConversationEdit => ({ kind: 'tag', tag: { name }, on: false })),
    ];
    const said = `tags ${[...add.map((name) => `+${name}`), ...remove.map((name) => `-${name}`)].join(' ')}`;
    return this.result(input.conversationId, () => ({ edits, done: () => said }));
  }

  /** The note as written, its `@email` mentions the teammates' addresses. */
  async note(input: MethodInput<'triage.note'>): Promise<TriageResult & { note: Note }> {
    const { result, notes } = await this.change(input.conversationId, () => ({
      edits: [{ kind: 'note', text: input.text }],
      done: ([note]) => {
        const mentioned = note?.mentions ?? [];
        return `note added${mentioned.length ? ` (mentions ${mentioned.join(', ')})` : ''}`;
      },
    }));
    return { ...result, note: notes[0]! };
  }

  private async result(rawId: string, plan: Plan): Promise<TriageResult> {
    return (await this.change(rawId, plan)).result;
  }

  /** Makes a call's edits, all or none, and waits for the team server to hold them. */
  private async change(
    rawId: string,
    plan: Plan,
  ): Promise<{ result: TriageResult; notes: Note[] }> {
    const conversationId = requireConversation(this.app.db(), rawId);
    const team = await this.app.team.live();
    const { workspace, session } = team;
    const conversation = await workspace.conversation(conversationId);
    const { edits, done } = plan(workspace);
    const written = team.atomically(() => conversation.apply(edits));
    team.project([conversation.state()]);
    const notes = written.map((note) => noteView(workspace, note));
    const said = done(notes);
    // Unreachable: queued. Refused: kept but not accepted, and said at once.
    const confirmed = await session
      .confirmed(this.app.settings.teamConfirmMs)
      .catch((error: unknown) => {
        if (isUserError(error, 'token-refused')) throw changeNotAccepted(error, said);
        return false;
      });
    const delivery = session.solo ? 'solo' : confirmed ? 'confirmed' : 'queued';
    return { result: { conversationId, done: said, delivery }, notes };
  }
}
