import type { MailAction } from '../../actions/mail-actions.js';
import type { ConversationCounts } from '../../queries/conversation-counts.js';
import type {
  ConversationListItem,
  ConversationMessage,
  LastReply,
} from '../../queries/conversation-queries.js';
import type { SearchCut, SearchHit } from '../../search/search-messages.js';
import type { TeamStatus } from '../../team/client/team-status.js';
import type { ActivityKind } from '../../team/client/presence.js';
import type { OutboxState } from '../../outbox/outbox-store.js';
import type { ConversationStatus, MailboxPermission, Role } from '../../team/workspace/index.js';
import type { MethodName } from './inputs.js';

/*
 * What each method answers: plain JSON (no Dates, no Maps, no class instances), the same through
 * a direct call, the Electron IPC and the browser host's WebSocket.
 */

/** Who acts through this app: its member of the team workspace (or of its solo workspace). */
export interface Actor {
  /** null before the data directory works in any workspace (no triage yet, no team joined). */
  memberId: string | null;
  name: string;
  email: string;
  role: Role | null;
  workspaceId: string | null;
  /**
   * The workspace's name, as its team server's directory has it; null for none (a solo
   * workspace) or before the workspace has reached this machine.
   */
  workspaceName: string | null;
  /** Solo use: the workspace is served in this process, for this user alone. */
  solo: boolean;
}

export interface AccountSummary {
  id: string;
  name: string;
  email: string;
  imapUrl: string;
  smtpUrl: string | null;
  /**
   * Where its mail lives: `imap`, on the server of `imapUrl` (replies go through `smtpUrl`);
   * `local`, in this app alone (the demo's mailboxes: no server, a reply is filed in its Sent).
   */
  transport: 'imap' | 'local';
  /** Where the password comes from (`env:VAR`, `keychain:…`), never the password. */
  passwordRef: string | null;
  /** The last sync's failure of the account as a whole (cannot connect, wrong password). */
  /** What the password is: a password, or an OAuth 2.0 access token (XOAUTH2). */
  auth: 'password' | 'xoauth2';
  /** The provider files sent mail in Sent itself (the outbox appends no copy). */
  providerFilesSent: boolean;
  syncError: string | null;
}

export interface RemovedAccount {
  id: string;
  email: string;
  messages: number;
  conversations: number;
  droppedActions: number;
  /** Messages of its outbox that were not sent. */
  droppedMessages: number;
}

export interface ConnectionTest {
  imap: { ok: true } | { ok: false; code: string; message: string };
  smtp: { ok: true } | { ok: false; code: string; message: string } | null;
}

export interface Folder {
  accountId: string;
  path: string;
  name: string;
  role: string | null;
  messages: number;
  unread: number;
  /** The last sync's failure of this folder (the server refused to open or read it). */
  syncError: string | null;
}

export interface Note {
  id: string;
  /** The author's email. */
  author: string;
  text: string;
  createdAt: string;
  /** The emails of the teammates it mentions. */
  mentions: string[];
}

export interface ConversationView {
  id: string;
  subject: string;
  status: string;
  assignee: string | null;
  tags: string[];
  /** "Replied by X at T", as in the list (ConversationListItem.lastReply), or null. */
  lastReply: LastReply | null;
  notes: Note[];
  /**
   * What the team did to it, oldest first (the workspace's activity log: assignments, statuses,
   * tags, replies; follows and notes are not told here, notes are `notes`). Members by their
   * addresses and names as the team directory has them, removed members included.
   */
  activity: ConversationActivity[];
  messages: ConversationMessage[];
  /**
   * This app's outbox messages of the conversation that the cache does not hold as mail yet
   * (waiting, sending, or sent before a sync brought the Sent copy in), oldest first: what a
   * reply shows as in its conversation the moment it is written.
   */
  outgoing: OutboxItem[];
}

/** One entry of a conversation's activity log, as `mail.conversation` tells it. */
export type ConversationActivity = {
  /** The log entry's id: stable, unique in the conversation. */
  id: string;
  /** By the actor's clock, ISO 8601. */
  at: string;
  /** The member who did it: their address, and their name (kept for members since removed). */
  actor: string;
  actorName: string;
} & (
  | { kind: 'assigned'; assignee: string | null; assigneeName: string | null }
  | { kind: 'status'; status: ConversationStatus; snoozedUntil: string | null }
  /** `tag`: the tag's name (its id when the tag was deleted since). */
  | { kind: 'tagged' | 'untagged'; tag: string }
  | { kind: 'replied' }
);

/** One message's content, read in full when it is shown (`mail.message`). */
export interface MessageContent {
  /** ConversationMessage.id. */
  id: number;
  /**
   * Its HTML as sent, inline `cid:` images as data: URLs; null when it has none. Not sanitized:
   * that is the viewer's job, as blocking its remote content is.
   */
  html: string | null;
  /** Its plain text (an HTML-only mail's HTML as text), or null when it has none. */
  text: string | null;
}

