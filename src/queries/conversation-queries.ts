import type { Db } from '../db/open-database.js';
import { formatAddress, type Address } from '../mail/message-record.js';
import { UserError } from '../errors.js';

export interface ConversationListItem {
  id: string;
  subject: string;
  messageCount: number;
  lastMessageAt: string;
  participants: string[];
  unread: boolean;
  /** Team state (the workspace's, as projected into conversation_team_state): open when unset. */
  status: string;
  /** The assignee's email, or null. */
  assignee: string | null;
  tags: string[];
  /** "Replied by X at T": the conversation's last reply as the team knows it, or null. */
  lastReply: LastReply | null;
}

/**
 * The last reply sent from a conversation, from its team state (a teammate's shows as soon as the
 * team layer brings it, before any mail sync brings the message): the sender's email, and when
 * it was sent (ISO 8601, the sender's clock). Null when none is known.
 */
export interface LastReply {
  by: string;
  at: string;
}

/** The projection's columns of the last reply (`t`: conversation_team_state). */
const LAST_REPLY_COLUMNS = 't.last_reply_email, t.last_reply_at';

function lastReplyOf(row: {
  last_reply_email: string | null;
  last_reply_at: number | null;
}): LastReply | null {
  if (row.last_reply_at === null) return null;
  // A member the directory has no email for (never the case for a member who could reply).
  return { by: row.last_reply_email ?? '', at: new Date(row.last_reply_at).toISOString() };
}

/**
 * Team filters of the list: an assignee (by email, or by member id: `--assignee me` reads this
 * data directory's member, which needs no workspace document), or `none`; a status; a tag.
 */
export interface TeamFilter {
  assignee?: { email: string } | { memberId: string } | 'none';
  status?: string;
  tag?: string;
}

/**
 * The status as every list, filter and count reads it: a snooze whose time has come is open.
 * Nobody writes the wake-up (every app would log it at once, and none may be running then): the
 * stored status stays snoozed until someone changes it, and reads compare its time with `now`.
 * The same rule as the workspace model's `effectiveStatus` (src/team/workspace/model.ts), in SQL
 * so that the filter runs in the query. One parameter: `now` (ms).
 */
const EFFECTIVE_STATUS = `CASE WHEN t.status = 'snoozed' AND coalesce(t.snooze_until, 0) <= ? THEN 'open' ELSE coalesce(t.status, 'open') END`;

export interface ConversationMessage {
  messageId: string | null;
  from: string;
  to: string[];
  cc: string[];
  date: string;
  subject: string;
  text: string | null;
  folders: string[];
  unread: boolean;
  problems: string | null;
  /** `id`: what fetches the attachment's content (the app's `mail.attachment`). */
  attachments: Array<{ id: number; filename: string | null; contentType: string; size: number }>;
}

export interface ConversationDetail {
  id: string;
  subject: string;
  /** Team state, as in the list. */
  status: string;
  assignee: string | null;
  tags: string[];
  lastReply: LastReply | null;
  messages: ConversationMessage[];
}

interface ConversationRow {
  id: string;
  subject: string;
  message_count: number;
  unread_count: number;
  last_message_at: number;
  participants_json: string;
  status: string | null;
  assignee_email: string | null;
  tags_json: string | null;
  last_reply_email: string | null;
  last_reply_at: number | null;
}

export function listConversations(
  db: Db,
  options: {
    accountId?: string;
    folder?: string;
    limit?: number;
    team?: TeamFilter;
    /** The time snoozes are compared with (ms; default: the current time). */
    now?: number;
  } = {},
): ConversationListItem[] {
  const now = options.now ?? Date.now();
  const where = ['c.message_count > 0'];
  const params: unknown[] = [];
  if (options.accountId) {
    where.push('c.account_id = ?');
    params.push(options.accountId);
  }
  if (options.folder) {
    const ids = db
      .prepare<[string, string, string], { id: number }>(
        'SELECT id FROM mailboxes WHERE path = ? COLLATE NOCASE OR name = ? COLLATE NOCASE OR role = lower(?)',
      )
      .all(options.folder, options.folder, options.folder)
      .map((row) => row.id);
    if (ids.length === 0) throw new UserError('not-found', `no such folder: ${options.folder}`);
    where.push(
      `EXISTS (SELECT 1 FROM messages m JOIN message_locations l ON l.message_id = m.id
               WHERE m.conversation_id = c.id AND l.mailbox_id IN (${ids.map(() => '?').join(',')}))`,
    );
    params.push(...ids);
  }
  const team = options.team ?? {};
  if (team.assignee === 'none') where.push('t.assignee_email IS NULL');
  else if (team.assignee && 'memberId' in team.assignee) {
    where.push('t.assignee_id = ?');
    params.push(team.assignee.memberId);
  } else if (team.assignee) {
    where.push('t.assignee_email = ? COLLATE NOCASE');
    params.push(team.assignee.email);
  }
  if (team.status) {
    where.push(`${EFFECTIVE_STATUS} = ?`);
    params.push(now, team.status);
  }
  if (team.tag) {
    where.push('EXISTS (SELECT 1 FROM json_each(t.tags_json) WHERE value = ? COLLATE NOCASE)');
    params.push(team.tag);
  }
  const rows = db
    .prepare<unknown[], ConversationRow>(
      `SELECT c.id, c.subject, c.message_count, c.unread_count, c.last_message_at, c.participants_json,
              ${EFFECTIVE_STATUS} AS status, t.assignee_email, t.tags_json, ${LAST_REPLY_COLUMNS}
       FROM conversations c LEFT JOIN conversation_team_state t ON t.conversation_id = c.id
       WHERE ${where.join(' AND ')}
       ORDER BY c.last_message_at DESC, c.id LIMIT ?`,
    )
    .all(now, ...params, options.limit ?? -1);
  return rows.map((row) => ({
    id: row.id,
    subject: row.subject,
    messageCount: row.message_count,
    lastMessageAt: new Date(row.last_message_at).toISOString(),
    participants: JSON.parse(row.participants_json) as string[],
    unread: row.unread_count > 0,
    status: row.status ?? 'open',
    assignee: row.assignee_email,
    tags: row.tags_json ? (JSON.parse(row.tags_json) as string[]) : [],
    lastReply: lastReplyOf(row),
  }));
}

