import { CONVERSATION_STATUSES, type ActivityEntry, type ConversationStatus } from './model.js';

/*
 * Storage of activity entries: one string per entry, fields separated by tabs:
 *
 *   <conversation> <id> <kind> <actor> <at, base 36> <kind's fields…>
 *
 *   assigned      <assignee or empty> <previous assignment entry id or empty>
 *   status        <status> <snoozed until, base 36, or empty>
 *   tagged        <tag id>            untagged    <tag id>
 *   followed      <member id>         unfollowed  <member id>
 *   noted         <note id>           note-edited <note id>      note-deleted <note id>
 *   replied       <Message-ID or empty>
 *
 * A string rather than an object or array: measured at less than half the memory per entry once
 * loaded (one V8 string instead of a container and six values), which matters since the log is
 * the bulk of a workspace. Every field is an id, a number or a whitespace-free token, checked by
 * the writers, so tabs cannot occur inside one.
 */

const SEPARATOR = '\t';

export function encodeActivity(entry: ActivityEntry): string {
  const head = [entry.conversationId, entry.id, entry.kind, entry.actor, entry.at.toString(36)];
  switch (entry.kind) {
    case 'assigned':
      return [...head, entry.assignee ?? '', entry.previous ?? ''].join(SEPARATOR);
    case 'status':
      return [
        ...head,
        entry.status,
        entry.snoozedUntil === null ? '' : entry.snoozedUntil.toString(36),
      ].join(SEPARATOR);
    case 'tagged':
    case 'untagged':
      return [...head, entry.tag].join(SEPARATOR);
    case 'followed':
    case 'unfollowed':
      return [...head, entry.member].join(SEPARATOR);
    case 'noted':
    case 'note-edited':
    case 'note-deleted':
      return [...head, entry.noteId].join(SEPARATOR);
    case 'replied':
      return [...head, entry.messageId ?? ''].join(SEPARATOR);
  }
}

/** The conversation an encoded entry belongs to, without decoding the rest. */
export function activityConversation(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const tab = value.indexOf(SEPARATOR);
  return tab > 0 ? value.slice(0, tab) : undefined;
}

/** The entry, or undefined for what this version cannot read (a later version's kinds). */
export function decodeActivity(value: unknown): ActivityEntry | undefined {
  if (typeof value !== 'string') return undefined;
  const [conversationId = '', id = '', kind = '', actor = '', atText = '', a = '', b = ''] =
    value.split(SEPARATOR);
  const at = parseInt(atText, 36);
  if (!conversationId || !id || !actor || !Number.isSafeInteger(at)) return undefined;
  const base = { id, conversationId, actor, at };
  switch (kind) {
    case 'assigned':
      return { ...base, kind, assignee: a || null, previous: b || null };
    case 'status': {
      if (!(CONVERSATION_STATUSES as readonly string[]).includes(a)) return undefined;
      const until = b ? parseInt(b, 36) : null;
      return { ...base, kind, status: a as ConversationStatus, snoozedUntil: until };
    }
    case 'tagged':
    case 'untagged':
      return a ? { ...base, kind, tag: a } : undefined;
    case 'followed':
    case 'unfollowed':
      return a ? { ...base, kind, member: a } : undefined;
    case 'noted':
    case 'note-edited':
    case 'note-deleted':
      return a ? { ...base, kind, noteId: a } : undefined;
    case 'replied':
      return { ...base, kind, messageId: a || null };
    default:
      return undefined;
  }
}
