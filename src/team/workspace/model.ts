/*
 * The team state of a workspace as the rest of the app sees it: plain values, produced by the
 * accessors of this folder from the Yjs documents (whose storage layout they hide).
 */

/** The server's roles too (src/server/access/roles.ts); a test keeps the two lists equal. */
export const ROLES = ['admin', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a member may do with one shared mailbox (keyed by its address, e.g. support@…):
 * `no-access` keeps the mailbox's conversations' team words (notes) from the member.
 */
export const MAILBOX_PERMISSIONS = [
  'full-access',
  'send-as',
  'send-on-behalf',
  'read-only',
  'no-access',
] as const;
export type MailboxPermission = (typeof MAILBOX_PERMISSIONS)[number];

/**
 * A mailbox an admin set nothing for: admins and agents work every mailbox of the workspace,
 * viewers read them (what a small team expects of a shared inbox; an admin narrows it per mailbox).
 */
export const DEFAULT_MAILBOX_PERMISSION: Readonly<Record<Role, MailboxPermission>> = {
  admin: 'full-access',
  agent: 'full-access',
  viewer: 'read-only',
};

/** A member's permission on a mailbox: the one an admin set, else its role's default. */
export const mailboxPermissionOf = (
  role: Role,
  set: MailboxPermission | undefined,
): MailboxPermission => set ?? DEFAULT_MAILBOX_PERMISSION[role];

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export interface Member {
  /** The id the sync server issued with the member's token. */
  id: string;
  name: string;
  /** Lower case; what `@email` mentions in notes are matched against. */
  email: string;
  role: Role;
  /** Mailbox address (lower case) → permission; a mailbox not listed is not accessible. */
  mailboxes: Record<string, MailboxPermission>;
  /** Removed members stay known so that the notes and activity they wrote keep their names. */
  removed: boolean;
}

export interface TagDefinition {
  /** Stable across renames; what conversations are tagged with. */
  id: string;
  name: string;
  /** `#rrggbb` */
  color: string;
}

export interface CannedResponse {
  id: string;
  title: string;
  text: string;
}

export interface Signature {
  id: string;
  name: string;
  text: string;
  /** The mailbox it is meant for, or null for any. */
  mailbox: string | null;
  /** The member whose own signature it is (per agent), or null for the team's. */
  member: string | null;
}

/** Who has a shared draft of a conversation in progress (the draft itself is its own document). */
export interface DraftMarker {
  editors: string[];
  at: number;
}

/** A recipient of a shared draft (the compose layer's Address, as the draft stores it). */
export interface DraftRecipient {
  address: string;
  name?: string;
}

export type RecipientKind = 'to' | 'cc' | 'bcc';

/**
 * A shared draft's recipients and subject: null while not set (the reply's own apply). Its
 * recipients are set together: from the first list set on, all three are the draft's.
 */
export interface DraftEnvelope {
  to: DraftRecipient[] | null;
  cc: DraftRecipient[] | null;
  bcc: DraftRecipient[] | null;
  subject: string | null;
}

/** The last reply sent from a conversation, as the team knows it ("replied by X at T"). */
export interface LastReply {
  /** The member who sent it (removed members' replies stay known). */
  member: string;
  /** When it was recorded as sent, by the member's clock (ms since the epoch). */
  at: number;
  messageId: string | null;
}

/**
 * A conversation's team state. A conversation nobody touched has none stored and reads as open,
 * unassigned and untagged.
 */
export interface ConversationState {
  conversationId: string;
  status: ConversationStatus;
  /** Set exactly when the status is snoozed (both are one stored value, so they never disagree). */
  snoozedUntil: number | null;
  /** A member id, or null. */
  assignee: string | null;
  /** Ids of tags defined in the settings (a tag whose definition was deleted is not listed). */
  tags: string[];
  /** Member ids of active members. */
  followers: string[];
  /** Members mentioned in a note of the conversation who have not cleared it yet. */
  mentioned: string[];
  draft: DraftMarker | null;
  /**
   * The latest reply any member sent (Conversation.recordReply), null when none is recorded: of
   * replies sent while apart, the later one (see state-codec.ts).
   */
  lastReply: LastReply | null;
}

/**
 * The status to show: a snooze whose time has come reads as open. Nobody needs to write the
 * wake-up (several apps doing it at once would only log it several times); the stored status
 * stays snoozed until someone changes it.
 */
export const effectiveStatus = (
  state: Pick<ConversationState, 'status' | 'snoozedUntil'>,
  now: number,
): ConversationStatus =>
  state.status === 'snoozed' && (state.snoozedUntil ?? 0) <= now ? 'open' : state.status;

export interface Note {
  id: string;
  conversationId: string;
  author: string;
  text: string;
  /** Member ids, from the `@email` mentions of the text as the author's app resolved them. */
  mentions: string[];
  createdAt: number;
  editedAt: number | null;
}

interface ActivityBase {
  id: string;
  conversationId: string;
  /** The member who did it. */
  actor: string;
  /** Milliseconds since the epoch, by the actor's clock. */
  at: number;
}

export interface AssignedEntry extends ActivityBase {
  kind: 'assigned';
  /** A member id, or null for unassigned. */
  assignee: string | null;
  /** The id of the assignment entry this one replaced as the actor saw it, or null for none. */
  previous: string | null;
}

export interface StatusEntry extends ActivityBase {
  kind: 'status';
  status: ConversationStatus;
  snoozedUntil: number | null;
}

export interface TagEntry extends ActivityBase {
  kind: 'tagged' | 'untagged';
  tag: string;
}

export interface FollowEntry extends ActivityBase {
  kind: 'followed' | 'unfollowed';
  member: string;
}

export interface NoteEntry extends ActivityBase {
  kind: 'noted' | 'note-edited' | 'note-deleted';
  noteId: string;
}

export interface ReplyEntry extends ActivityBase {
  kind: 'replied';
  messageId: string | null;
}

/** One event of a conversation's audit timeline. */
export type ActivityEntry =
  AssignedEntry | StatusEntry | TagEntry | FollowEntry | NoteEntry | ReplyEntry;
export type ActivityKind = ActivityEntry['kind'];

/** An assignment that lost to a concurrent one (both were made while apart). */
export interface OverriddenAssignment {
  entry: AssignedEntry;
  /** The assignment on the winning line that it collided with (null if not synced yet). */
  overriddenBy: AssignedEntry | null;
}
