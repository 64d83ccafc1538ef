import type {
  ConversationListItem,
  TagInfo,
  TeammatePresence,
  TeamMember,
} from '../../../src/app/index.js';
import { statusOf } from '../../model/view-filters.js';

/** A person as a row shows them: a teammate by name, anyone else by address. */
export interface Person {
  name: string;
  email: string;
}

/**
 * The snippet's characters a row draws: more than its line can show at the list's width (25rem:
 * some 50 characters), the rest cut by the line's ellipsis. All of a snippet (160 characters)
 * was shaped and laid out for each row scrolled into view: 2.6 ms of layout for a screen of new
 * rows (14), against 1.9 ms for 80 characters, in frames of a fast scroll that have 33 ms.
 */
export const SNIPPET_DRAWN = 80;

/** The snippet's first SNIPPET_DRAWN characters, never half of a character outside the BMP. */
function drawnSnippet(snippet: string): string {
  if (snippet.length <= SNIPPET_DRAWN) return snippet;
  const last = snippet.charCodeAt(SNIPPET_DRAWN - 1);
  const highSurrogate = last >= 0xd800 && last <= 0xdbff;
  return snippet.slice(0, highSurrogate ? SNIPPET_DRAWN - 1 : SNIPPET_DRAWN);
}

/** What one row of the list shows, worked out from the list item and the workspace. */
export interface RowModel {
  id: string;
  subject: string;
  /**
   * Who the row names: the latest message's sender by name (a teammate's as the team knows
   * them; an address when no name is known); with no sender known, the first participant outside
   * the team and its mailboxes.
   */
  sender: Person | null;
  /** The start of the latest message's text, on one line: as much as the row can show. */
  snippet: string;
  messageCount: number;
  lastMessageAt: string;
  unread: boolean;
  status: ReturnType<typeof statusOf>;
  assignee: Person | null;
  tags: Array<{ name: string; color: string | undefined }>;
  /** Teammates looking at it now, and whether each is writing a reply or a note in it. */
  viewers: Array<Person & { writing: boolean }>;
  lastReply: (Person & { at: string }) | null;
}

/** What a row needs of the workspace to name people and colour tags (built once per list). */
export interface RowContext {
  members: ReadonlyMap<string, TeamMember>;
  /** Addresses of the shared mailboxes and the team: never "the correspondent". */
  ours: ReadonlySet<string>;
  tags: ReadonlyMap<string, TagInfo>;
  /** Teammates present on each conversation. */
  presence: ReadonlyMap<string, TeammatePresence[]>;
}

export function rowContext(
  members: readonly TeamMember[],
  mailboxEmails: readonly string[],
  tags: readonly TagInfo[],
  present: readonly TeammatePresence[],
): RowContext {
  const byEmail = new Map(members.map((m) => [m.email.toLowerCase(), m]));
  const presence = new Map<string, TeammatePresence[]>();
  for (const teammate of present) {
    const here = new Set(
      [teammate.viewing, teammate.typing?.conversationId].filter((id): id is string => !!id),
    );
    for (const id of here) presence.set(id, [...(presence.get(id) ?? []), teammate]);
  }
  return {
    members: byEmail,
    ours: new Set([...byEmail.keys(), ...mailboxEmails.map((email) => email.toLowerCase())]),
    tags: new Map(tags.map((tag) => [tag.name.toLowerCase(), tag])),
    presence,
  };
}

export function rowModel(item: ConversationListItem, context: RowContext): RowModel {
  const person = (email: string): Person => ({
    name: context.members.get(email.toLowerCase())?.name || email,
    email,
  });
  const outside = item.participants.find((email) => !context.ours.has(email.toLowerCase()));
  const first = outside ?? item.participants[0];
  const from = item.from.email
    ? { name: item.from.name.trim() || person(item.from.email).name, email: item.from.email }
    : undefined;
  return {
    id: item.id,
    subject: item.subject,
    sender: from ?? (first === undefined ? null : person(first)),
    snippet: drawnSnippet(item.snippet),
    messageCount: item.messageCount,
    lastMessageAt: item.lastMessageAt,
    unread: item.unread,
    status: statusOf(item.status),
    assignee: item.assignee === null ? null : person(item.assignee),
    tags: item.tags.map((name) => ({ name, color: context.tags.get(name.toLowerCase())?.color })),
    viewers: (context.presence.get(item.id) ?? []).map(({ member, typing }) => ({
      name: member.name || member.email,
      email: member.email,
      writing: typing?.conversationId === item.id,
    })),
    lastReply: item.lastReply && { ...person(item.lastReply.by), at: item.lastReply.at },
  };
}

/** The models made for each context, by list item (an item object is never changed: replaced). */
const made = new WeakMap<RowContext, WeakMap<ConversationListItem, RowModel>>();

/**
 * A row's model, made once per list item while the context holds: a change to one conversation
 * (a new item object) draws that row again, not every row in view; and only the rows drawn are
 * ever made (100 000 items, a screenful of models).
 */
export function rowModelOf(item: ConversationListItem, context: RowContext): RowModel {
  let models = made.get(context);
  if (!models) made.set(context, (models = new WeakMap()));
  let row = models.get(item);
  if (!row) models.set(item, (row = rowModel(item, context)));
  return row;
}
