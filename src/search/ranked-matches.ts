import type { Db } from '../db/open-database.js';
import { rankMatches, type MatchText } from './rank-matches.js';
import { searchKeyFloor } from './search-key.js';

/** How many of the newest matches are ranked (see `rankedMatches`). */
const CANDIDATES = 1000;
/** How many of the newest matches of a query with a phrase are ranked (`bestPerConversation`). */
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
  /**
   * The rows' key in the index (search-key.ts), in time order and indexed: without free text the
   * rows are walked newest first by it, until enough conversations are found.
   */
  key: string;
  /** Rows the index does not hold yet, if there can be any (a message whose text is not fetched). */
  unkeyed?: string;
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

/** A conversation found, as the queries below answer it (rank as in Candidate). */
type Ranked = { id: number; conversation_id: string; rank: number };

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
 * ranked in JavaScript (`bestPerConversation`). Without free text, the conversations with the
 * newest matching rows (`newest`). One candidate per conversation, its best row.
 */
export function rankedMatches(
  db: Db,
  source: MatchSource,
  query: MatchQuery,
  limit: number,
): Matches {
  const where = [...source.where];
  const params = [...source.params];
  // The time range, on the rows and as a range of keys (of the index's rowids, the same keys).
  const keys: Array<(key: string) => string> = [];
  if (query.before !== null) {
    where.push(`${source.time} < ?`);
    params.push(query.before);
    const floor = searchKeyFloor(query.before);
    keys.push((key) => `${key} < ${floor}`);
  }
  if (query.after !== null) {
    where.push(`${source.time} >= ?`);
    params.push(query.after);
    const floor = searchKeyFloor(query.after);
    keys.push((key) => `${key} >= ${floor}`);
  }
  const { kind, index } = source;
  const candidate = (row: Ranked): Candidate => ({
    kind,
    id: row.id,
    conversationId: row.conversation_id,
    rank: row.rank,
  });
  if (!query.fts) {
    const range = keys.map((keyRange) => keyRange(source.key));
    return { candidates: newest(db, source, range, where, params, limit).map(candidate) };
  }
  const conditions = [...keys.map((range) => range(`${index}.rowid`)), ...where].join(' AND ');
  const matching = `FROM ${index} ${source.indexed} WHERE ${index} MATCH ? AND ${conditions}`;
  const phrased = query.phrases.some((words) => words.length > 1);
  if (phrased) {
    // One match past the window says whether it was full: a rare phrase's matches are a walk of
    // the whole index (every row holding its words is read for their positions), not walked twice.
    const ids = db
      .prepare<unknown[], number>(
        `SELECT ${source.id} ${matching} ORDER BY ${index}.rowid DESC LIMIT ${PHRASE_CANDIDATES + 1}`,
      )
      .pluck()
      .all(query.fts, ...params);
    const ranked = rankMatches(source.texts(db, ids.slice(0, PHRASE_CANDIDATES)), query.phrases);
    const full = ids.length > PHRASE_CANDIDATES;
    return {
      candidates: bestPerConversation(ranked, limit).map(candidate),
      window: { size: PHRASE_CANDIDATES, full: () => full },
    };
  }
  const rows = db
    .prepare<unknown[], Ranked>(
      `SELECT id, conversation_id, min(score) AS rank FROM (
         SELECT ${source.id} AS id, ${source.conversation} AS conversation_id, ${source.bm25} AS score
         ${matching}
         ORDER BY ${index}.rowid DESC
         LIMIT ${CANDIDATES})
       GROUP BY conversation_id ORDER BY rank LIMIT ?`,
    )
    .all(query.fts, ...params, limit);
  // Whether the walk above stopped short of the matches: the same walk, one match further, without
  // bm25 (a walk of the newest matches, cheap). Asked only by searchWithCut, and only when the
  // limit did not cut already.
  const full = () =>
    db
      .prepare<unknown[], number>(
        `SELECT 1 ${matching} ORDER BY ${index}.rowid DESC LIMIT 1 OFFSET ${CANDIDATES}`,
      )
      .pluck()
      .get(query.fts, ...params) !== undefined;
  return { candidates: rows.map(candidate), window: { size: CANDIDATES, full } };
}

/**
 * The conversations with the newest matching rows (rank: minus the time), newest first: the rows
 * walked by their key, newest first, until `limit` conversations are found, so a filter that
 * many rows pass (from:judy) reads the newest few hundred, not every row; one that none passes
 * still reads them all. Rows without a key yet are few (a first sync's messages waiting for
 * their text) and read apart.
 */
function newest(
  db: Db,
  source: MatchSource,
  range: string[],
  where: string[],
  params: unknown[],
  limit: number,
): Ranked[] {
  const select = `SELECT ${source.id} AS id, ${source.conversation} AS conversation_id, -${source.time} AS rank
                  FROM ${source.rows}`;
  const best = new Map<string, Ranked>();
  const walk = db
    .prepare<unknown[], Ranked>(
      `${select} WHERE ${[`${source.key} IS NOT NULL`, ...range, ...where].join(' AND ')}
       ORDER BY ${source.key} DESC`,
    )
    .iterate(...params);
  for (const row of walk) {
    if (!best.has(row.conversation_id)) best.set(row.conversation_id, row);
    // Leaving the loop ends the statement's walk.
    if (best.size >= limit) break;
  }
  if (source.unkeyed) {
    const unkeyed = db
      .prepare<unknown[], Ranked>(`${select} WHERE ${[source.unkeyed, ...where].join(' AND ')}`)
      .all(...params);
    for (const row of unkeyed) {
      const current = best.get(row.conversation_id);
      if (!current || row.rank < current.rank) best.set(row.conversation_id, row);
    }
  }
  return [...best.values()].sort((a, b) => a.rank - b.rank).slice(0, limit);
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
): Ranked[] {
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
