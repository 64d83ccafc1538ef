import type { Db } from '../db/open-database.js';
import { ftsPhrase, parseSearchQuery } from './parse-query.js';

export interface SearchHit {
  conversationId: string;
  subject: string;
  snippet: string;
}

interface HitRow {
  conversation_id: string;
  subject: string;
  snippet: string | null;
}

/**
 * Ranked search over the cache. Free text goes to FTS5 (bm25, subject weighted above
 * participants above body); operators become SQL filters on the message rows. One hit per
 * conversation, in the order of its best message.
 */
export function searchMessages(db: Db, input: string, options: { accountId?: string; limit?: number } = {}): SearchHit[] {
  const query = parseSearchQuery(input);
  const limit = options.limit ?? 50;
  const where: string[] = [];
  const params: unknown[] = [];

  const fts = [
    ...query.text.map(ftsPhrase),
    ...query.subject.map((term) => `subject : ${ftsPhrase(term)}`),
  ].join(' AND ');

  if (options.accountId) {
    where.push('m.account_id = ?');
    params.push(options.accountId);
  }
  for (const from of query.from) {
    where.push('(m.from_address LIKE ? ESCAPE \'\\\' OR m.from_name LIKE ? ESCAPE \'\\\')');
    params.push(like(from), like(from));
  }
  for (const to of query.to) {
    where.push('(m.to_json LIKE ? ESCAPE \'\\\' OR m.cc_json LIKE ? ESCAPE \'\\\')');
    params.push(like(to), like(to));
  }
  if (query.hasAttachment) where.push('m.has_attachments = 1');
  if (query.unread !== null) {
    where.push(`${query.unread ? '' : 'NOT '}EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id AND l.seen = 0)`);
  }
  if (query.flagged) where.push('EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id AND l.flagged = 1)');
  for (const folder of query.folders) {
    where.push(
      `EXISTS (SELECT 1 FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id
               WHERE l.message_id = m.id AND (mb.path = ? COLLATE NOCASE OR mb.name = ? COLLATE NOCASE OR mb.role = lower(?)))`,
    );
    params.push(folder, folder, folder);
  }
  if (query.before !== null) {
    where.push('m.received_at < ?');
    params.push(query.before);
  }
  if (query.after !== null) {
    where.push('m.received_at >= ?');
    params.push(query.after);
  }
  // Only messages that are filed somewhere (an expunged copy awaiting collection is not).
  where.push('EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id)');

  // Enough message hits to fill `limit` conversations in the usual case.
  const fetchLimit = limit * 4;
  const rows = fts
    ? db
        .prepare<unknown[], HitRow>(
          `SELECT m.conversation_id, coalesce(c.subject, m.subject) AS subject,
                  snippet(message_search, -1, '', '', '…', 16) AS snippet
           FROM message_search
           JOIN messages m ON m.id = message_search.rowid
           LEFT JOIN conversations c ON c.id = m.conversation_id
           WHERE message_search MATCH ? AND ${where.join(' AND ')}
           ORDER BY bm25(message_search, 8.0, 3.0, 1.0)
           LIMIT ?`,
        )
        .all(fts, ...params, fetchLimit)
    : db
        .prepare<unknown[], HitRow>(
          `SELECT m.conversation_id, coalesce(c.subject, m.subject) AS subject,
                  substr(coalesce(m.body_text, ''), 1, 160) AS snippet
           FROM messages m LEFT JOIN conversations c ON c.id = m.conversation_id
           WHERE ${where.join(' AND ')}
           ORDER BY m.received_at DESC
           LIMIT ?`,
        )
        .all(...params, fetchLimit);

  const hits = new Map<string, SearchHit>();
  for (const row of rows) {
    if (hits.has(row.conversation_id)) continue;
    hits.set(row.conversation_id, {
      conversationId: row.conversation_id,
      subject: row.subject,
      snippet: (row.snippet ?? '').replace(/\s+/g, ' ').trim(),
    });
    if (hits.size >= limit) break;
  }
  return [...hits.values()];
}

function like(value: string): string {
  return `%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
