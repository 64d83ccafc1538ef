import type { ConversationMessage, ConversationView } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import { contactOf } from '../screens/conversation/model/contact.js';
import { useContactStore } from '../stores/contact-store.js';
import { useConversationStore } from '../stores/conversation-store.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { useMessageContentStore } from '../stores/message-content-store.js';
import { useWorkspaceStore } from '../stores/workspace-store.js';
import { afterFrame } from './after-frame.js';
import { isUnreachable, messageOf, onEvents, onReconnect, stopAll } from './link-events.js';
import { createReloader } from './reloader.js';

/** How many of the contact's other conversations the right panel lists. */
const PREVIOUS_LIMIT = 20;

/** Conversations read ahead and not opened yet, kept at most (the rows the cursor rested on). */
const AHEAD_KEPT = 8;

/** A message whose text the sync has not brought yet (a folded one's is left out on purpose). */
const textMissing = (message: ConversationMessage) => message.text === null && !message.folded;

/** The running bridge's loaders, for a screen's "Try again" and its messages' HTML. */
let active: { now: () => void; content: (messageId: number) => void } | null = null;

/** Loads the open conversation again (the "Try again" of a failed load). */
export function reloadConversation(): void {
  active?.now();
}

/**
 * Asks the app for a message of the open conversation in full (mail.message: its HTML, read
 * from the data directory or the mail server), once; its answer, or why there is none, goes
 * into the message content store. A page without the app (the preview) asks nothing.
 */
export function loadMessageContent(messageId: number): void {
  active?.content(messageId);
}

/**
 * The open conversation's wiring: opening one in the list (the conversations store's `openId`)
 * loads it into the conversation store; the app's change events for it (new mail, a teammate's
 * note or triage, a reply on its way out) load it again, as does the link coming back (the events
 * of a time offline are not replayed). Opening it marks it read, as Front does; its contact's
 * other conversations fill the contact store. (Telling teammates what is open is the presence
 * bridge's.) Returns what stops it.
 */