export interface SearchResult {
  /**
   * One per conversation, best first, by where it matched best: `kind: 'message'`, or
   * `kind: 'note'` (an internal note, with its `author`'s email and its `noteId`). Notes of
   * conversations in mailboxes this app's member may not access are never among them
   * (src/search/note-matches.ts).
   */
  hits: SearchHit[];
  /** Why fewer results than match were returned, if they were. */
  cut: SearchCut;
}

export interface MarkResult {
  action: MailAction;
  /** Copies changed here and queued for the server. */
  updated: number;
  /** Copies that already were as asked. */
  unchanged: number;
}

export interface Attachment {
  /** Safe to use as a file name (src/files/safe-file-name.ts). */
  filename: string;
  contentType: string;
  size: number;
  contentBase64: string;
}

/** What a triage call did, and whether the team server holds it yet. */
export interface TriageResult {
  conversationId: string;
  /** What was done, in a line for people ("assigned to ana@example.com"). */
  done: string;
  /**
   * `confirmed`: the team server holds it; `queued`: it cannot be reached, the change goes out
   * with the next connection; `solo`: there is no team server, nothing to wait for. (A refused
   * token is an error, `token-refused`: the change is kept but not accepted.)
   */
  delivery: 'confirmed' | 'queued' | 'solo';
}

export interface Joined {
  workspaceId: string;
  memberId: string;
  role: Role;
  name: string;
  email: string | null;
  carried: string;
  leftBehind: string[];
  confirmed: boolean;
}

export interface TeamMember {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** What an admin set this member may do with each shared mailbox (by address, lower case). */
  permissions: Record<string, MailboxPermission>;
  /** What applies to a mailbox `permissions` does not list: the role's default. */
  defaultPermission: MailboxPermission;
}

export interface TagInfo {
  id: string;
  name: string;
  color: string;
}

export interface TeammatePresence {
  member: { id: string; name: string; email: string };
  viewing: string | null;
  typing: { conversationId: string; kind: ActivityKind; until: string } | null;
}

export interface AccountSyncSummary {
  account: string;
  folders: number;
  added: number;
  removed: number;
  flagsChanged: number;
  bodies: number;
  actions: number;
}

/** A folder (`mailbox`) or a whole account (`mailbox: null`) that failed; the others went on. */
export interface SyncFailure {
  /** The account's address. */
  account: string;
  mailbox: string | null;
  code: string;
  message: string;
}

/** The team half of a sync: what its exchange with the team server came to. */
export interface TeamExchange {
  workspaceId: string;
  /** Conversations with team state, now in the cache. */
  conversations: number;
  delivery: 'confirmed' | 'queued' | 'refused';
  /** What to tell a user when not confirmed (the refusal, or why changes are queued); '' when confirmed. */
  note: string;
}

export interface SyncOnceResult {
  /** The accounts that synced (a folder of one may still have failed: `failures`). */
  accounts: AccountSyncSummary[];
  /** Every folder and account that failed, in the order met. */
  failures: SyncFailure[];
  /** null: no exchange (the data directory works in no team workspace, or see `teamError`). */
  team: TeamExchange | null;
  /**
   * Why the team half could not even start (a token refused before the workspace ever reached
   * this machine, a team server that cannot be reached then).
   */
  teamError: { code: string; message: string } | null;
}

export interface SyncStatus {
  /** Whether this app keeps the data directory in sync (`sync.start` until `sync.stop`). */
  running: boolean;
  accounts: Array<{
    id: string;
    email: string;
    /**
     * When this app last finished a pass over it, else when a sync last found one of its folders
     * changed (any process); null before its first sync.
     */
    lastSyncedAt: string | null;
    /** The last sync's failure of the account as a whole (cannot connect, wrong password). */
    syncError: string | null;
    /** Its folders whose last sync failed, and why. */
    folderErrors: Array<{ path: string; error: string }>;
  }>;
  /**
   * The team connection: as the running sync (or this app's last sync) found it; `solo`: served
   * in-process; `none`: no workspace yet.
   */
  team: 'online' | 'offline' | 'token-refused' | 'solo' | 'none';
}

/** A message of the outbox, as `switchboard outbox --json` lists it. */
export interface OutboxItem {
  id: number;
  messageId: string;
  conversationId: string | null;
  /** queued, scheduled, sending, sent, failed, unknown (the server may have it), held. */
  state: OutboxState;
  attempts: number;
  subject: string;
  to: string[];
  /** The last failure, as the server said it. */
  error?: string;
  /** Why it is held or unknown. */
  reason?: string;
  /**
   * Held: what the collision guard found, for a front end to say in its own words (`reason`
   * says it in a sentence): a teammate replied (`who`: their address, `at`: when), a teammate is
   * replying right now, or the customer (`who`) wrote again.
   */
  held?: {
    kind: 'teammate-replied' | 'teammate-replying' | 'customer-wrote';
    who: string;
    at: string;
  };
  /** When it goes (the undo window's end, or the time asked for), while it waits. */
  sendAt?: string;
  sentAt?: string;
}

/** What a reply, forward or new message became: queued, or (asked to go now) its outcome. */
export interface Queued {
  outboxId: number;
  messageId: string;
  conversationId: string | null;
  state: OutboxState;
  reason?: string;
  error?: string;
  sendAt?: string;
}

