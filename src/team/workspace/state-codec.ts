import { CONVERSATION_STATUSES, type ConversationStatus, type DraftMarker } from './model.js';

/*
 * Storage of the state documents: one flat Y.Map per shard (root `c`), one key per field of a
 * conversation, `<conversationId>:<field>`, with plain values:
 *
 *   <id>:s            status: `open` | `pending` | `closed` | `snoozed:<until ms>`
 *   <id>:a            assignee: `<assignment entry id>:<member id>`, or `<entry id>:` for none
 *   <id>:t:<tag id>   true while tagged
 *   <id>:f:<member>   true while following
 *   <id>:m:<member>   time of the note that mentioned the member, until they clear it
 *   <id>:d            draft marker {editors, at}
 *
 * One key per field rather than a Y.Map per conversation: a nested map costs a type, an item
 * and their bookkeeping per conversation, and measured 2–3× the load time and memory (see
 * workspace.ts). One key per field rather than one value per conversation: concurrent changes of
 * different fields (a status and a tag) must both survive, and Yjs merges per key, not inside a
 * value. Keys and values are short because Yjs keeps every key once per write.
 */

export const STATE_ROOT = 'c';

export const STATE_FIELD = {
  status: 's',
  assignee: 'a',
  tag: 't:',
  follower: 'f:',
  mention: 'm:',
  draft: 'd',
} as const;

export const stateKey = (conversationId: string, field: string): string =>
  `${conversationId}:${field}`;

/** The conversation id and field of a key (ids contain no `:`). */
export function splitStateKey(key: string): { conversationId: string; field: string } | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  return { conversationId: key.slice(0, colon), field: key.slice(colon + 1) };
}

export function encodeStatus(status: ConversationStatus, snoozedUntil: number | null): string {
  return status === 'snoozed' ? `snoozed:${snoozedUntil ?? 0}` : status;
}

/** Unknown values (a later version's statuses) read as open. */
export function decodeStatus(value: unknown): {
  status: ConversationStatus;
  snoozedUntil: number | null;
} {
  if (typeof value === 'string') {
    if (value.startsWith('snoozed:')) {
      const until = Number(value.slice('snoozed:'.length));
      if (Number.isSafeInteger(until)) return { status: 'snoozed', snoozedUntil: until };
    } else if (
      value !== 'snoozed' &&
      (CONVERSATION_STATUSES as readonly string[]).includes(value)
    ) {
      return { status: value as ConversationStatus, snoozedUntil: null };
    }
  }
  return { status: 'open', snoozedUntil: null };
}

export const encodeAssignee = (entryId: string, assignee: string | null): string =>
  `${entryId}:${assignee ?? ''}`;

export function decodeAssignee(
  value: unknown,
): { entryId: string; assignee: string | null } | undefined {
  if (typeof value !== 'string') return undefined;
  const colon = value.indexOf(':');
  if (colon < 0) return undefined;
  return { entryId: value.slice(0, colon), assignee: value.slice(colon + 1) || null };
}

export function decodeDraftMarker(value: unknown): DraftMarker | null {
  if (typeof value !== 'object' || value === null) return null;
  const { editors, at } = value as Record<string, unknown>;
  if (!Array.isArray(editors) || typeof at !== 'number') return null;
  return { editors: editors.filter((e): e is string => typeof e === 'string'), at };
}
