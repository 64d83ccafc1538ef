import * as Y from 'yjs';
import { WorkspaceError } from './errors.js';
import type { DraftEnvelope, DraftMarker, DraftRecipient, RecipientKind } from './model.js';
import { fragmentToText, writeTextToFragment } from './plain-text.js';
import type { Team } from './team.js';

/*
 * A conversation's shared draft: its own document (room `draft-<conversationId>`), opened only
 * while someone works on it, so drafts cost nothing the rest of the time.
 *
 *   prosemirror   Y.XmlFragment: the rich text, what y-prosemirror / TipTap bind the editor to
 *                 (pass DRAFT_FRAGMENT as the fragment's name, or bind `draft.fragment`)
 *   editors       Y.Map member id → time of their last edit
 *   to, cc, bcc   Y.Array of { address, name? }: the recipients, in the order added; read as a set
 *                 (an address twice, added by two teammates at once, is listed once). An array,
 *                 not a map by address: a map keeps a deleted key's name in the document
 *                 forever, and a sent draft must keep none of its recipients.
 *   fields        Y.Map: `subject` (a string, the last one set wins), `startedAt` (when the draft
 *                 got its first content: what the collision guard asks "since when" of)
 *
 * Concurrent typing merges character by character (Yjs text). Edits are attributed to the
 * acting member as they happen, whether made through `setText` or by a bound editor; the
 * conversation's state shows a draft marker with the editors, so the inbox can list drafts
 * without opening them.
 */

export const DRAFT_FRAGMENT = 'prosemirror';
const DRAFT_EDITORS = 'editors';
const DRAFT_FIELDS = 'fields';
export const RECIPIENT_KINDS = ['to', 'cc', 'bcc'] as const;
/** An editor's time is rewritten at most this often (each write stays in the document). */
const EDIT_STAMP_INTERVAL_MS = 60_000;
/** Marks the draft's own bookkeeping transactions, which are not edits. */
const BOOKKEEPING = Symbol('draft-bookkeeping');
/**
 * Marks a change a bound editor of this app made (`applyEdit`). Yjs applies any update as
 * remote (`transaction.local` is forced false, even inside a local transaction), so without
 * this mark an agent typing in a bound editor would never be stamped as an editor.
 */
const BOUND_EDIT = Symbol('draft-bound-edit');

/** Whether a transaction of a draft's document is an edit made here (not a teammate's). */
export function madeHere(transaction: Y.Transaction): boolean {
  return transaction.local || transaction.origin === BOUND_EDIT;
}

export interface DraftContext {
  team: Team;
  now(): number;
  /** Keeps the conversation's draft marker in step (null: no draft). */
  setMarker(marker: DraftMarker | null): void;
  /** Done with the draft's document; `blank`: it holds nothing (sent or discarded). */
  release(blank: boolean): void;
}

