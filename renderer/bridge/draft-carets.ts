import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import type { DraftCaret, DraftCaretPosition, RelativePositionJson } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import { onEvents } from './link-events.js';
import type { Schedule } from './draft-binding.js';

/*
 * Teammates' carets in the page's copy of a shared draft. The page's editor draws them with
 * Tiptap's CollaborationCaret (y-prosemirror's cursor plugin), which reads a y-protocols
 * Awareness: this is one, local to the page, kept as the app says (drafts.awareness answers,
 * draft.awareness events: each teammate's caret as Yjs relative positions, valid in this copy
 * too). The editor's own selection, which the plugin writes into it as `cursor`, goes to the app
 * (drafts.awareness), once per frame at most, and from there to teammates with the draft open.
 * The app's awareness is the one that drops a teammate gone quiet: the page's own timeout is off.
 */

/**
 * A teammate's caret as the cursor plugin reads it: `user` to draw (the editor draws it in a
 * tone of its own per member `id`; `color` is only what the plugin checks is there), `cursor`
 * where.
 */
interface MirroredState {
  user: { name: string; color: string; id: string };
  cursor: DraftCaretPosition;
}

const PLUGIN_COLOR = '#808080';

export class DraftCarets {
  readonly awareness: Awareness;
  private shown = new Set<number>();
  private told: string | undefined;
  private scheduled = false;
  private stops: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly link: AppLink,
    private readonly conversationId: string,
    doc: Y.Doc,
    private readonly schedule: Schedule,
  ) {
    this.awareness = new Awareness(doc);
    // Teammates leave when the app says so, not after 30 s without an event here.
    clearInterval(this.awareness._checkInterval as ReturnType<typeof setInterval>);
    this.awareness.on('change', this.onChange);
  }

  /** Follows the app's carets of the draft from now on, and takes those there now. */
  start(): void {
    this.stops.push(
      onEvents(this.link, ['draft.awareness'], (event) => {
        if (event.conversationId === this.conversationId) this.mirror(event.carets);
      }),
    );
    this.tell();
  }

  /** The draft was opened again (the link came back): ours said again, theirs taken again. */
  retell(): void {
    this.told = undefined;
    this.tell();
  }

  /** Done (the composer closed): the app withdraws the caret when it lets the draft go. */
  stop(): void {
    this.closed = true;
    for (const stop of this.stops.splice(0)) stop();
    this.awareness.off('change', this.onChange);
    this.awareness.destroy();
  }

  /** The page's own state changed: its caret goes to the app, once per frame at most. */
  private readonly onChange = (_changes: unknown, origin: unknown): void => {
    if (origin !== 'local' || this.scheduled || this.closed) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.tell();
    });
  };

  private tell(): void {
    if (this.closed) return;
    const caret = caretOf(this.awareness.getLocalState());
    const said = JSON.stringify(caret);
    if (said === this.told) return;
    this.told = said;
    this.link.call('drafts.awareness', { conversationId: this.conversationId, caret }).then(
      (carets) => this.mirror(carets),
      () => {
        // Offline: said again when the link is back.
        this.told = undefined;
      },
    );
  }

  /** Makes the page's awareness hold exactly these teammates' carets. */
  private mirror(carets: readonly DraftCaret[]): void {
    if (this.closed) return;
    const { states, meta } = this.awareness;
    const now = Date.now();
    const added: number[] = [];
    const updated: number[] = [];
    const present = new Set<number>();
    for (const caret of carets) {
      if (caret.clientId === this.awareness.clientID) continue;
      present.add(caret.clientId);
      const state: MirroredState = {
        user: { name: caret.member.name, color: PLUGIN_COLOR, id: caret.member.id },
        cursor: { anchor: caret.anchor, head: caret.head },
      };
      const before = states.get(caret.clientId);
      if (before && JSON.stringify(before) === JSON.stringify(state)) continue;
      (this.shown.has(caret.clientId) ? updated : added).push(caret.clientId);
      states.set(caret.clientId, state);
      meta.set(caret.clientId, {
        clock: (meta.get(caret.clientId)?.clock ?? 0) + 1,
        lastUpdated: now,
      });
    }
    const removed = [...this.shown].filter((clientId) => !present.has(clientId));
    for (const clientId of removed) {
      states.delete(clientId);
      meta.delete(clientId);
    }
    this.shown = present;
    if (added.length + updated.length + removed.length === 0) return;
    this.awareness.emit('change', [{ added, updated, removed }, 'app']);
    this.awareness.emit('update', [{ added, updated, removed }, 'app']);
  }
}

/** The editor's selection, as the cursor plugin wrote it (null: not focused). */
function caretOf(state: Record<string, unknown> | null): DraftCaretPosition | null {
  const cursor = state?.['cursor'] as { anchor?: unknown; head?: unknown } | null | undefined;
  if (!cursor?.anchor || !cursor.head) return null;
  return { anchor: positionJson(cursor.anchor), head: positionJson(cursor.head) };
}

/** A relative position as plain JSON (the plugin holds Y.RelativePosition instances). */
function positionJson(position: unknown): RelativePositionJson {
  return Y.relativePositionToJSON(position as Y.RelativePosition) as RelativePositionJson;
}
