import { MESSAGE_WEIGHTS } from './match-score.js';
import type { SearchQuery } from './parse-query.js';
import type { MatchText } from './rank-matches.js';
import { like, type MatchSource } from './ranked-matches.js';

/** A whole address (`from:ana@example.com`), not part of one (`from:ana`, `from:example.com`). */
const WHOLE_ADDRESS = /^[^\s@"]+@[^\s@"]+\.[^\s@".]+$/;

/**
 * A whole address's sender: walked by its index without free text (migration 015); with words,
 * found by the full-text index first and only checked (`+`: that index would lead the planner
 * through every message of that sender instead).
 */
const SENDER_BY_INDEX = 'm.from_address = ? COLLATE NOCASE';
const SENDER_CHECKED = `+${SENDER_BY_INDEX}`;

/**
 * Mail as search reads it: message_search (a term weighs more in the subject than in the
 * participants than in the body) over the messages, every operator a filter on the message rows.
 */
export function messageSource(query: SearchQuery, accountId: string | undefined): MatchSource {
  const where: string[] = [];
  const params: unknown[] = [];
  if (accountId) {
    // Not by its index: a query without free text walks the messages in time order instead.
    where.push('+m.account_id = ?');
    params.push(accountId);
  }
  for (const from of query.from) {
    if (WHOLE_ADDRESS.test(from)) {
      // That sender's messages: as part of a longer address, or of a name, it is someone else's.
      where.push(SENDER_CHECKED);
      params.push(from);
    } else {
      where.push("(m.from_address LIKE ? ESCAPE '\\' OR m.from_name LIKE ? ESCAPE '\\')");
      params.push(like(from), like(from));
    }
  }
  for (const to of query.to) {
    where.push("(m.to_json LIKE ? ESCAPE '\\' OR m.cc_json LIKE ? ESCAPE '\\')");
    params.push(like(to), like(to));
  }
  if (query.hasAttachment) where.push('m.has_attachments = 1');
  if (query.unread !== null) {
    where.push(
      `${query.unread ? '' : 'NOT '}EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id AND l.seen = 0)`,
    );
  }
  if (query.flagged)
    where.push(
      'EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id AND l.flagged = 1)',
    );
  for (const folder of query.folders) {
    where.push(
      `EXISTS (SELECT 1 FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id
               WHERE l.message_id = m.id AND (mb.path = ? COLLATE NOCASE OR mb.name = ? COLLATE NOCASE OR mb.role = lower(?)))`,
    );
    params.push(folder, folder, folder);
  }
  const fewRejected = where.length === 0;
  // Only messages that are filed somewhere (an expunged copy awaiting collection is not).
  where.push('EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id)');
  return {
    kind: 'message',
    index: 'message_search',
    rows: 'messages m',
    indexed: 'JOIN messages m ON m.search_key = message_search.rowid',
    id: 'm.id',
    conversation: 'm.conversation_id',
    time: 'm.received_at',
    key: 'm.search_key',
    // A message's key is set when its text is indexed; until then its body is pending. Both
    // said: a sender's messages without a key are then found in messages_from_address alone
    // (the body state alone read every message of that sender, 5-50 ms a contact on a cold
    // cache), and any other query's in messages_pending_body (the key alone: a scan, 0.7-1.2 s).
    unkeyed: "m.body_state = 'pending' AND m.search_key IS NULL",
    weights: MESSAGE_WEIGHTS,
    fewRejected,
    where,
    walkWhere: where.map((condition) =>
      condition === SENDER_CHECKED ? SENDER_BY_INDEX : condition,
    ),
    params,
    texts: (db, ids) =>
      db
        .prepare<[string], MatchText>(
          `SELECT id, conversation_id, subject, participants FROM messages
           WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(ids)),
  };
}
