import type { Db } from '../db/open-database.js';
import type { ColumnWeights } from './match-score.js';
import { rankMatches, type MatchText } from './rank-matches.js';
import { searchKeyFloor } from './search-key.js';
import { bestOfEach, wordMatches, type Ranked } from './word-matches.js';

/** How many of the newest matches of a query with a phrase are ranked (see `rankedMatches`). */
const PHRASE_MATCHES = 300;

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
  /** How much a term weighs in each part of a row (match-score.ts). */
  weights: ColumnWeights;
  /**
   * Whether the conditions reject few of the index's rows (only a message's expunged copy
   * awaiting collection): a query of words then walks the index alone (word-matches.ts).
   */
  fewRejected: boolean;
  /** Conditions on the rows (ANDed), and their parameters in order. */
  where: string[];
  /**
   * The same conditions as the walk without free text reads them, if some are for an index to
   * answer there (where the full-text index finds the rows, one would lead the planner astray).
   */
  walkWhere?: string[];
  params: unknown[];
  /** The rows' subjects and participants, for ranking a phrase's matches (rank-matches.ts). */
  texts(db: Db, ids: number[]): MatchText[];
}

/** A conversation found, by the row (message or note) that matched it best. */
export interface Candidate {
  kind: MatchSource['kind'];
  id: number;
  conversationId: string;
  /** Lower ranks first: minus the score (match-score.ts), or minus the time without full text. */
  rank: number;
}

export interface Matches {
  /** One per conversation, best first, as many as asked for at most. */
  candidates: Candidate[];
  /** A full text query ranks only its newest matches: how many, and whether it had more. */
  window?: { size: number; full(): boolean };
}

/** What the query asks of every source: its full text, its terms, its time range. */
export interface MatchQuery {
  /** The FTS5 expression; empty when the query has no free text. */
  fts: string;
  terms: QueryTerm[];
  before: number | null;
  after: number | null;
}

/** A term of the full text: a word or a phrase, anywhere or in the subject (`subject:`). */
export interface QueryTerm {
  /** As an FTS5 phrase (parse-query.ts's ftsPhrase). */
  fts: string;
  /** Its words as the index sees them (several for a phrase; none matches nothing). */
  words: string[];
  inSubject: boolean;
}

/**
 * The best-ranked conversations of one source. Free text goes to FTS5, and only its newest
 * matches are ranked (the index walks rowids newest first, search-key.ts), so a word found in
 * most of the mailbox costs a thousand rankings, not one per row (bench:search): a query of
 * words from the index (word-matches.ts), one with a phrase from its matches' texts
 * (rank-matches.ts), both on match-score.ts's one scale. Without free text, the conversations
 * with the newest matching rows (`newest`). One candidate per conversation, its best row.
 */
export function rankedMatches(
  db: Db,
  source: MatchSource,
  query: MatchQuery,
  limit: number,
): Matches {
  const where = [...(query.fts ? source.where : (source.walkWhere ?? source.where))];
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
  const keyRanges = keys.map((range) => range(`${index}.rowid`));
  const phrased = query.terms.some((term) => term.words.length > 1);
  if (!phrased) {
    const { ranked, window } = wordMatches(db, source, query, { keyRanges, where, params }, limit);
    return { candidates: ranked.map(candidate), window };
  }
  // Their subjects and participants are read (rank-matches.ts). A phrase's matches are found by
  // reading the positions of its words in every row that holds them all: a longer walk than a
  // word's, so fewer are ranked. One match past the window says whether it was full.
  const ids = db
    .prepare<unknown[], number>(
      `SELECT ${source.id} FROM ${index} ${source.indexed}
       WHERE ${[`${index} MATCH ?`, ...keyRanges, ...where].join(' AND ')}
       ORDER BY ${index}.rowid DESC LIMIT ${PHRASE_MATCHES + 1}`,
    )
    .pluck()
    .all(query.fts, ...params);
  const ranked = ids.slice(0, PHRASE_MATCHES);
  // In the walk's order, newest first: equal scores keep it.
  const order = new Map(ranked.map((id, position) => [id, position]));
  const texts = source.texts(db, ranked).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const scored = rankMatches(
    texts,
    query.terms.map((term) => term.words),
    source.weights,
  );
  const full = ids.length > PHRASE_MATCHES;
  return {
    candidates: bestOfEach(
      scored.map((row) => ({ ...row, rank: -row.score })),
      limit,
    ).map(candidate),
    window: { size: PHRASE_MATCHES, full: () => full },
  };
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

/** A LIKE pattern that finds the value anywhere, its wildcards taken literally (ESCAPE '\'). */
export function like(value: string): string {
  return `%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
