import type {
  ConversationMessage,
  ConversationView,
  Note,
  OutboxItem,
} from '../../../../src/app/index.js';

/**
 * Something the team did to a conversation, said in one line of its timeline. Teammates are
 * their addresses, as the contract gives them. The contract's ConversationView carries only the
 * last reply (`lastReply`) so far: the other kinds are drawn from fixtures until it carries the
 * conversation's activity log.
 */
export type Activity =
  | { type: 'assigned'; actor: string; assignee: string | null }
  | { type: 'status'; actor: string; status: string }
  | { type: 'tagged' | 'untagged'; actor: string; tag: string }
  | { type: 'replied'; actor: string };

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

/** The activity the contract tells today: "replied by <teammate>" (the last reply). */
export function activityOf(view: ConversationView): Array<{ at: string; activity: Activity }> {
  return view.lastReply
    ? [{ at: view.lastReply.at, activity: { type: 'replied', actor: view.lastReply.by } }]
    : [];
}

/**
 * One timeline of the conversation, oldest first: its messages, the team's internal notes and
 * activity, and this app's replies on their way out (after everything: they are being sent now).
 */
export function buildTimeline(
  view: ConversationView,
  activity: ReadonlyArray<{ at: string; activity: Activity }> = activityOf(view),
): TimelineItem[] {
  const items: TimelineItem[] = [
    ...view.messages.map((message, i) => ({
      kind: 'message' as const,
      key: `m${i}:${message.messageId ?? ''}`,
      at: message.date,
      message,
    })),
    ...view.notes.map((note) => ({
      kind: 'note' as const,
      key: `n:${note.id}`,
      at: note.createdAt,
      note,
    })),
    ...activity.map((entry, i) => ({ kind: 'activity' as const, key: `a${i}`, ...entry })),
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
