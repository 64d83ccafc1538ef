import type { Db } from '../db/open-database.js';
import { ftsPhrase, parseSearchQuery } from './parse-query.js';
import { searchKeyFloor } from './search-key.js';
import { searchableText } from './searchable-text.js';
import { rankMatches, type MatchText } from './rank-matches.js';
import { makeSnippet } from './snippet.js';
import { wordsOf } from './words.js';

export interface SearchHit {
  conversationId: string;
  subject: string;
  snippet: string;
}

interface HitRow {
  id: number;
  conversation_id: string;
}

/** How many of the newest matches are ranked (see the query below). */
const CANDIDATES = 1000;
/** How many of the newest matches of a query with a phrase are ranked (`phraseMatches`). */
const PHRASE_CANDIDATES = 300;

/**
 * Why a search shows fewer results than match: more conversations than the limit, or a full text
 * query matched more messages than are ranked (the newest `ranked`), which no limit changes.
 */
export type SearchCut =
  { reason: 'limit'; shown: number } | { reason: 'window'; ranked: number } | null;

/**
 * Ranked search over the cache. Free text goes to FTS5 (bm25, subject weighted above
 * participants above body); operators become SQL filters on the message rows. One hit per
 * conversation, in the order of its best message.
 */
export function searchMessages(
  db: Db,
  input: string,
  options: { accountId?: string; limit?: number } = {},
): SearchHit[] {
  const found = findMatches(db, input, options.accountId, options.limit ?? 50);
  return toHits(db, found.rows, found.terms);
}

/** searchMessages, and whether (and why) matches were left out: what a user must be told. */
export function searchWithCut(
  db: Db,
  input: string,
  options: { accountId?: string; limit?: number } = {},
): { hits: SearchHit[]; cut: SearchCut } {
  const limit = options.limit ?? 50;
  // One more than shown: whether there is more costs nothing then.
  const found = findMatches(db, input, options.accountId, limit + 1);
  const hits = toHits(db, found.rows.slice(0, limit), found.terms);
  if (found.rows.length > limit) return { hits, cut: { reason: 'limit', shown: limit } };
  const ranked = found.window;
  return { hits, cut: ranked?.full() ? { reason: 'window', ranked: ranked.size } : null };
}

interface Matches {
  rows: HitRow[];
  terms: string[];
  /** A full text query ranks only its newest matches: how many, and whether it had more. */
  window?: { size: number; full(): boolean };
}