export function startConversationBridge(link: AppLink): () => void {
  const store = useConversationStore;
  /** Bumped at each opening: an answer for an earlier one is dropped. */
  let generation = 0;
  /** The conversation marked read last, with how many messages it had then. */
  let markedRead: { id: string; messages: number } | null = null;

  const markRead = (view: ConversationView) => {
    if (!view.messages.some((message) => message.unread)) return;
    // Once on opening, and again only for mail that arrives while it is open: a reader who marks
    // it unread on purpose is not overruled by the next reload.
    if (markedRead?.id === view.id && view.messages.length <= markedRead.messages) return;
    markedRead = { id: view.id, messages: view.messages.length };
    store.getState().markRead();
    // Told the app after the conversation's frame: its answer (the list and the counts loaded
    // again, the conversation too) would otherwise be handled before that frame is painted.
    const marked = markedRead;
    afterFrame(() => {
      link.call('mail.mark', { conversationId: view.id, action: 'read' }).catch(() => {
        // Shown as read here, not done there: the next load shows it unread again, and retries.
        if (markedRead === marked) markedRead = null;
      });
    });
  };

  const showContact = (view: ConversationView) => {
    const { mailboxes, teammates } = useWorkspaceStore.getState();
    const ours = [...mailboxes.map((m) => m.email), ...teammates.map((m) => m.email)];
    const contact = contactOf(view, ours);
    const shown = useContactStore.getState().contact;
    if (contact?.address.toLowerCase() === shown?.address.toLowerCase()) return;
    useContactStore.getState().setContact(contact);
    if (!contact) return;
    // After the conversation's frame: the contact's history is the side panel's, second to what
    // was opened, and its answer would otherwise be handled before that frame is done. Kept for
    // as long as the panel shows this contact (another of their conversations opened meanwhile
    // shows the same history, less that one).
    const showing = () => useContactStore.getState().contact?.address === contact.address;
    afterFrame(() => {
      if (!showing()) return;
      link
        .call('mail.search', { query: `from:"${contact.address}"`, limit: PREVIOUS_LIMIT + 1 })
        .then(
          (result) => {
            if (!showing()) return;
            const { openId, view: open } = store.getState();
            const others = result.hits.filter(
              (hit) => hit.conversationId !== openId && hit.conversationId !== open?.id,
            );
            useContactStore.getState().setPrevious(others.slice(0, PREVIOUS_LIMIT));
          },
          (error: unknown) => {
            if (showing()) useContactStore.getState().setPreviousFailed(messageOf(error));
          },
        );
    });
  };

  /** What a loaded conversation brings: the view, its reading, its contact. */
  const show = (view: ConversationView) => {
    store.getState().setView(view);
    markRead(view);
    showContact(view);
  };

  const reload = createReloader(async () => {
    const id = store.getState().openId;
    if (id === null) return;
    const asked = generation;
    try {
      const view = await link.call('mail.conversation', { conversationId: id, fold: true });
      if (asked !== generation) return;
      show(view);
    } catch (error) {
      // Unreachable with the conversation on screen: it stays, and loads when the link is back.
      if (asked !== generation || (isUnreachable(error) && store.getState().view)) return;
      store.getState().setFailed(messageOf(error));
    }
  }, 0);

  // Reading ahead, as Superhuman does: the row the cursor is on is loaded before it is opened,
  // then the row it would move to next (the way it last moved), so that Enter, and Enter after
  // j, show a conversation at once instead of after a round trip. One read at a time (the cursor
  // moving on while it runs reads where it rests next, not every row passed); a read is dropped
  // when its conversation changes (the app's events), and all are when the link comes back.
  const ahead = new Map<string, ConversationView>();
  /** Bumped at each change told: a read begun before one may be stale, and is not kept. */
  let changes = 0;
  /** The read running, if any: its conversation, and its view (none if dropped or failed). */
  let reading: { id: string; view: Promise<ConversationView | undefined> } | null = null;
  /** The conversations read ahead (kept or not) since the cursor came to rest: read once each. */
  let readHere = new Set<string>();
  /** The way the cursor last moved in the list: +1 down, -1 up. */
  let direction = 1;
  let stopped = false;
  /** What to read ahead now, if anything: where the cursor is, else the row it moves to next. */
  const nextToRead = (): string | undefined => {
    const { selectedId, openId, items } = useConversationsStore.getState();
    if (selectedId === null) return undefined;
    const at = items.indexOf(selectedId);
    const following = at < 0 ? undefined : items.at(at + direction)?.id;
    return [selectedId, following].find(
      (id) => id !== undefined && id !== openId && !readHere.has(id) && !ahead.has(id),
    );
  };
  const readAhead = () => {
    const id = stopped || reading ? undefined : nextToRead();
    if (id === undefined) return;
    const before = changes;
    readHere.add(id);
    const view = link.call('mail.conversation', { conversationId: id, fold: true }).then(
      (read) => (changes === before ? read : undefined),
      () => undefined, // Read when opened instead, where a failure is shown.
    );
    reading = { id, view };
    void view.then((read) => {
      reading = null;
      // Opened meanwhile: the opening took it (see open).
      if (read && useConversationsStore.getState().openId !== id) {
        ahead.set(id, read);
        if (ahead.size > AHEAD_KEPT) ahead.delete(ahead.keys().next().value!);
      }
      readAhead();
    });
  };
  /** The cursor moved: the way it went, and a new resting place to read ahead from. */
  const cursorMoved = (selectedId: string | null, before: string | null) => {
    const { items } = useConversationsStore.getState();
    const from = items.indexOf(before);
    const to = items.indexOf(selectedId);
    if (from >= 0 && to >= 0 && to !== from) direction = to > from ? 1 : -1;
    readHere = new Set();
    readAhead();
  };
  /** Conversations changed (by either of their ids): what was read of them is dropped. */
  const changed = (ids: readonly (string | null)[]) => {
    changes += 1;
    for (const [id, view] of ahead) if (ids.includes(id) || ids.includes(view.id)) ahead.delete(id);
  };

  const content = (messageId: number) => {
    const contents = useMessageContentStore.getState();
    if (contents.contents[messageId]) return;
    contents.setLoading(messageId);
    // Asked once the conversation's frame is painted: its text shows first, and the HTML's
    // sanitizing and framing (tens of ms for a newsletter) never holds that frame back.
    afterFrame(() => {
      link.call('mail.message', { messageId }).then(
        (answer) => useMessageContentStore.getState().setContent(answer),
        (error: unknown) =>
          useMessageContentStore.getState().setFailed(messageId, messageOf(error)),
      );
    });
  };

  const open = (id: string | null) => {
    if (id === store.getState().openId) return;
    generation += 1;
    markedRead = null;
    useMessageContentStore.getState().clear();
    store.getState().open(id);
    if (id === null) {
      useContactStore.getState().setContact(null);
      reload.now();
      return;
    }
    const early = ahead.get(id);
    ahead.delete(id);
    if (early) showEarly(early);
    else if (reading?.id === id) {
      // Opened while it is being read ahead: that read is this opening's.
      const asked = generation;
      void reading.view.then((view) => {
        if (asked !== generation) return;
        if (view) showEarly(view);
        else reload.now();
      });
    } else reload.now();
  };

  const showEarly = (view: ConversationView) => {
    show(view);
    // A text the sync had not brought when it was read ahead is looked for now.
    if (view.messages.some(textMissing)) reload.now();
  };

  /** Whether an event's conversations include the one on screen (by either of its ids). */
  const concernsOpen = (ids: readonly (string | null)[]) => {
    const { openId, view } = store.getState();
    return ids.some((id) => id !== null && (id === openId || id === view?.id));
  };

  const running = { now: reload.now, content };
  active = running;
  open(useConversationsStore.getState().openId);
  // The row the cursor is on already (the list's first, once it loaded) is read at once.
  readAhead();
  return stopAll([
    reload.stop,
    useConversationsStore.subscribe((state, before) => {
      if (state.openId !== before.openId) open(state.openId);
      if (state.selectedId !== before.selectedId) cursorMoved(state.selectedId, before.selectedId);
    }),
    onEvents(link, ['conversations.changed'], (event) => {
      changed(event.conversationIds);
      if (concernsOpen(event.conversationIds)) reload.now();
    }),
    onEvents(link, ['outbox.changed'], (event) => {
      changed([event.conversationId]);
      if (concernsOpen([event.conversationId])) reload.now();
    }),
    // A message's text comes after its headers, in the same pass, and the sync tells no change
    // of the conversation for it: a text still missing on screen is looked for when a pass that
    // brought texts ends.
    onEvents(link, ['sync.passed'], (event) => {
      const { view } = store.getState();
      if (event.bodies > 0 && view?.messages.some(textMissing)) reload.now();
    }),
    onReconnect(link, () => {
      // The changes of a time offline are not told: what was read ahead may be stale.
      ahead.clear();
      // What failed while the app or its mail server was out of reach is asked again.
      useMessageContentStore.getState().forgetFailed();
      reload.now();
    }),
    () => {
      generation += 1;
      stopped = true;
      if (active === running) active = null;
    },
  ]);
}
