import type { ConversationView } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import { contactOf } from '../screens/conversation/model/contact.js';
import { useContactStore } from '../stores/contact-store.js';
import { useConversationStore } from '../stores/conversation-store.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { useMessageContentStore } from '../stores/message-content-store.js';
import { useWorkspaceStore } from '../stores/workspace-store.js';
import { isUnreachable, messageOf, onEvents, onReconnect, stopAll } from './link-events.js';
import { createReloader } from './reloader.js';

/** How many of the contact's other conversations the right panel lists. */
const PREVIOUS_LIMIT = 20;

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
    link.call('mail.mark', { conversationId: view.id, action: 'read' }).catch(() => {
      // Shown as read here, not done there: the next load shows it unread again, and retries.
      markedRead = null;
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
    const asked = generation;
    link
      .call('mail.search', { query: `from:"${contact.address}"`, limit: PREVIOUS_LIMIT + 1 })
      .then(
        (result) => {
          if (asked !== generation) return;
          const others = result.hits.filter((hit) => hit.conversationId !== view.id);
          useContactStore.getState().setPrevious(others.slice(0, PREVIOUS_LIMIT));
        },
        (error: unknown) => {
          if (asked === generation) useContactStore.getState().setPreviousFailed(messageOf(error));
        },
      );
  };

  const reload = createReloader(async () => {
    const id = store.getState().openId;
    if (id === null) return;
    const asked = generation;
    try {
      const view = await link.call('mail.conversation', { conversationId: id });
      if (asked !== generation) return;
      store.getState().setView(view);
      markRead(view);
      showContact(view);
    } catch (error) {
      // Unreachable with the conversation on screen: it stays, and loads when the link is back.
      if (asked !== generation || (isUnreachable(error) && store.getState().view)) return;
      store.getState().setFailed(messageOf(error));
    }
  }, 0);

  const content = (messageId: number) => {
    const contents = useMessageContentStore.getState();
    if (contents.contents[messageId]) return;
    contents.setLoading(messageId);
    link.call('mail.message', { messageId }).then(
      (answer) => useMessageContentStore.getState().setContent(answer),
      (error: unknown) => useMessageContentStore.getState().setFailed(messageId, messageOf(error)),
    );
  };

  const open = (id: string | null) => {
    if (id === store.getState().openId) return;
    generation += 1;
    markedRead = null;
    useMessageContentStore.getState().clear();
    store.getState().open(id);
    if (id === null) useContactStore.getState().setContact(null);
    reload.now();
  };

  /** Whether an event's conversations include the one on screen (by either of its ids). */
  const concernsOpen = (ids: readonly (string | null)[]) => {
    const { openId, view } = store.getState();
    return ids.some((id) => id !== null && (id === openId || id === view?.id));
  };

  const running = { now: reload.now, content };
  active = running;
  open(useConversationsStore.getState().openId);
  return stopAll([
    reload.stop,
    useConversationsStore.subscribe((state, before) => {
      if (state.openId !== before.openId) open(state.openId);
    }),
    onEvents(link, ['conversations.changed'], (event) => {
      if (concernsOpen(event.conversationIds)) reload.now();
    }),
    onEvents(link, ['outbox.changed'], (event) => {
      if (concernsOpen([event.conversationId])) reload.now();
    }),
    // A message's text comes after its headers, in the same pass, and the sync tells no change
    // of the conversation for it: a text still missing on screen is looked for when a pass that
    // brought texts ends.
    onEvents(link, ['sync.passed'], (event) => {
      const { view } = store.getState();
      if (event.bodies > 0 && view?.messages.some((message) => message.text === null)) reload.now();
    }),
    onReconnect(link, () => {
      // What failed while the app or its mail server was out of reach is asked again.
      useMessageContentStore.getState().forgetFailed();
      reload.now();
    }),
    () => {
      generation += 1;
      if (active === running) active = null;
    },
  ]);
}
