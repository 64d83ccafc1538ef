import * as Y from 'yjs';
import type { DraftView } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import { fromBase64, toBase64 } from './base64.js';
import { DraftCarets } from './draft-carets.js';
import { onReconnect } from './link-events.js';

/**
 * The name of the draft's rich text in its Yjs document: src/team/workspace/draft.ts
 * (DRAFT_FRAGMENT), which the app reads the text to send from. Written out here because the
 * renderer may import only types and src/app/index.ts's constants from the core.
 */
export const DRAFT_FRAGMENT = 'prosemirror';

/** Marks a change the app told us of: applied to the page's document, never sent back. */
const FROM_APP = Symbol('from-app');

/** When the updates gathered since the last flush go out: once per frame in a browser. */
export type Schedule = (flush: () => void) => void;

const nextFrame: Schedule = (flush) => {
  requestAnimationFrame(() => flush());
};

/**
 * The draft's other parts in its document (src/team/workspace/draft.ts): the recipients, the
 * subject (`fields`) and who wrote (`editors`). The page reads them through the app (drafts.open
 * says them as the composer shows them); a change to one is its cue.
 */
const ENVELOPE_ARRAYS = ['to', 'cc', 'bcc'] as const;
const ENVELOPE_MAPS = ['fields', 'editors'] as const;

export interface DraftBindingOptions {
  /** Reply-all: until the draft has recipients of its own, the reply-all's are shown. */
  all?: boolean;
  schedule?: Schedule;
  /** The draft as the app shows it again, after the link came back (its recipients may differ). */
  onReopened?: (view: DraftView) => void;
  /** An update the app refused (a viewer may not edit drafts): said to the user. */
  onError?: (error: unknown) => void;
  /** The recipients, the subject or the editors changed (a teammate's edit): read them again. */
  onEnvelopeChanged?: () => void;
}

/**
 * The page's copy of a conversation's shared draft (the app's, src/app/app-drafts.ts), which a
 * bound editor (Tiptap's Collaboration) edits: the state `drafts.open` gives is applied first;
 * every change the app tells (`draft.changed`: a teammate's, or the app's own such as a send
 * emptying it) is applied as it comes; every change made here goes back as `drafts.update`,
 * gathered per frame (a burst of keystrokes is one call). Yjs merges in any order and ignores
 * what it already has, so the echo of our own updates is harmless. A document per opening: a
 * draft closed and forgotten may come back as another document, which an old copy must not feed.
 */
export class DraftBinding {
  readonly doc = new Y.Doc();
  /**
   * When this agent opened the draft: the collision guard asks "since when" of the earlier of it
   * and the draft's own start (a draft a teammate's send emptied began, for this agent, before).
   */
  readonly openedAt = new Date();
  private pending: Uint8Array[] = [];
  private scheduled = false;
  /** The updates in flight, in order: each call waits for the one before it. */
  private sending: Promise<void> = Promise.resolve();
  /** An update could not be sent (the link was down): the whole state goes when it is back. */
  private unsent = false;
  private stops: Array<() => void> = [];
  private closed = false;
  private emptied = 0;
  private readonly emptiedListeners = new Set<() => void>();
  /** Teammates' carets in this copy, and this editor's, told through the app. */
  readonly carets: DraftCarets;

  constructor(
    private readonly link: AppLink,
    readonly conversationId: string,
    private readonly options: DraftBindingOptions = {},
  ) {
    this.carets = new DraftCarets(link, conversationId, this.doc, options.schedule ?? nextFrame);
    const envelopeChanged = () => {
      if (!this.closed) this.options.onEnvelopeChanged?.();
    };
    for (const name of ENVELOPE_ARRAYS) this.doc.getArray(name).observe(envelopeChanged);
    for (const name of ENVELOPE_MAPS) this.doc.getMap(name).observe(envelopeChanged);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_APP || this.closed) return;
      this.pending.push(update);
      if (this.scheduled) return;
      this.scheduled = true;
      (this.options.schedule ?? nextFrame)(() => void this.flush());
    });
  }

  /** The rich text a bound editor edits. */
  get fragment(): Y.XmlFragment {
    return this.doc.getXmlFragment(DRAFT_FRAGMENT);
  }

  /** Holds the draft open in the app and takes its state; its changes flow from now on. */
  async open(): Promise<DraftView> {
    this.stops.push(
      this.link.onEvent((event) => {
        if (event.type === 'draft.changed' && event.conversationId === this.conversationId)
          this.apply(event.update);
      }),
      // Events of a time offline are not replayed: take the draft again, give ours again.
      onReconnect(this.link, () => void this.reopen()),
    );
    const view = await this.take();
    this.carets.start();
    return view;
  }

  /** Sends what was changed here and not sent yet; resolves once the app has it. */
  flush(): Promise<void> {
    this.scheduled = false;
    if (this.pending.length === 0) return this.sending;
    const update = Y.mergeUpdates(this.pending.splice(0));
    return this.send(update);
  }

  /** Done: what is left goes, the app stops holding the draft (it stays, for the team). */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch(() => undefined);
    this.closed = true;
    for (const stop of this.stops.splice(0)) stop();
    this.carets.stop();
    await this.link.call('drafts.close', { conversationId: this.conversationId }).catch(() => {
      // Offline: the app's hold ends with its page anyway.
    });
    this.doc.destroy();
  }

  /** The draft as the app shows it now (its recipients and subject, who wrote in it). */
  async view(): Promise<DraftView> {
    return this.take();
  }

  private async take(): Promise<DraftView> {
    const view = await this.link.call('drafts.open', {
      conversationId: this.conversationId,
      ...(this.options.all ? { all: true } : {}),
    });
    this.apply(view.state);
    return view;
  }

  private async reopen(): Promise<void> {
    try {
      const view = await this.take();
      this.carets.retell();
      if (this.unsent) {
        this.unsent = false;
        await this.send(Y.encodeStateAsUpdate(this.doc));
      }
      this.options.onReopened?.(view);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private send(update: Uint8Array): Promise<void> {
    const conversationId = this.conversationId;
    this.sending = this.sending.then(() =>
      this.link.call('drafts.update', { conversationId, update: toBase64(update) }).then(
        () => undefined,
        (error: unknown) => {
          this.unsent = true;
          if (this.link.state === 'online') this.options.onError?.(error);
        },
      ),
    );
    return this.sending;
  }

  private apply(update: string): void {
    if (this.closed) return;
    const had = this.fragment.length > 0;
    Y.applyUpdate(this.doc, fromBase64(update), FROM_APP);
    if (!had || this.fragment.length > 0) return;
    this.emptied += 1;
    for (const listener of [...this.emptiedListeners]) listener();
  }

  /**
   * How many times the app emptied the draft (sent, discarded) under this page. An editor bound
   * to it then starts afresh: ProseMirror's document always holds a paragraph, which an editor
   * that ever had content writes back into an empty draft at its next update, each open editor
   * its own, and the draft would collect empty lines.
   */
  get emptiedTimes(): number {
    return this.emptied;
  }

  onEmptied(listener: () => void): () => void {
    this.emptiedListeners.add(listener);
    return () => this.emptiedListeners.delete(listener);
  }
}
