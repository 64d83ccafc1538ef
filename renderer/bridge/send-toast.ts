import type { AppEventOf, OutboxItem, Queued } from '../../src/app/index.js';
import { heldBy, heldInWords, type HeldFinding } from '../screens/composer/held-reason.js';
import { useToastStore } from '../stores/toast-store.js';
import { useWorkspaceStore } from '../stores/workspace-store.js';

/*
 * The undo-send toast (role="status", in the page's one Notifications region) and what follows
 * it: "Sending reply" with Undo until the message's undo window ends, then "sent", or held with
 * the collision guard's reason, or failed, as the outbox tells it (outbox.changed).
 */

/** What was sent, for the toast's words. */
export type SentKind = 'reply' | 'forward' | 'message';

interface Tracked {
  kind: SentKind;
  undo: () => void;
}

const tracked = new Map<number, Tracked>();
/** Conversations on screen now (their composer slot is mounted), with how many show each. */
const onScreen = new Map<string, number>();

/**
 * The conversation is on screen until the returned function is called: a reply of it held is
 * said there, in place, not in a toast over it.
 */
export function showingConversation(conversationId: string): () => void {
  onScreen.set(conversationId, (onScreen.get(conversationId) ?? 0) + 1);
  return () => {
    const left = (onScreen.get(conversationId) ?? 1) - 1;
    if (left > 0) onScreen.set(conversationId, left);
    else onScreen.delete(conversationId);
  };
}

const toastId = (outboxId: number) => `outbox-${outboxId}`;
const NOUN: Record<SentKind, string> = { reply: 'Reply', forward: 'Forward', message: 'Message' };
/** The least time Undo stays offered, even when the window is nearly over when it shows. */
const MIN_UNDO_MS = 1500;
const DONE_MS = 4000;

/** Shows "Sending …" with Undo for a message just queued, until its window ends. */
export function trackSend(queued: Queued, kind: SentKind, undo: () => void, now = Date.now()) {
  tracked.set(queued.outboxId, { kind, undo });
  if (queued.state === 'held') {
    showHeld(queued.outboxId, queued.conversationId, queued.reason, undefined);
    return;
  }
  const left = queued.sendAt ? Date.parse(queued.sendAt) - now : 0;
  useToastStore.getState().show({
    id: toastId(queued.outboxId),
    title: `Sending ${NOUN[kind].toLowerCase()}…`,
    description: queued.sendAt ? 'You can still undo it.' : undefined,
    action: { label: 'Undo', onAction: undo },
    durationMs: Math.max(left, MIN_UNDO_MS),
  });
}

/** The outbox told of a change: the toast of a message sent from here follows it. */
export function followSend(
  event: AppEventOf<'outbox.changed'>,
  items: readonly OutboxItem[],
): void {
  const item = items.find((candidate) => candidate.id === event.id);
  const toasts = useToastStore.getState();
  const mine = tracked.get(event.id);
  switch (event.state) {
    case 'sent':
      if (!mine) return;
      tracked.delete(event.id);
      toasts.show({
        id: toastId(event.id),
        title: `${NOUN[mine.kind]} sent`,
        tone: 'success',
        durationMs: DONE_MS,
      });
      return;
    case 'cancelled':
      tracked.delete(event.id);
      toasts.dismiss(toastId(event.id));
      return;
    case 'held':
      // Any reply held, also one queued before this page was open: its author decides.
      showHeld(event.id, event.conversationId, item?.reason, item?.held);
      return;
    case 'failed':
    case 'unknown':
      toasts.show({
        id: toastId(event.id),
        title: event.state === 'failed' ? 'Not sent' : 'Not sure it was sent',
        description: item?.error ?? item?.reason,
        tone: 'danger',
        durationMs: null,
      });
      return;
    default:
      // sending: past the undo window; Undo is no longer offered.
      if (mine && event.state === 'sending')
        toasts.show({
          id: toastId(event.id),
          title: `Sending ${NOUN[mine.kind].toLowerCase()}…`,
          durationMs: null,
        });
  }
}

function showHeld(
  outboxId: number,
  conversationId: string | null,
  reason: string | undefined,
  held: HeldFinding | undefined,
) {
  const toasts = useToastStore.getState();
  if (conversationId !== null && onScreen.has(conversationId)) {
    toasts.dismiss(toastId(outboxId));
    return;
  }
  const { teammates } = useWorkspaceStore.getState();
  toasts.show({
    id: toastId(outboxId),
    title: 'Reply held, not sent',
    description: heldInWords(held, reason, heldBy(held, teammates)),
    tone: 'info',
    durationMs: 8000,
  });
}