function findMatches(db: Db, input: string, accountId: string | undefined, limit: number): Matches {
  const query = parseSearchQuery(input);
  const where: string[] = [];
  const params: unknown[] = [];

  const fts = [
    ...query.text.map(ftsPhrase),
    ...query.subject.map((term) => `subject : ${ftsPhrase(term)}`),
  ].join(' AND ');

  if (accountId) {
    where.push('m.account_id = ?');
    params.push(accountId);
  }
  for (const from of query.from) {
    where.push("(m.from_address LIKE ? ESCAPE '\\' OR m.from_name LIKE ? ESCAPE '\\')");
    params.push(like(from), like(from));
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
  const ftsRange: string[] = [];
  if (query.before !== null) {
    where.push('m.received_at < ?');
    params.push(query.before);
    ftsRange.push(`message_search.rowid < ${searchKeyFloor(query.before)}`);
  }
  if (query.after !== null) {
    where.push('m.received_at >= ?');
    params.push(query.after);
    ftsRange.push(`message_search.rowid >= ${searchKeyFloor(query.after)}`);
  }
  // Only messages that are filed somewhere (an expunged copy awaiting collection is not).
  where.push('EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id)');

  const terms = [...query.text, ...query.subject];
  const conditions = [...ftsRange, ...where].join(' AND ');
  if (!fts) {
    const rows = db
      .prepare<unknown[], HitRow>(
        `SELECT m.id, m.conversation_id, max(m.received_at) AS newest
         FROM messages m
         WHERE ${where.join(' AND ')}
         GROUP BY m.conversation_id ORDER BY newest DESC
         LIMIT ?`,
      )
      .all(...params, limit);
    return { rows, terms };
  }
  const phrases = terms.map(wordsOf);
  const phrased = phrases.some((words) => words.length > 1);
  const rows = phrased
    ? bestPerConversation(rankMatches(phraseMatches(db, fts, conditions, params), phrases), limit)
    : db
        .prepare<unknown[], HitRow>(
          // bm25 (subject weighted above participants above body) over the newest matches only:
          // the index walks rowids newest first (search-key.ts), so a word found in most of the
          // mailbox costs CANDIDATES rankings, not one per message (bench:search). One hit per
          // conversation, its best-ranked message (SQLite takes bare columns from the min row).
          `SELECT id, conversation_id, min(score) AS best FROM (
             SELECT m.id, m.conversation_id, bm25(message_search, 8.0, 3.0, 1.0) AS score
             FROM message_search JOIN messages m ON m.search_key = message_search.rowid
             WHERE message_search MATCH ? AND ${conditions}
             ORDER BY message_search.rowid DESC
             LIMIT ${CANDIDATES})
           GROUP BY conversation_id ORDER BY best LIMIT ?`,
        )
        .all(fts, ...params, limit);
  const size = phrased ? PHRASE_CANDIDATES : CANDIDATES;
  // Whether the walk above stopped short of the matches: the same walk, one match further. Asked
  // only by searchWithCut, and only when the limit did not cut already.
  const full = () =>
    db
      .prepare<unknown[], { one: number }>(
        `SELECT 1 AS one FROM message_search JOIN messages m ON m.search_key = message_search.rowid
         WHERE message_search MATCH ? AND ${conditions}
         ORDER BY message_search.rowid DESC LIMIT 1 OFFSET ${size}`,
      )
      .get(fts, ...params) !== undefined;
  return { rows, terms, window: { size, full } };
}

function toHits(db: Db, rows: HitRow[], terms: string[]): SearchHit[] {
  const details = db.prepare<
    [number],
    { subject: string; body_text: string | null; conversation_subject: string | null }
  >(
    `SELECT m.subject, m.body_text, c.subject AS conversation_subject
     FROM messages m LEFT JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?`,
  );
  return rows.map((row) => {
    const detail = details.get(row.id);
    return {
      conversationId: row.conversation_id,
      subject: detail?.conversation_subject ?? detail?.subject ?? '',
      // Cut from the indexed words, so the excerpt shows where this message matched.
      snippet: makeSnippet(searchableText(detail?.body_text ?? '') || detail?.subject || '', terms),
    };
  });
}

/**
 * The newest matches of a query with a phrase, with their texts, to be ranked in JavaScript
 * (rank-matches.ts). bm25() would scan every match of the phrase in the whole index once more to
 * weigh it: for a phrase few messages hold, a second full scan of the index (a third when a
 * filter makes the newest matches few), 25-35 ms of 60-85 ms on 100k messages (bench:search).
 */
function phraseMatches(db: Db, fts: string, conditions: string, params: unknown[]): MatchText[] {
  const ids = db
    .prepare<unknown[], { id: number }>(
      `SELECT m.id FROM message_search JOIN messages m ON m.search_key = message_search.rowid
       WHERE message_search MATCH ? AND ${conditions}
       ORDER BY message_search.rowid DESC LIMIT ${PHRASE_CANDIDATES}`,
    )
    .all(fts, ...params)
    .map((row) => row.id);
  return db
    .prepare<[string], MatchText>(
      `SELECT id, conversation_id, subject, participants, body_text FROM messages
       WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids));
}

function bestPerConversation(
  ranked: Array<MatchText & { score: number }>,
  limit: number,
): HitRow[] {
  const best = new Map<string, MatchText & { score: number }>();
  for (const row of ranked) {
    const current = best.get(row.conversation_id);
    if (!current || row.score > current.score) best.set(row.conversation_id, row);
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, limit)
    .map((row) => ({ id: row.id, conversation_id: row.conversation_id }));
}

function like(value: string): string {
  return `%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
