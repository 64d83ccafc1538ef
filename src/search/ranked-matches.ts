import type { Db } from '../db/open-database.js';
import { rankMatches, type MatchText } from './rank-matches.js';
import { searchKeyFloor } from './search-key.js';

/** How many of the newest matches are ranked (see `rankedMatches`). */
const CANDIDATES = 1000;
/** How many of the newest matches of a query with a phrase are ranked (`phraseMatches`). */
const PHRASE_CANDIDATES = 300;

/**
 * What can be searched the same way: mail (message_search over messages) and internal notes
 * (note_search over conversation_notes). Each has a full-text index keyed in time order
 * (search-key.ts) over rows that belong to conversations.
 */
export interface MatchSource {
  kind: 'message' | 'note';
  /** The FTS5 table. */
  index: string;
  /** The rows, for a query without full text: `FROM ${rows}`. */
  rows: string;
  /** The rows joined to the index on its rowid: `FROM ${index} ${indexed}`. */
  indexed: string;
  /** Columns of the rows: their id, conversation, and time (ms). */
  id: string;
  conversation: string;
  time: string;
  /** bm25() over the index, with its column weights. */
  bm25: string;
  /** Conditions on the rows (ANDed), and their parameters in order. */
  where: string[];
  params: unknown[];
  /** The rows' texts, for ranking a phrase's matches (rank-matches.ts). */
  texts(db: Db, ids: number[]): MatchText[];
}

/** A conversation found, by the row (message or note) that matched it best. */
export interface Candidate {
  kind: MatchSource['kind'];
  id: number;
  conversationId: string;
  /** Lower ranks first: bm25, minus a phrase's score, or minus the time without full text. */
  rank: number;
}

export interface Matches {
  /** One per conversation, best first, as many as asked for at most. */
  candidates: Candidate[];
  /** A full text query ranks only its newest matches: how many, and whether it had more. */
  window?: { size: number; full(): boolean };
}

/** What the query asks of every source: its full text, its phrases, its time range. */
export interface MatchQuery {
  /** The FTS5 expression; empty when the query has no free text. */
  fts: string;
  /** The words of each term (several for a phrase). */
  phrases: string[][];
  before: number | null;
  after: number | null;
}

/**
 * The best-ranked conversations of one source. Free text goes to FTS5: bm25 over the newest
 * matches only (the index walks rowids newest first, search-key.ts), so a word found in most of
 * the mailbox costs CANDIDATES rankings, not one per row (bench:search); a query with a phrase is
 * ranked in JavaScript (`phraseMatches`). Without free text, the conversations with the newest
 * matching rows. One candidate per conversation, its best row.
 */
export function rankedMatches(
  db: Db,
  source: MatchSource,
  query: MatchQuery,
  limit: number,
): Matches {
  const where = [...source.where];
  const params = [...source.params];
  const range: string[] = [];
  if (query.before !== null) {
    where.push(`${source.time} < ?`);
    params.push(query.before);
    range.push(`${source.index}.rowid < ${searchKeyFloor(query.before)}`);
  }
  if (query.after !== null) {
    where.push(`${source.time} >= ?`);
    params.push(query.after);
    range.push(`${source.index}.rowid >= ${searchKeyFloor(query.after)}`);
  }
  const { kind, index } = source;
  const candidate = (row: { id: number; conversation_id: string; rank: number }): Candidate => ({
    kind,
    id: row.id,
    conversationId: row.conversation_id,
    rank: row.rank,
  });
  if (!query.fts) {
    const rows = db
      .prepare<unknown[], { id: number; conversation_id: string; rank: number }>(
        // SQLite takes bare columns from the row of max().
        `SELECT ${source.id} AS id, ${source.conversation} AS conversation_id, -max(${source.time}) AS rank
         FROM ${source.rows}
         WHERE ${where.join(' AND ') || '1'}
         GROUP BY ${source.conversation} ORDER BY rank
         LIMIT ?`,
      )
      .all(...params, limit);
    return { candidates: rows.map(candidate) };
  }
  const conditions = [...range, ...where].join(' AND ');
  const matching = `FROM ${index} ${source.indexed} WHERE ${index} MATCH ? AND ${conditions}`;
  const phrased = query.phrases.some((words) => words.length > 1);
  const rows = phrased
    ? bestPerConversation(
        rankMatches(
          source.texts(
            db,
            db
              .prepare<unknown[], number>(
                `SELECT ${source.id} ${matching} ORDER BY ${index}.rowid DESC LIMIT ${PHRASE_CANDIDATES}`,
              )
              .pluck()
              .all(query.fts, ...params),
          ),
          query.phrases,
        ),
        limit,
      )
    : db
        .prepare<unknown[], { id: number; conversation_id: string; rank: number }>(
          `SELECT id, conversation_id, min(score) AS rank FROM (
             SELECT ${source.id} AS id, ${source.conversation} AS conversation_id, ${source.bm25} AS score
             ${matching}
             ORDER BY ${index}.rowid DESC
             LIMIT ${CANDIDATES})
           GROUP BY conversation_id ORDER BY rank LIMIT ?`,
        )
        .all(query.fts, ...params, limit);
  const size = phrased ? PHRASE_CANDIDATES : CANDIDATES;
  // Whether the walk above stopped short of the matches: the same walk, one match further. Asked
  // only by searchWithCut, and only when the limit did not cut already.
  const full = () =>
    db
      .prepare<unknown[], number>(
        `SELECT 1 ${matching} ORDER BY ${index}.rowid DESC LIMIT 1 OFFSET ${size}`,
      )
      .pluck()
      .get(query.fts, ...params) !== undefined;
  return { candidates: rows.map(candidate), window: { size, full } };
}

/**
 * The best-scored row of each conversation (phrase matches ranked in JavaScript, rank-matches.ts):
 * bm25() would scan every match of the phrase in the whole index once more to weigh it, for a
 * phrase few rows hold a second full scan of the index (a third when a filter makes the newest
 * matches few), 25-35 ms of 60-85 ms on 100k messages (bench:search).
 */
function bestPerConversation(
  ranked: Array<MatchText & { score: number }>,
  limit: number,
): Array<{ id: number; conversation_id: string; rank: number }> {
  const best = new Map<string, MatchText & { score: number }>();
  for (const row of ranked) {
    const current = best.get(row.conversation_id);
    if (!current || row.score > current.score) best.set(row.conversation_id, row);
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, limit)
    .map((row) => ({ id: row.id, conversation_id: row.conversation_id, rank: -row.score }));
}

/** A LIKE pattern that finds the value anywhere, its wildcards taken literally (ESCAPE '\'). */
export function like(value: string): string {
  return `%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
