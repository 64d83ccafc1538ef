import type { Db } from '../db/open-database.js';
import { formatAddress, type Address } from '../mail/message-record.js';
import { UserError } from '../errors.js';
import { SNIPPET_SOURCE_LENGTH, snippetOf } from './list-snippet.js';
import { foldedRange } from './thread-fold.js';

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
  /**
   * Who the conversation is with, as a From has it (a name may be empty): the sender of its
   * latest message not sent from the mailbox itself (after a reply of ours the row still names
   * the customer, as Front and Missive do), else of its latest message.
   */
  from: { name: string; email: string };
  /** The start of the latest message's own text on one line (snippetOf); empty when none yet. */
  snippet: string;
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
  /** Conversations where a teammate's note mentions this member. */
  mentioned?: MentionFilter;
}

/**
 * Whose mentions, in which notes: the current workspace's (`workspaceId`) on conversations of
 * `accountIds` (null: any), the notes this data directory may read (src/search/note-matches.ts,
 * noteAccess). `email`: the member mentioned.
 */
export interface MentionFilter {
  workspaceId: string;
  accountIds: string[] | null;
  email: string;
}

/** A piece of a WHERE clause and its parameters. */
interface Condition {
  sql: string;
  params: unknown[];
}

/**
 * Whether a conversation (`c`) is one where a teammate's note mentions the member: a note of the
 * workspace whose text holds `@` + the member's address (how a note mentions, see
 * src/team/workspace/mentions.ts), written by someone else. Read from the notes' projection
 * (migration 007): the notes are few beside the mail, so their conversations are found first
 * and the list walks on in its own order.
 */
export function mentionCondition(mention: MentionFilter): Condition {
  const email = mention.email.toLowerCase();
  const accounts = mention.accountIds;
  return {
    sql: `c.id IN (SELECT n.conversation_id FROM conversation_notes n
                   LEFT JOIN team_members a ON a.workspace_id = n.workspace_id AND a.member_id = n.author_id
                   WHERE n.workspace_id = ? AND instr(lower(n.text), ?) > 0 AND coalesce(lower(a.email), '') <> ?)
          ${accounts === null ? '' : `AND c.account_id IN (${accounts.map(() => '?').join(',') || 'NULL'})`}`,
    params: [mention.workspaceId, `@${email}`, email, ...(accounts ?? [])],
  };
}

/**
 * Whether a conversation (`t`: its team state) is assigned as the filter says. `IS`, not `=`:
 * a condition that fails on a missing team state lets SQLite read the team states first and sort
 * what matches (20,000 of 100,000: 40-90 ms a page); with `IS` the list walks the conversations
 * newest first (conversations_newest) and stops at its page (2-4 ms).
 */
export function assigneeCondition(assignee: NonNullable<TeamFilter['assignee']>): Condition {
  if (assignee === 'none') return { sql: 't.assignee_email IS NULL', params: [] };
  if ('memberId' in assignee) return { sql: 't.assignee_id IS ?', params: [assignee.memberId] };
  return { sql: 't.assignee_email IS ? COLLATE NOCASE', params: [assignee.email] };
}

/**
 * The status as every list, filter and count reads it: a snooze whose time has come is open.
 * Nobody writes the wake-up (every app would log it at once, and none may be running then): the
 * stored status stays snoozed until someone changes it, and reads compare its time with `now`.
 * The same rule as the workspace model's `effectiveStatus` (src/team/workspace/model.ts), in SQL
 * so that the filter runs in the query. One parameter: `now` (ms).
 */
export const EFFECTIVE_STATUS = `CASE WHEN t.status = 'snoozed' AND coalesce(t.snooze_until, 0) <= ? THEN 'open' ELSE coalesce(t.status, 'open') END`;

