import type { ConversationListItem, ConversationView, Note } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { useToastStore } from '../stores/toast-store.js';
import { useWorkspaceStore } from '../stores/workspace-store.js';
import { afterFirstRows } from './after-first-rows.js';
import { onEvents, onReconnect } from './link-events.js';
import { createReloader } from './reloader.js';
import { notifySystem } from './system-notification.js';

/** A teammate's burst of changes is looked at once, shortly after. */
const LOOK_DEBOUNCE_MS = 150;

/**
 * At most this many conversations are looked at per burst: more at once is a catch-up (the
 * team server back after hours), not something happening to this member now.
 */
const LOOK_AT_MOST = 10;

/**
 * Notes written this long before the page opened still notify (clocks of two machines differ a
 * little); older ones were there before this member looked.
 */
const CLOCK_SLACK_MS = 60_000;

/** The most conversations of this member's the page knows the assignee of without a list. */
const KNOWN_MINE = 1000;

/** Notifications stay this long (they wait while hovered or focused). */
const NOTIFICATION_MS = 10_000;

export interface NotificationsBridge {
  stop: () => void;
  /** A list loaded elsewhere: who each of its conversations was assigned to, as of now. */
  listed: (items: readonly ConversationListItem[]) => void;
}

/**
 * Notifies this member (the status region) when a teammate assigns them a conversation or
 * mentions them in a note. A teammate's change comes as `conversations.changed` from the team;
 * the conversation then says who it is assigned to and which notes mention whom, and what the
 * page knew before (its lists) says whether that is new.
 */
export function startNotificationsBridge(
  link: AppLink,
  now: () => number = Date.now,
): NotificationsBridge {
  const since = now() - CLOCK_SLACK_MS;
  /** Who each conversation is assigned to, as the page last knew. */
  const assignees = new Map<string, string | null>();
  /** Changed conversations to look at, with their assignee before the change (if known). */
  const waiting = new Map<string, string | null | undefined>();
  /** The notes already told of, by id. */
  const notified = new Set<string>();

  const lookAt = async (conversationId: string, before: string | null | undefined) => {
    const me = useWorkspaceStore.getState().me.email.toLowerCase();
    if (!me) {
      // Who this member is comes with the directory, asked once the first rows are painted: a
      // change told before it is looked at again then, not dropped.
      if (useWorkspaceStore.getState().load.status !== 'loading') return;
      if (!waiting.has(conversationId)) waiting.set(conversationId, before);
      look.soon();
      return;
    }
    let view: ConversationView;
    try {
      view = await link.call('mail.conversation', { conversationId });
    } catch {
      return; // Gone, or the link is: nothing to tell.
    }
    assignees.set(conversationId, view.assignee);
    const mine = (email: string | null | undefined) => email?.toLowerCase() === me;
    // A teammate's change (the event's source): told as such, apart from this page's own toasts.
    if (mine(view.assignee) && !mine(before)) notify('Assigned to you by a teammate', view);
    for (const note of view.notes) {
      if (!mentions(note, me) || Date.parse(note.createdAt) < since || notified.has(note.id))
        continue;
      notified.add(note.id);
      notify(`${nameOf(note.author)} mentioned you`, view, note);
    }
  };

  const notify = (title: string, view: ConversationView, note?: Note) => {
    const description = note ? `${view.subject}: “${excerpt(note.text)}”` : view.subject;
    const open = () => useConversationsStore.getState().open(view.id);
    useToastStore.getState().show({
      title,
      description,
      tone: 'info',
      durationMs: NOTIFICATION_MS,
      action: { label: 'Open', onAction: open },
    });
    notifySystem(title, description, note ? `note:${note.id}` : `assigned:${view.id}`, open);
  };

  const look = createReloader(async () => {
    const batch = [...waiting].slice(0, LOOK_AT_MOST);
    waiting.clear();
    await Promise.all(batch.map(([id, before]) => lookAt(id, before)));
  }, LOOK_DEBOUNCE_MS);

  // The conversations already this member's, whichever list shows them (a list of 100 000 is
  // loaded a page at a time): a teammate's change to one of them is no assignment. Asked once
  // the first rows are on screen (not before what the page shows first).
  let known = false;
  let stopWaiting = () => {};
  const knowMine = async () => {
    known = true;
    try {
      const mine = await link.call('mail.conversations', { assignee: 'me', limit: KNOWN_MINE });
      for (const item of mine) if (!assignees.has(item.id)) assignees.set(item.id, item.assignee);
    } catch {
      // Unreachable: asked again when the link is back.
    }
  };
  const stopReconnect = onReconnect(link, () => void knowMine());

  const stopEvents = onEvents(link, ['conversations.changed'], (event) => {
    for (const id of event.conversationIds) {
      // Changes made here are known here; only a teammate's (or the server's) are news.
      if (event.source !== 'team') continue;
      if (!waiting.has(id)) waiting.set(id, assignees.get(id));
    }
    if (waiting.size > 0) look.soon();
  });

  return {
    stop: () => {
      stopWaiting();
      look.stop();
      stopEvents();
      stopReconnect();
    },
    listed: (items) => {
      for (const item of items) assignees.set(item.id, item.assignee);
      if (known) return;
      known = true;
      stopWaiting = afterFirstRows(() => void knowMine());
    },
  };
}

/**
 * Whether a teammate's note mentions this member, as the Mentions view reads one
 * (src/queries/conversation-queries.ts, mentionCondition): "@" and this member's address in its
 * text. The mentions the writer's app resolved are not enough alone: that app may not have known
 * this member's address yet (a member who just joined), and the view would list a note that never
 * notified.
 */
function mentions(note: Note, me: string): boolean {
  if (note.author.toLowerCase() === me) return false;
  return (
    note.mentions.some((email) => email.toLowerCase() === me) ||
    note.text.toLowerCase().includes(`@${me}`)
  );
}

function nameOf(email: string): string {
  const member = useWorkspaceStore
    .getState()
    .teammates.find((m) => m.email.toLowerCase() === email.toLowerCase());
  return member?.name || email;
}

/** A note's first words, for a notification's one line. */
function excerpt(text: string, max = 120): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
