import * as Y from 'yjs';
import { UserError } from '../../errors.js';
import type { TeamWorkspace } from '../../team/client/team-workspace.js';
import type { Draft } from '../../team/workspace/index.js';
import type { AppContext } from '../app-context.js';
import { requireConversation } from '../conversation-id.js';
import type { MethodInput } from '../contract/inputs.js';
import type { DraftCaret, DraftView } from '../contract/outputs.js';
import { replyEnvelope } from '../sending/reply-envelope.js';

/**
 * The conversations' shared drafts (src/team/workspace/draft.ts) for a composer: held open
 * while it is on screen, written as plain text and fields, or by a bound rich-text editor
 * through Yjs updates; teammates see every change as it is made, offline ones when they
 * reconnect. A reply is sent from it with `outbox.reply { draft: true }`.
 */
export class DraftService {
  constructor(private readonly app: AppContext) {}

  async open(input: MethodInput<'drafts.open'>): Promise<DraftView> {
    const conversationId = this.conversation(input.conversationId);
    const draft = await this.app.drafts.hold(conversationId);
    return this.view(conversationId, draft, await this.app.team.live(), input.all ?? false);
  }

  async edit(input: MethodInput<'drafts.edit'>): Promise<DraftView> {
    const conversationId = this.conversation(input.conversationId);
    const all = input.all ?? false;
    return this.app.drafts.with(conversationId, async (draft, team) => {
      const recipients = { to: input.to, cc: input.cc, bcc: input.bcc };
      const given = Object.values(recipients).some((list) => list !== undefined);
      // The first recipients set make all three the draft's own: those not given start as the
      // reply's (a reply-all's Cc stays unless removed).
      const defaults =
        given && draft.envelope().to === null
          ? replyEnvelope(this.app.db(), team.workspace, conversationId, all)
          : undefined;
      team.atomically(() => {
        if (input.text !== undefined) draft.setText(input.text);
        draft.setEnvelope({
          ...(given
            ? {
                to: input.to ?? defaults?.to ?? draft.envelope().to ?? [],
                cc: input.cc ?? defaults?.cc ?? draft.envelope().cc ?? [],
                bcc: input.bcc ?? draft.envelope().bcc ?? [],
              }
            : {}),
          ...(input.subject === undefined ? {} : { subject: input.subject }),
        });
      });
      // Teammates get it now, or (offline) with the next connection.
      await team.session.confirmed(this.app.settings.teamConfirmMs).catch(() => false);
      return this.view(conversationId, draft, team, all);
    });
  }

  async update(input: MethodInput<'drafts.update'>): Promise<null> {
    const conversationId = this.conversation(input.conversationId);
    const bytes = Buffer.from(input.update, 'base64');
    await this.app.drafts.with(conversationId, (draft, team) => {
      team.workspace.team.requireWriter('edit drafts');
      try {
        // This member's edit (stamped as drafts.edit's are), not a teammate's.
        draft.applyEdit(bytes);
      } catch {
        throw new UserError('invalid', 'not an update of a draft', { field: 'update' });
      }
    });
    return null;
  }

  /** Shows this agent's caret in the draft to teammates; answers with theirs. */
  async awareness(input: MethodInput<'drafts.awareness'>): Promise<DraftCaret[]> {
    return this.app.drafts.caret(this.conversation(input.conversationId), input.caret);
  }

  close(input: MethodInput<'drafts.close'>): null {
    this.app.drafts.release(this.conversation(input.conversationId));
    return null;
  }

  async discard(input: MethodInput<'drafts.discard'>): Promise<null> {
    const conversationId = this.conversation(input.conversationId);
    await this.app.drafts.with(conversationId, (draft) => draft.discard());
    return null;
  }

  private conversation(id: string): string {
    return requireConversation(this.app.db(), id);
  }

  private view(conversationId: string, draft: Draft, team: TeamWorkspace, all: boolean): DraftView {
    const envelope = draft.envelope();
    const reply = replyEnvelope(this.app.db(), team.workspace, conversationId, all);
    const started = draft.startedAt();
    return {
      conversationId,
      text: draft.text(),
      to: envelope.to ?? reply.to,
      cc: envelope.cc ?? reply.cc,
      bcc: envelope.bcc ?? [],
      subject: envelope.subject ?? reply.subject,
      editors: draft.editors().flatMap(({ memberId, at }) => {
        const member = team.workspace.team.member(memberId);
        return member
          ? [
              {
                id: member.id,
                name: member.name,
                email: member.email,
                at: new Date(at).toISOString(),
              },
            ]
          : [];
      }),
      startedAt: started === null ? null : new Date(started).toISOString(),
      state: Buffer.from(Y.encodeStateAsUpdate(draft.doc)).toString('base64'),
    };
  }
}