export class Draft {
  readonly fragment: Y.XmlFragment;
  private readonly editorMap: Y.Map<unknown>;
  private readonly fieldMap: Y.Map<unknown>;
  private readonly recipientLists: Record<RecipientKind, Y.Array<unknown>>;
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
    this.fieldMap = doc.getMap<unknown>(DRAFT_FIELDS);
    this.recipientLists = {
      to: doc.getArray<unknown>('to'),
      cc: doc.getArray<unknown>('cc'),
      bcc: doc.getArray<unknown>('bcc'),
    };
    this.onDeep = (_events, transaction) => {
      if (madeHere(transaction) && transaction.origin !== BOOKKEEPING) this.stampEditor();
    };
    for (const type of this.contentTypes()) type.observeDeep(this.onDeep);
  }

  /** The draft as plain text (one line per paragraph). */
  text(): string {
    return fragmentToText(this.fragment);
  }

  /**
   * No text (recipients and a subject alone are what opening a reply fills in). Empty paragraphs
   * are none: an editor bound to an emptied draft (sent, discarded) writes one back, as
   * ProseMirror's document always holds a paragraph.
   */
  isEmpty(): boolean {
    return this.fragment.length === 0 || this.text().trim() === '';
  }

  /** Nothing at all: no text, no recipients, no subject (a discarded or never used draft). */
  isBlank(): boolean {
    return (
      this.isEmpty() &&
      this.fieldMap.get('subject') === undefined &&
      this.fieldMap.get('recipients') === undefined &&
      RECIPIENT_KINDS.every((kind) => this.recipientLists[kind].length === 0)
    );
  }

  /** The recipients and the subject (null: not set, the reply's own apply). */
  envelope(): DraftEnvelope {
    const subject = this.fieldMap.get('subject');
    const set = this.fieldMap.get('recipients') === true;
    return {
      to: set ? this.recipients('to') : null,
      cc: set ? this.recipients('cc') : null,
      bcc: set ? this.recipients('bcc') : null,
      subject: typeof subject === 'string' ? subject : null,
    };
  }

  /** When the draft got its first content, null while it has none. */
  startedAt(): number | null {
    const at = this.fieldMap.get('startedAt');
    return typeof at === 'number' ? at : null;
  }

  /**
   * Sets some of the recipients and the subject, in one change. A recipient list given replaces
   * that list: addresses no longer in it are removed, new ones added, kept ones keep their place.
   * From the first list given on, the draft's recipients are its own (a list never given is
   * empty), where before the reply's applied: an agent who removed a Cc meant it.
   */
  setEnvelope(changes: Partial<DraftEnvelope>): void {
    this.requireWritable('edit drafts');
    this.doc.transact(() => {
      for (const kind of RECIPIENT_KINDS) {
        const wanted = changes[kind];
        if (!wanted) continue;
        this.replaceRecipients(kind, wanted);
        if (this.fieldMap.get('recipients') !== true) this.fieldMap.set('recipients', true);
      }
      if (changes.subject !== undefined) {
        if (changes.subject === null) this.fieldMap.delete('subject');
        else if (this.fieldMap.get('subject') !== changes.subject)
          this.fieldMap.set('subject', changes.subject);
      }
    });
  }

  /** Replaces the whole draft with plain text (the CLI's way to write one). */
  setText(text: string): void {
    this.requireWritable('edit drafts');
    writeTextToFragment(this.fragment, text);
  }

  /**
   * Applies a change a bound editor made here (its copy of the document: a Yjs update): this
   * member's edit, stamped as `setText`'s are. Throws what Yjs throws for bytes that are not one.
   */
  applyEdit(update: Uint8Array): void {
    this.requireWritable('edit drafts');
    Y.applyUpdate(this.doc, update, BOUND_EDIT);
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
      for (const map of [this.editorMap, this.fieldMap])
        for (const key of [...map.keys()]) map.delete(key);
      for (const list of Object.values(this.recipientLists))
        if (list.length > 0) list.delete(0, list.length);
    }, BOOKKEEPING);
    this.context.setMarker(null);
  }

  /** Calls back on every change of the draft's text, recipients or subject, local or remote. */
  onChange(listener: (origin: 'local' | 'remote') => void): () => void {
    const handler = (_events: unknown, transaction: Y.Transaction) =>
      listener(madeHere(transaction) ? 'local' : 'remote');
    const types = this.contentTypes();
    for (const type of types) type.observeDeep(handler);
    return () => {
      for (const type of types) type.unobserveDeep(handler);
    };
  }

  /** Whether it can still be read and edited here (not closed, nor its workspace). */
  isOpen(): boolean {
    return !this.closed;
  }

  /** Stops working on the draft here (its document is released); the draft itself stays. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const type of this.contentTypes()) type.unobserveDeep(this.onDeep);
    this.context.release(this.isBlank());
  }

  /** What an edit changes (the editors map is bookkeeping). */
  private contentTypes(): Array<Y.XmlFragment | Y.Map<unknown> | Y.Array<unknown>> {
    return [this.fragment, this.fieldMap, ...Object.values(this.recipientLists)];
  }

  /** The list, each address once (the first entry of it wins), case aside. */
  private recipients(kind: RecipientKind): DraftRecipient[] {
    const seen = new Set<string>();
    const found: DraftRecipient[] = [];
    for (const value of this.recipientLists[kind].toArray()) {
      const recipient = asRecipient(value);
      if (!recipient || seen.has(recipient.address.toLowerCase())) continue;
      seen.add(recipient.address.toLowerCase());
      found.push(recipient);
    }
    return found;
  }

  /** Makes the list say `wanted`: entries kept where they are, removed ones deleted, new ones appended. */
  private replaceRecipients(kind: RecipientKind, wanted: readonly DraftRecipient[]): void {
    const list = this.recipientLists[kind];
    const key = (r: DraftRecipient) => `${r.address.toLowerCase()}\n${r.name ?? ''}`;
    const keep = new Map(wanted.map((r) => [r.address.toLowerCase(), r]));
    const entries = list.toArray().map(asRecipient);
    const kept = new Set<string>();
    // From the end, so the indexes still to visit stay valid.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const entry = entries[index];
      const want = entry && keep.get(entry.address.toLowerCase());
      if (entry && want && key(want) === key(entry) && !kept.has(key(entry))) kept.add(key(entry));
      else list.delete(index, 1);
    }
    const added = [...keep.values()].filter((r) => !kept.has(key(r)));
    if (added.length > 0)
      list.push(
        added.map((r) => (r.name ? { address: r.address, name: r.name } : { address: r.address })),
      );
  }

  private stampEditor(): void {
    // A change that leaves nothing (an editor's empty paragraph in an emptied draft) is no one's
    // writing: no co-writer, no start.
    if (this.isBlank()) return;
    const me = this.context.team.actor;
    const now = this.context.now();
    if (this.startedAt() === null && !this.isBlank())
      this.doc.transact(() => this.fieldMap.set('startedAt', now), BOOKKEEPING);
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

function asRecipient(value: unknown): DraftRecipient | null {
  if (typeof value !== 'object' || value === null) return null;
  const { address, name } = value as Record<string, unknown>;
  if (typeof address !== 'string') return null;
  return typeof name === 'string' && name ? { address, name } : { address };
}
