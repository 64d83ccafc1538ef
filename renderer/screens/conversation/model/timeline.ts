import type {
  ConversationActivity,
  ConversationMessage,
  ConversationView,
  Note,
  OutboxItem,
} from '../../../../src/app/index.js';

/**
 * Something the team did to a conversation, said in one line of its timeline: an entry of its
 * activity log as the contract tells it (mail.conversation's `activity`), teammates by address
 * with the name the team directory keeps for them.
 */
export type Activity = ConversationActivity;

export type TimelineItem =
  | { kind: 'message'; key: string; at: string; message: ConversationMessage }
  | { kind: 'note'; key: string; at: string; note: Note }
  | { kind: 'activity'; key: string; at: string; activity: Activity }
  | { kind: 'outgoing'; key: string; at: string; item: OutboxItem };

/** What happens at the same instant reads in this order: the mail, then what the team did. */
const KIND_ORDER: Record<TimelineItem['kind'], number> = {
  message: 0,
  activity: 1,
  note: 2,
  outgoing: 3,
};

/**
 * One timeline of the conversation, oldest first: its messages, the team's internal notes and
 * activity, and this app's replies on their way out (after everything: they are being sent now).
 */
export function buildTimeline(view: ConversationView): TimelineItem[] {
  const items: TimelineItem[] = [
    ...view.messages.map((message) => ({
      kind: 'message' as const,
      key: `m:${message.id}`,
      at: message.date,
      message,
    })),
    ...view.notes.map((note) => ({
      kind: 'note' as const,
      key: `n:${note.id}`,
      at: note.createdAt,
      note,
    })),
    ...view.activity.map((activity) => ({
      kind: 'activity' as const,
      key: `a:${activity.id}`,
      at: activity.at,
      activity,
    })),
  ];
  const ordered = items
    .map((item, index) => ({ item, index, time: Date.parse(item.at) }))
    .sort(
      (a, b) =>
        a.time - b.time || KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] || a.index - b.index,
    )
    .map(({ item }) => item);
  const outgoing = view.outgoing.map((item) => ({
    kind: 'outgoing' as const,
    key: `o:${item.id}`,
    at: item.sentAt ?? item.sendAt ?? '',
    item,
  }));
  return [...ordered, ...outgoing];
}