/** Resolves a conversation id, following merges (a late parent joined two conversations). */
export function resolveConversationId(db: Db, id: string): string | undefined {
  let current = id;
  for (let hops = 0; hops < 16; hops += 1) {
    if (db.prepare('SELECT 1 FROM conversations WHERE id = ?').get(current)) return current;
    const alias = db
      .prepare<[string], { new_id: string }>(
        'SELECT new_id FROM conversation_aliases WHERE old_id = ?',
      )
      .get(current);
    if (!alias) return undefined;
    current = alias.new_id;
  }
  return undefined;
}

interface MessageRow {
  id: number;
  message_id: string | null;
  from_name: string;
  from_address: string;
  to_json: string;
  cc_json: string;
  sent_at: number | null;
  received_at: number;
  subject: string;
  body_text: string | null;
  problems: string | null;
  folders: string | null;
  unread: number;
}

export function showConversation(
  db: Db,
  id: string,
  /** `now`: the time snoozes are compared with (ms; default: the current time). */
  options: { now?: number } = {},
): ConversationDetail {
  const resolved = resolveConversationId(db, id);
  if (!resolved) throw new UserError('not-found', `unknown conversation: ${id}`);
  const conversation = db
    .prepare<
      [number, string],
      Pick<
        ConversationRow,
        'subject' | 'status' | 'assignee_email' | 'tags_json' | 'last_reply_email' | 'last_reply_at'
      >
    >(
      `SELECT c.subject, ${EFFECTIVE_STATUS} AS status, t.assignee_email, t.tags_json, ${LAST_REPLY_COLUMNS}
       FROM conversations c LEFT JOIN conversation_team_state t ON t.conversation_id = c.id WHERE c.id = ?`,
    )
    .get(options.now ?? Date.now(), resolved)!;
  const rows = db
    .prepare<[string], MessageRow>(
      `SELECT m.id, m.message_id, m.from_name, m.from_address, m.to_json, m.cc_json, m.sent_at, m.received_at,
              m.subject, m.body_text, m.problems,
              (SELECT group_concat(mb.path, char(10)) FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id
                 WHERE l.message_id = m.id) AS folders,
              EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id AND l.seen = 0) AS unread
       FROM messages m
       WHERE m.conversation_id = ? AND EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id)
       ORDER BY m.received_at, m.id`,
    )
    .all(resolved);
  const attachments = db.prepare<
    [number],
    { id: number; filename: string | null; content_type: string; size: number }
  >('SELECT id, filename, content_type, size FROM attachments WHERE message_id = ? ORDER BY id');
  return {
    id: resolved,
    subject: conversation.subject,
    status: conversation.status ?? 'open',
    assignee: conversation.assignee_email,
    tags: conversation.tags_json ? (JSON.parse(conversation.tags_json) as string[]) : [],
    lastReply: lastReplyOf(conversation),
    messages: rows.map((row) => ({
      messageId: row.message_id,
      from: formatAddress({ name: row.from_name, address: row.from_address }),
      to: (JSON.parse(row.to_json) as Address[]).map(formatAddress),
      cc: (JSON.parse(row.cc_json) as Address[]).map(formatAddress),
      date: new Date(row.sent_at ?? row.received_at).toISOString(),
      subject: row.subject,
      text: row.body_text,
      folders: row.folders ? row.folders.split('\n') : [],
      unread: row.unread === 1,
      problems: row.problems,
      attachments: attachments.all(row.id).map((entry) => ({
        id: entry.id,
        filename: entry.filename,
        contentType: entry.content_type,
        size: entry.size,
      })),
    })),
  };
}