/**
 * What a link handed to the app asks a window to do: show a conversation, or start a new
 * message with a `mailto:` link's fields (addresses checked; the body's lines `\n`).
 */
export type LinkRequest =
  | { kind: 'conversation'; conversationId: string }
  | {
      kind: 'compose';
      to: DraftRecipient[];
      cc: DraftRecipient[];
      bcc: DraftRecipient[];
      subject: string;
      body: string;
    };

/** A recipient of a draft: an address, with the name to show if known. */
export interface DraftRecipient {
  address: string;
  name?: string;
}

/** A conversation's shared draft, as a composer shows it. */
export interface DraftView {
  conversationId: string;
  /** Its text, plain (a paragraph a line). */
  text: string;
  /** The recipients and subject it goes with: set in the draft, else the reply's own. */
  to: DraftRecipient[];
  cc: DraftRecipient[];
  bcc: DraftRecipient[];
  subject: string;
  /** Who wrote in it, the latest first. */
  editors: Array<{ id: string; name: string; email: string; at: string }>;
  /** When it got its first content (the collision guard's "since"), null while it has none. */
  startedAt: string | null;
  /** Its document as one Yjs update (base64): what a bound editor starts from. */
  state: string;
}

/** A Yjs relative position (Y.relativePositionToJSON): a place in a draft, valid in any replica. */
export interface RelativePositionJson {
  type?: { client: number; clock: number };
  tname?: string;
  item?: { client: number; clock: number };
  assoc?: number;
}

/** A caret and the selection it ends, in a shared draft (y-prosemirror's `cursor`). */
export interface DraftCaretPosition {
  anchor: RelativePositionJson;
  head: RelativePositionJson;
}

/** A teammate's caret in a shared draft they have open. */
export interface DraftCaret extends DraftCaretPosition {
  /** Their app's awareness client (a teammate may have the draft open in two apps). */
  clientId: number;
  member: { id: string; name: string; email: string };
}

/** A signature: the team's, or a member's own (`member`). */
export interface SignatureInfo {
  id: string;
  name: string;
  text: string;
  /** The mailbox it is for, or null for any. */
  mailbox: string | null;
  member: { id: string; name: string; email: string } | null;
}

export interface CannedInfo {
  id: string;
  name: string;
  text: string;
}

/** The answer of each method (see METHOD_INPUTS for what each takes). */
export interface MethodOutputs {
  'session.whoami': Actor;
  'accounts.list': AccountSummary[];
  'accounts.add': AccountSummary;
  'accounts.edit': AccountSummary;
  'accounts.remove': RemovedAccount;
  'accounts.testConnection': ConnectionTest;
  'mail.folders': Folder[];
  'mail.conversations': ConversationListItem[];
  'mail.counts': ConversationCounts;
  'mail.conversation': ConversationView;
  'mail.search': SearchResult;
  'mail.mark': MarkResult;
  'mail.attachment': Attachment;
  'mail.message': MessageContent;
  'triage.assign': TriageResult;
  'triage.setStatus': TriageResult;
  'triage.tag': TriageResult;
  'triage.note': TriageResult & { note: Note };
  'team.status': TeamStatus;
  'team.join': Joined;
  'team.leave': { workspaceId: string; dropped: number };
  'team.discard': { workspaceId: string; updates: number; documents: number };
  'team.members': TeamMember[];
  'team.tags': TagInfo[];
  'team.presence': TeammatePresence[];
  'team.setViewing': null;
  'team.setTyping': null;
  'team.setPermission': { email: string; mailbox: string; permission: MailboxPermission };
  'team.defineTag': TagInfo;
  'team.editTag': TagInfo;
  'drafts.open': DraftView;
  'drafts.edit': DraftView;
  'drafts.update': null;
  /** Everyone else's carets in the draft now (later changes come as `draft.awareness`). */
  'drafts.awareness': DraftCaret[];
  'drafts.close': null;
  'drafts.discard': null;
  'outbox.reply': Queued;
  'outbox.forward': Queued;
  'outbox.compose': Queued;
  'outbox.list': OutboxItem[];
  /** `backInDraft`: it was sent from the shared draft, which has its text again. */
  'outbox.cancel': OutboxItem & { backInDraft: boolean };
  'outbox.resend': Queued;
  'outbox.sendAnyway': Queued;
  'canned.list': CannedInfo[];
  'canned.add': CannedInfo;
  'signatures.list': SignatureInfo[];
  'signatures.save': SignatureInfo;
  'signatures.remove': null;
  'sync.runOnce': SyncOnceResult;
  'sync.start': SyncStatus;
  'sync.stop': SyncStatus;
  'sync.status': SyncStatus;
  'links.open': LinkRequest;
  'links.take': LinkRequest[];
}

export type MethodOutput<M extends MethodName> = MethodOutputs[M];

// Every method has an output, and every output a method.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const EVERY_METHOD_HAS_AN_OUTPUT: Exact<keyof MethodOutputs, MethodName> = true;
