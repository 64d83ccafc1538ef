import type { Db } from '../db/open-database.js';
import { mailboxPermissionOf, type MailboxPermission, type Role } from '../team/workspace/model.js';
import { NOTE_WEIGHTS } from './match-score.js';
import type { SearchQuery } from './parse-query.js';
import type { MatchText } from './rank-matches.js';
import { like, type MatchSource } from './ranked-matches.js';

/**
 * Which internal notes a search of this data directory may return: those of its current
 * workspace (the projection keeps the notes of every workspace it worked in, migration 007) on
 * conversations of `accountIds`, or of any conversation in the cache (null). Undefined: none (the
 * data directory works in no workspace).
 *
 * The rule, "a member sees what it may see": in a team workspace, the notes of a conversation
 * whose shared mailbox this data directory's member may not access are not returned: its
 * permission there (`mailboxPermissionOf`: what an admin set, else its role's default, which
 * gives every role access) is `no-access`, or the member was removed. Every member's replica
 * holds every note of the workspace, whatever the mailbox, so this is the rule's only gate (the
 * conversation view applies the same rule). In solo use (a workspace of one, served in this
 * process) there is nobody else to keep anything from: every note is the user's own.
 *
 * Mail is not filtered by it: the mail in this cache is what this data directory syncs with its
 * own credentials for the account, which `conversations` and `show` list and show as well.
 * Whoever holds a mailbox's IMAP password reads it; the workspace's permissions govern the
 * team's own words. And a note whose conversation is not in this cache (its mailbox is not synced
 * here, or not yet) is never returned: there is no mailbox to check, and nothing to open.
 */
export interface NoteAccess {
  workspaceId: string;
  accountIds: string[] | null;
}

export function noteAccess(db: Db): NoteAccess | undefined {
  const workspace = db
    .prepare<[], { workspace_id: string; server_url: string | null; member_id: string | null }>(
      'SELECT workspace_id, server_url, member_id FROM team_workspaces',
    )
    .get();
  if (!workspace) return undefined;
  if (workspace.server_url === null)
    return { workspaceId: workspace.workspace_id, accountIds: null };
  const member = db
    .prepare<[string, string | null], { role: string; mailboxes_json: string }>(
      'SELECT role, mailboxes_json FROM team_members WHERE workspace_id = ? AND member_id = ? AND removed = 0',
    )
    .get(workspace.workspace_id, workspace.member_id);
  const set = member
    ? (JSON.parse(member.mailboxes_json) as Record<string, MailboxPermission>)
    : {};
  const accountIds = member
    ? db
        .prepare<[], { id: string; email: string }>('SELECT id, email FROM accounts')
        .all()
        .filter(
          (account) =>
            mailboxPermissionOf(member.role as Role, set[account.email.toLowerCase()]) !==
            'no-access',
        )
        .map((account) => account.id)
    : [];
  return { workspaceId: workspace.workspace_id, accountIds };
}

/**
 * Whether notes can match the query. `in:notes` asks for notes only; the operators that describe
 * a message leave notes out (a note has no recipients, subject, attachments, flags or folder):
 * to:, subject:, has:attachment, is:, in:FOLDER. `from:` is a note's author (name or email: the
 * teammate who wrote it), and before:/after: its creation time.
 */
export function notesCanMatch(query: SearchQuery): boolean {
  return (
    query.to.length === 0 &&
    query.subject.length === 0 &&
    query.folders.length === 0 &&
    !query.hasAttachment &&
    query.unread === null &&
    query.flagged === null
  );
}

/** The notes as search reads them: note_search over conversation_notes, of conversations in the cache. */
export function noteSource(
  query: SearchQuery,
  access: NoteAccess,
  accountId: string | undefined,
): MatchSource {
  // The workspace not by its index: a query without free text walks the notes in time order.
  const where = ['+n.workspace_id = ?', 'c.message_count > 0'];
  const params: unknown[] = [access.workspaceId];
  if (access.accountIds) {
    where.push('c.account_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(access.accountIds));
  }
  if (accountId) {
    where.push('c.account_id = ?');
    params.push(accountId);
  }
  for (const from of query.from) {
    where.push(
      `EXISTS (SELECT 1 FROM team_members tm WHERE tm.workspace_id = n.workspace_id AND tm.member_id = n.author_id
               AND (tm.email LIKE ? ESCAPE '\\' OR tm.name LIKE ? ESCAPE '\\'))`,
    );
    params.push(like(from), like(from));
  }
  const conversation = 'JOIN conversations c ON c.id = n.conversation_id';
  return {
    kind: 'note',
    index: 'note_search',
    rows: `conversation_notes n ${conversation}`,
    indexed: `JOIN conversation_notes n ON n.search_key = note_search.rowid ${conversation}`,
    id: 'n.id',
    conversation: 'n.conversation_id',
    time: 'n.created_at',
    key: 'n.search_key',
    weights: NOTE_WEIGHTS,
    // The notes of other workspaces, of conversations no longer cached, of mailboxes not
    // accessible: those the index holds and a search does not return can be many.
    fewRejected: false,
    where,
    params,
    // A note is ranked as a message body would be: the one text, no subject nor participants.
    texts: (db, ids) =>
      db
        .prepare<[string], MatchText>(
          `SELECT id, conversation_id, '' AS subject, '' AS participants
           FROM conversation_notes WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(ids)),
  };
}
