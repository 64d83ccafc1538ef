import {
  CONVERSATION_STATUSES,
  type ConversationStatus,
  type DraftMarker,
  type LastReply,
} from './model.js';

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
 *   <id>:r:<member>   the member's latest reply: `<at ms>:<Message-ID>`, or `<at ms>:` without one
 *
 * One key per field rather than a Y.Map per conversation: a nested map costs a type, an item
 * and their bookkeeping per conversation, and measured 2–3× the load time and memory (see
 * workspace.ts). One key per field rather than one value per conversation: concurrent changes of
 * different fields (a status and a tag) must both survive, and Yjs merges per key, not inside a
 * value. Keys and values are short because Yjs keeps every key once per write.
 *
 * Versions: a reader skips the fields it does not know (`state` looks up the fields it knows;
 * `snapshot` files the others nowhere), so a field added later (the replies, `r:`) is invisible
 * to an older app, which reads, projects and writes the rest as before; and a state written
 * before a field existed reads as that field's "none".
 */

export const STATE_ROOT = 'c';

export const STATE_FIELD = {
  status: 's',
  assignee: 'a',
  tag: 't:',
  follower: 'f:',
  mention: 'm:',
  draft: 'd',
  reply: 'r:',
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

export const encodeReply = (at: number, messageId: string | null): string =>
  `${at}:${messageId ?? ''}`;

/** The reply of an `r:` value (a Message-ID may hold `:`; the time never does). */
export function decodeReply(value: unknown): { at: number; messageId: string | null } | undefined {
  if (typeof value !== 'string') return undefined;
  const colon = value.indexOf(':');
  const at = colon > 0 ? Number(value.slice(0, colon)) : NaN;
  if (!Number.isSafeInteger(at) || at < 0) return undefined;
  return { at, messageId: value.slice(colon + 1) || null };
}

/**
 * The conversation's last reply among the members' latest ones: the latest time; of equal
 * times, the greatest member id. Each member writes only their own key, so replies sent while
 * apart both survive the merge and every app picks the same one from the same keys. A single
 * key would not do: Yjs settles concurrent writes of a key by its client ids, not by time, and
 * could keep the earlier reply as "the last" (whereas the customer got the later one last, and
 * the list's "replied by X at T" must say so). One member's two devices replying while apart
 * write the same key: Yjs keeps one of the two, the same one everywhere.
 */
export function latestReply(replies: readonly LastReply[]): LastReply | null {
  let latest: LastReply | null = null;
  for (const reply of replies) {
    if (!latest || reply.at > latest.at || (reply.at === latest.at && reply.member > latest.member))
      latest = reply;
  }
  return latest;
}
