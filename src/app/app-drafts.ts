import type * as Y from 'yjs';
import { madeHere, type Draft, type DraftEnvelope } from '../team/workspace/index.js';
import type { Awareness } from 'y-protocols/awareness';
import type { TeamWorkspace } from '../team/client/team-workspace.js';
import { draftRoomFor } from '../team/workspace/index.js';
import type { AppContext } from './app-context.js';
import { announceCaret, caretsIn, watchCarets, withdrawCaret } from './draft-awareness.js';
import type { DraftCaret, DraftCaretPosition } from './contract/outputs.js';

/** A draft a front end has open (its composer on screen), telling its changes as events. */
interface Held {
  draft: Draft;
  /** Its room's presence on the team server (none offline): where carets travel. */
  awareness: Awareness | undefined;
  stop: () => void;
}

/** A draft as it is now: what a reply from it sends, and what undoing that send puts back. */
export interface DraftContent extends DraftEnvelope {
  text: string;
  startedAt: number | null;
}

/**
 * The conversations' shared drafts this app works on (src/team/workspace/draft.ts): one held
 * open while a front end shows its composer (`hold` … `release`), every change of it, made here
 * or by a teammate, told as a `draft.changed` event carrying the Yjs update, so a bound editor
 * stays in step; any other use opens the draft for one call and closes it after. A draft left
 * blank when it closes (sent, discarded) is forgotten on this machine once the server has it.
 */
export class AppDrafts {
  private readonly held = new Map<string, Held>();
  /** Calls working on a draft now (`with`): the last one out closes it, unless it is held. */
  private readonly users = new Map<string, number>();

  constructor(private readonly app: AppContext) {}

  /** The draft, kept open until `release` (or the application closes). */
  async hold(conversationId: string): Promise<Draft> {
    const current = this.held.get(conversationId);
    if (current?.draft.isOpen()) return current.draft;
    current?.stop();
    const team = await this.app.team.live();
    const draft = await team.workspace.openDraft(conversationId);
    const onUpdate = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) =>
      this.app.events.emit({
        type: 'draft.changed',
        conversationId,
        origin: madeHere(tr) ? 'local' : 'remote',
        update: Buffer.from(update).toString('base64'),
      });
    draft.doc.on('update', onUpdate);
    const awareness = team.session.link(
      draftRoomFor(team.workspace.workspaceId, conversationId),
    )?.awareness;
    const stopCarets = awareness
      ? watchCarets(awareness, conversationId, this.app.events)
      : () => undefined;
    this.held.set(conversationId, {
      draft,
      awareness,
      stop: () => {
        draft.doc.off('update', onUpdate);
        stopCarets();
        if (awareness) withdrawCaret(awareness);
      },
    });
    return draft;
  }

  /**
   * Shows this agent's caret in the held draft to teammates who have it open (null: none), and
   * answers with theirs. Nothing to show without the draft held, or offline.
   */
  async caret(conversationId: string, caret: DraftCaretPosition | null): Promise<DraftCaret[]> {
    const held = this.held.get(conversationId);
    if (!held?.draft.isOpen() || !held.awareness) return [];
    const team = await this.app.team.live();
    const { actor } = team.workspace;
    const me = team.workspace.team.member(actor);
    announceCaret(
      held.awareness,
      { id: actor, name: me?.name ?? actor, email: me?.email ?? '' },
      caret,
    );
    return caretsIn(held.awareness);
  }

  /** Done showing it: closed unless a call is working on it. */
  release(conversationId: string): void {
    const held = this.held.get(conversationId);
    if (!held) return;
    this.held.delete(conversationId);
    held.stop();
    held.draft.close();
  }

  /** Runs `work` on the draft: the held one, or one opened for this call and closed after. */
  async with<T>(
    conversationId: string,
    work: (draft: Draft, team: TeamWorkspace) => T | Promise<T>,
  ): Promise<T> {
    const team = await this.app.team.live();
    const held = this.held.get(conversationId);
    if (held?.draft.isOpen()) return work(held.draft, team);
    // The workspace hands out one instance per conversation: concurrent calls share it.
    this.users.set(conversationId, (this.users.get(conversationId) ?? 0) + 1);
    let draft: Draft | undefined;
    try {
      draft = await team.workspace.openDraft(conversationId);
      return await work(draft, team);
    } finally {
      const left = (this.users.get(conversationId) ?? 1) - 1;
      if (left > 0) this.users.set(conversationId, left);
      else this.users.delete(conversationId);
      // Held meanwhile (a front end opened its composer during `work`): kept open.
      if (left === 0 && !this.held.has(conversationId)) draft?.close();
    }
  }

  /**
   * Waits (`ms` at most; not offline) until the draft has what the team server has of it: one
   * opened for a call may miss a teammate's latest change, which a write based on what it holds
   * (undo send putting the text back into a blank draft) must not race.
   */
  async caughtUp(team: TeamWorkspace, conversationId: string, ms: number): Promise<void> {
    const link = team.session.link(draftRoomFor(team.workspace.workspaceId, conversationId));
    await link?.whenSynced(ms).catch(() => undefined);
  }

  /** What the draft holds now. */
  content(draft: Draft): DraftContent {
    return { text: draft.text(), ...draft.envelope(), startedAt: draft.startedAt() };
  }

  close(): void {
    for (const conversationId of [...this.held.keys()]) this.release(conversationId);
  }
}
