import type { ConversationListItem, ConversationStatus } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import { statusOf } from '../model/view-filters.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { useToastStore } from '../stores/toast-store.js';
import { useWorkspaceStore } from '../stores/workspace-store.js';
import { isUnreachable, messageOf } from './link-events.js';
import type { OptimisticChanges, TeamFields } from './optimistic-changes.js';

/** Who a conversation is assigned to, as triage.assign takes it. */
export type AssignTo = { email: string } | 'me' | 'none';

/** A snooze wakes the conversation at this instant (ISO 8601). */
export interface Snooze {
  until: string;
  /** How the undo toast says it: "until tomorrow 9:00". */
  label: string;
}

/**
 * The triage actions of the inbox (close, assign, tag, snooze), each shown at once on the list
 * and the counts, confirmed by the app's change event, undone by the same action the other way
 * (an Undo on the toast), and taken back with a notice when the app refuses it.
 */
export interface Triage {
  setStatus(conversationId: string, status: ConversationStatus, snooze?: Snooze): void;
  assign(conversationId: string, to: AssignTo): void;
  tag(conversationId: string, change: { add?: string[]; remove?: string[] }): void;
}

/** The words of each change, for its toast: "Closed", "Assigned to Ben". */
const STATUS_WORDS: Record<ConversationStatus, string> = {
  open: 'Reopened',
  pending: 'Marked pending',
  snoozed: 'Snoozed',
  closed: 'Closed',
};

export function createTriage(link: AppLink, changes: OptimisticChanges): Triage {
  const shownItem = (id: string): ConversationListItem | undefined =>
    useConversationsStore.getState().items.byId(id);
  const myEmail = () => useWorkspaceStore.getState().me.email;

  /**
   * Shows `after` at once, asks the app, and offers `undo`. An action on the open conversation
   * that takes it out of the list opens the next one, as the list's cursor moves to it.
   */
  const act = (
    conversationId: string,
    after: (before: TeamFields) => TeamFields,
    call: () => Promise<unknown>,
    toast: { title: string; undo?: () => void },
  ) => {
    const item = shownItem(conversationId);
    const before = item && { status: item.status, assignee: item.assignee, tags: item.tags };
    const wasOpen = useConversationsStore.getState().openId === conversationId;
    const key = changes.add({
      conversationId,
      before,
      after: after(before ?? { status: 'open', assignee: null, tags: [] }),
    });
    const list = useConversationsStore.getState();
    if (wasOpen && item && !list.items.byId(conversationId)) list.open(list.selectedId);
    const toasts = useToastStore.getState();
    const toastId = toasts.show({
      title: toast.title,
      ...(item ? { description: item.subject } : {}),
      tone: 'success',
      ...(toast.undo ? { action: { label: 'Undo', onAction: toast.undo } } : {}),
    });
    call().then(
      () => changes.settle(key),
      (error: unknown) => {
        changes.drop(key);
        toasts.dismiss(toastId);
        toasts.show({
          title: `${toast.title}: not done`,
          description: isUnreachable(error)
            ? 'Switchboard cannot be reached right now.'
            : messageOf(error),
          tone: 'danger',
        });
      },
    );
  };

  const triage: Triage = {
    setStatus(conversationId, status, snooze) {
      const listed = shownItem(conversationId)?.status;
      const previous = listed === undefined ? undefined : statusOf(listed);
      if (previous === status && status !== 'snoozed') return;
      act(
        conversationId,
        (before) => ({ ...before, status }),
        () =>
          link.call('triage.setStatus', {
            conversationId,
            status,
            ...(snooze ? { snoozedUntil: snooze.until } : {}),
          }),
        {
          title: snooze ? `Snoozed ${snooze.label}` : STATUS_WORDS[status],
          // A snooze's own time is not listed: undoing one that was snoozed reopens it.
          ...(previous
            ? {
                undo: () =>
                  triage.setStatus(conversationId, previous === 'snoozed' ? 'open' : previous),
              }
            : {}),
        },
      );
    },

    assign(conversationId, to) {
      const me = myEmail();
      const email = to === 'none' ? null : to === 'me' ? me : to.email;
      const item = shownItem(conversationId);
      if (item && email !== null && item.assignee?.toLowerCase() === email.toLowerCase()) return;
      if (item && email === null && item.assignee === null) return;
      const previous = item?.assignee;
      act(
        conversationId,
        (before) => ({ ...before, assignee: email === '' ? before.assignee : email }),
        () => link.call('triage.assign', { conversationId, to }),
        {
          title: assignedWords(to, email),
          ...(previous !== undefined
            ? {
                undo: () =>
                  triage.assign(conversationId, previous === null ? 'none' : { email: previous }),
              }
            : {}),
        },
      );
    },

    tag(conversationId, { add = [], remove = [] }) {
      if (add.length + remove.length === 0) return;
      const removed = new Set(remove.map((name) => name.toLowerCase()));
      act(
        conversationId,
        (before) => {
          const kept = before.tags.filter((tag) => !removed.has(tag.toLowerCase()));
          const has = new Set(kept.map((tag) => tag.toLowerCase()));
          return {
            ...before,
            tags: [...kept, ...add.filter((name) => !has.has(name.toLowerCase()))],
          };
        },
        () =>
          link.call('triage.tag', {
            conversationId,
            ...(add.length ? { add } : {}),
            ...(remove.length ? { remove } : {}),
          }),
        {
          title: tagWords(add, remove),
          undo: () => triage.tag(conversationId, { add: remove, remove: add }),
        },
      );
    },
  };
  return triage;
}

function assignedWords(to: AssignTo, email: string | null): string {
  if (to === 'none') return 'Unassigned';
  if (to === 'me') return 'Assigned to you';
  const member = useWorkspaceStore
    .getState()
    .teammates.find((m) => m.email.toLowerCase() === email?.toLowerCase());
  return `Assigned to ${member?.name || email}`;
}

function tagWords(add: readonly string[], remove: readonly string[]): string {
  const parts = [
    add.length ? `Tagged ${add.join(', ')}` : '',
    remove.length ? `Removed ${remove.join(', ')}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}
