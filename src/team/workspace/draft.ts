import type * as Y from 'yjs';
import { WorkspaceError } from './errors.js';
import type { DraftMarker } from './model.js';
import { fragmentToText, writeTextToFragment } from './plain-text.js';
import type { Team } from './team.js';

/*
 * A conversation's shared draft: its own document (room `draft-<conversationId>`), opened only
 * while someone works on it, so drafts cost nothing the rest of the time.
 *
 *   prosemirror   Y.XmlFragment: the rich text, what y-prosemirror / TipTap bind the editor to
 *                 (pass DRAFT_FRAGMENT as the fragment's name, or bind `draft.fragment`)
 *   editors       Y.Map member id → time of their last edit
 *
 * Concurrent typing merges character by character (Yjs text). Edits are attributed to the
 * acting member as they happen, whether made through `setText` or by a bound editor; the
 * conversation's state shows a draft marker with the editors, so the inbox can list drafts
 * without opening them.
 */

export const DRAFT_FRAGMENT = 'prosemirror';
const DRAFT_EDITORS = 'editors';
/** An editor's time is rewritten at most this often (each write stays in the document). */
const EDIT_STAMP_INTERVAL_MS = 60_000;
/** Marks the draft's own bookkeeping transactions, which are not edits. */
const BOOKKEEPING = Symbol('draft-bookkeeping');

export interface DraftContext {
  team: Team;
  now(): number;
  /** Keeps the conversation's draft marker in step (null: no draft). */
  setMarker(marker: DraftMarker | null): void;
  release(): void;
}

export class Draft {
  readonly fragment: Y.XmlFragment;
  private readonly editorMap: Y.Map<unknown>;
  private closed = false;
  private readonly onDeep: (
    events: Array<Y.YEvent<Y.AbstractType<unknown>>>,
    transaction: Y.Transaction,
  ) => void;

  constructor(
    readonly conversationId: string,
    readonly doc: Y.Doc,
    private readonly context: DraftContext,
  ) {
    this.fragment = doc.getXmlFragment(DRAFT_FRAGMENT);
    this.editorMap = doc.getMap<unknown>(DRAFT_EDITORS);
    this.onDeep = (_events, transaction) => {
      if (transaction.local && transaction.origin !== BOOKKEEPING) this.stampEditor();
    };
    this.fragment.observeDeep(this.onDeep);
  }

  /** The draft as plain text (one line per paragraph). */
  text(): string {
    return fragmentToText(this.fragment);
  }

  isEmpty(): boolean {
    return this.fragment.length === 0;
  }

  /** Replaces the whole draft with plain text (the CLI's way to write one). */
  setText(text: string): void {
    this.requireWritable('edit drafts');
    writeTextToFragment(this.fragment, text);
  }

  /** Who edited the draft, most recent first. */
  editors(): Array<{ memberId: string; at: number }> {
    const editors: Array<{ memberId: string; at: number }> = [];
    this.editorMap.forEach((at, memberId) => {
      if (typeof at === 'number') editors.push({ memberId, at });
    });
    return editors.sort((a, b) => b.at - a.at || (a.memberId < b.memberId ? -1 : 1));
  }

  /** Empties the draft (after sending it, or to drop it) and removes its marker. */
  discard(): void {
    this.requireWritable('discard drafts');
    this.doc.transact(() => {
      if (this.fragment.length > 0) this.fragment.delete(0, this.fragment.length);
      for (const key of [...this.editorMap.keys()]) this.editorMap.delete(key);
    }, BOOKKEEPING);
    this.context.setMarker(null);
  }

  /** Calls back on every change of the draft's text, local or remote. */
  onChange(listener: (origin: 'local' | 'remote') => void): () => void {
    const handler = (_events: unknown, transaction: Y.Transaction) =>
      listener(transaction.local ? 'local' : 'remote');
    this.fragment.observeDeep(handler);
    return () => this.fragment.unobserveDeep(handler);
  }

  /** Stops working on the draft here (its document is released); the draft itself stays. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.fragment.unobserveDeep(this.onDeep);
    this.context.release();
  }

  private stampEditor(): void {
    const me = this.context.team.actor;
    const now = this.context.now();
    const last = this.editorMap.get(me);
    if (typeof last === 'number' && now - last < EDIT_STAMP_INTERVAL_MS) return;
    this.doc.transact(() => this.editorMap.set(me, now), BOOKKEEPING);
    this.context.setMarker({
      editors: this.editors()
        .map((e) => e.memberId)
        .sort(),
      at: now,
    });
  }

  private requireWritable(what: string): void {
    if (this.closed)
      throw new WorkspaceError('closed', `the draft of ${this.conversationId} was closed`);
    this.context.team.requireWriter(what);
  }
}