export interface ConversationMessage {
  /** The cache's id of the message: what reads it in full (the app's `mail.message`). */
  id: number;
  messageId: string | null;
  from: string;
  to: string[];
  cc: string[];
  date: string;
  subject: string;
  /** Its text; null when not downloaded yet, or left out of a folded view (`folded`). */
  text: string | null;
  /** The start of its own words on one line (snippetOf), for a message shown as one line. */
  snippet: string;
  /**
   * A long thread's middle message in a view asked folded (thread-fold.ts): shown folded, and
   * read in full (the app's `mail.message`) when it is opened; a plain one's text is left out.
   */
  folded: boolean;
  /**
   * It has an HTML version (that `mail.message` reads); false: plain text only; null: not known
   * (filed before the cache recorded it).
   */
  hasHtml: boolean | null;
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

/** A listed row with its latest message's sender and the start of its text. */
interface ListedRow extends ConversationRow {
  from_name: string | null;
  from_address: string | null;
  latest_text: string | null;
}

/**
 * The conversations the filters select, newest first: `limit` of them from `offset` on (a
 * page). The latest message's sender and snippet are read for the page's rows only, after the
 * page is chosen, so that a page of 100,000 conversations costs its walk to the page, not a
 * message lookup per conversation passed.
 */
export function listConversations(
  db: Db,
  options: {
    accountId?: string;
    folder?: string;
    limit?: number;
    /** How many of the selected conversations to skip first (paging). */
    offset?: number;
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
  const conditions = [
    team.assignee && assigneeCondition(team.assignee),
    team.mentioned && mentionCondition(team.mentioned),
  ];
  for (const condition of conditions) {
    if (!condition) continue;
    where.push(condition.sql);
    params.push(...condition.params);
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
    .prepare<unknown[], ListedRow>(
      `SELECT p.*, coalesce(cm.from_name, m.from_name) AS from_name,
              coalesce(cm.from_address, m.from_address) AS from_address,
              substr(m.body_text, 1, ${SNIPPET_SOURCE_LENGTH}) AS latest_text
       FROM (SELECT c.id, c.account_id, c.subject, c.message_count, c.unread_count, c.last_message_at, c.participants_json,
                    ${EFFECTIVE_STATUS} AS status, t.assignee_email, t.tags_json, ${LAST_REPLY_COLUMNS}
             FROM conversations c LEFT JOIN conversation_team_state t ON t.conversation_id = c.id
             WHERE ${where.join(' AND ')}
             ORDER BY c.last_message_at DESC, c.id LIMIT ? OFFSET ?) p
       LEFT JOIN messages m ON m.id = (
         SELECT lm.id FROM messages lm
         WHERE lm.conversation_id = p.id AND EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = lm.id)
         ORDER BY lm.received_at DESC, lm.id DESC LIMIT 1)
       LEFT JOIN messages cm ON cm.id = (
         SELECT lm.id FROM messages lm
         WHERE lm.conversation_id = p.id
           AND lm.from_address <> (SELECT a.email FROM accounts a WHERE a.id = p.account_id) COLLATE NOCASE
           AND EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = lm.id)
         ORDER BY lm.received_at DESC, lm.id DESC LIMIT 1)
       ORDER BY p.last_message_at DESC, p.id`,
    )
    .all(now, ...params, options.limit ?? -1, options.offset ?? 0);
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
    from: { name: row.from_name ?? '', email: row.from_address ?? '' },
    snippet: snippetOf(row.latest_text),
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
  has_html: number | null;
  problems: string | null;
  folders: string | null;
  unread: number;
}

export function showConversation(
  db: Db,
  id: string,
  /**
   * `now`: the time snoozes are compared with (ms; default: the current time); `fold`: leave out
   * the texts of a long thread's middle messages (thread-fold.ts).
   */
  options: { now?: number; fold?: boolean } = {},
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
  // The texts are read apart, unsorted: sorting rows that carry their texts (and reading the
  // columns stored after a long text, through its overflow pages) took 10-45 ms for a thread of
  // 120 messages (460 kB of text) instead of 3-5.
  const rows = db
    .prepare<[string], MessageRow>(
      `SELECT m.id, m.message_id, m.from_name, m.from_address, m.to_json, m.cc_json, m.sent_at, m.received_at,
              m.subject, m.has_html, m.problems,
              (SELECT group_concat(mb.path, char(10)) FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id
                 WHERE l.message_id = m.id) AS folders,
              EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id AND l.seen = 0) AS unread
       FROM messages m
       WHERE m.conversation_id = ? AND EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id)
       ORDER BY m.received_at, m.id`,
    )
    .all(resolved);
  const texts = new Map(
    db
      .prepare<[string], [number, string | null]>(
        'SELECT id, body_text FROM messages WHERE conversation_id = ?',
      )
      .raw()
      .all(resolved),
  );
  const folded = options.fold ? foldedRange(rows.length) : undefined;
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
    messages: rows.map((row, index) => ({
      id: row.id,
      messageId: row.message_id,
      from: formatAddress({ name: row.from_name, address: row.from_address }),
      to: (JSON.parse(row.to_json) as Address[]).map(formatAddress),
      cc: (JSON.parse(row.cc_json) as Address[]).map(formatAddress),
      date: new Date(row.sent_at ?? row.received_at).toISOString(),
      subject: row.subject,
      ...textOf(
        texts.get(row.id) ?? null,
        folded !== undefined && index >= folded.from && index < folded.to,
        row.has_html === 0,
      ),
      hasHtml: row.has_html === null ? null : row.has_html === 1,
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

/**
 * A message's text and snippet, the text left out when it is folded and plain: mail.message
 * gives a plain message's text from the cache, where an HTML one's is read from its source,
 * which its server may not give offline (the text kept here would be lost to the screen).
 */
function textOf(
  text: string | null,
  folded: boolean,
  plain: boolean,
): Pick<ConversationMessage, 'text' | 'snippet' | 'folded'> {
  const snippet = snippetOf(text && text.slice(0, SNIPPET_SOURCE_LENGTH));
  return { text: folded && plain ? null : text, snippet, folded };
}
