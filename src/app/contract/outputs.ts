import type { MailAction } from '../../actions/mail-actions.js';
import type {
  ConversationListItem,
  ConversationMessage,
} from '../../queries/conversation-queries.js';
import type { SearchCut, SearchHit } from '../../search/search-messages.js';
import type { TeamStatus } from '../../team/client/team-status.js';
import type { ActivityKind } from '../../team/client/presence.js';
import type { Role } from '../../team/workspace/index.js';
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
  /** Solo use: the workspace is served in this process, for this user alone. */
  solo: boolean;
}

export interface AccountSummary {
  id: string;
  name: string;
  email: string;
  imapUrl: string;
  smtpUrl: string | null;
  /** Where the password comes from (`env:VAR`, `keychain:…`), never the password. */
  passwordRef: string | null;
  /** The last sync's failure of the account as a whole (cannot connect, wrong password). */
  syncError: string | null;
}

export interface RemovedAccount {
  id: string;
  email: string;
  messages: number;
  conversations: number;
  droppedActions: number;
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
  notes: Note[];
  messages: ConversationMessage[];
}

export interface SearchResult {
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
  /** Folders that failed on their own this pass. */
  failures: Array<{ path: string; error: string }>;
}

export interface SyncOnceResult {
  accounts: AccountSyncSummary[];
  /** Accounts that failed as a whole. */
  failures: Array<{ account: string; code: string; message: string }>;
  /** null: the data directory works in no team workspace. */
  team: {
    workspaceId: string;
    conversations: number;
    delivery: 'confirmed' | 'queued' | 'refused';
    /** What to tell a user when not confirmed. */
    note: string;
  } | null;
}

export interface SyncStatus {
  running: boolean;
  accounts: Array<{
    id: string;
    email: string;
    lastSyncedAt: string | null;
    syncError: string | null;
  }>;
  team: 'online' | 'offline' | 'token-refused' | 'solo' | 'none';
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
  'mail.conversation': ConversationView;
  'mail.search': SearchResult;
  'mail.mark': MarkResult;
  'mail.attachment': Attachment;
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
  'sync.runOnce': SyncOnceResult;
  'sync.start': SyncStatus;
  'sync.stop': SyncStatus;
  'sync.status': SyncStatus;
}

export type MethodOutput<M extends MethodName> = MethodOutputs[M];

// Every method has an output, and every output a method.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const EVERY_METHOD_HAS_AN_OUTPUT: Exact<keyof MethodOutputs, MethodName> = true;
