import type { Db } from '../db/open-database.js';
import { presenceScores } from './presence-scores.js';
import type { MatchQuery, MatchSource, Matches } from './ranked-matches.js';

/** How many of the newest matches of a query of words are ranked (see `wordMatches`). */
const CANDIDATES = 1000;

/**
 * How many of them are ranked when the rows' conditions filter (from:judy), per result asked
 * for, and at least: each match walked is then a message row read and checked, and a common
 * word with a sender's filter walks tens of thousands of rows to find a thousand that pass
 * ("from:judy re": 31-35 ms on 400,000 messages, the slowest keystroke of bench:ui's search).
 * Search as you type asks for some twenty results: the newest 210 of a sender's matches are
 * ranked for them, and a longer list (the CLI's --limit) ranks more, up to CANDIDATES.
 */
const FILTERED_PER_RESULT = 10;
const FILTERED_AT_LEAST = 200;

/** A conversation found, by its best row (rank: minus its score, lower first). */
export interface Ranked {
  id: number;
  conversation_id: string;
  rank: number;
}

/** Where a source's rows are matched: key ranges on the index, and conditions on the rows. */
export interface MatchWalk {
  /** Conditions on the index's rowid (`${index}.rowid`), ANDed. */
  keyRanges: string[];
  /** Conditions on the rows (ANDed), and their parameters in order. */
  where: string[];
  params: unknown[];
}

/**
 * The best-scored conversations of a query of words (no phrase): its newest CANDIDATES matches,
 * scored from the index (presence-scores.ts), one row per conversation, `limit` at most; one
 * match past the window says whether it was full. A query the rows' conditions filter
 * (`fewRejected` false: from:, an account) walks the index joined to the rows, until a smaller
 * window of rows pass (FILTERED_PER_RESULT); otherwise the walk reads the index alone, and the
 * rows of the best-scored matches only, until `limit` conversations are found: 30-60 rows read
 * instead of 1000, the most of a query's time while its pages are not in the cache yet (14 ms of
 * 30 for "patch migr" on 400,000 messages).
 */
export function wordMatches(
  db: Db,
  source: MatchSource,
  query: MatchQuery,
  walk: MatchWalk,
  limit: number,
): { ranked: Ranked[]; window: NonNullable<Matches['window']> } {
  const { index } = source;
  const terms = query.terms.filter((term) => term.words.length > 0);
  const score = (keys: number[]) =>
    presenceScores(db, index, { fts: query.fts, terms }, keys, source.weights);
  const window = (size: number, walked: number) => {
    const full = walked > size;
    return { size, full: () => full };
  };
  const where = walk.where.length ? walk.where : ['1'];
  if (!source.fewRejected) {
    const size = Math.min(CANDIDATES, Math.max(FILTERED_AT_LEAST, limit * FILTERED_PER_RESULT));
    const walked = db
      .prepare<unknown[], { key: number; id: number; conversation_id: string }>(
        `SELECT ${index}.rowid AS key, ${source.id} AS id, ${source.conversation} AS conversation_id
         FROM ${index} ${source.indexed}
         WHERE ${[`${index} MATCH ?`, ...walk.keyRanges, ...where].join(' AND ')}
         ORDER BY ${index}.rowid DESC LIMIT ${size + 1}`,
      )
      .all(query.fts, ...walk.params);
    const matches = walked.slice(0, size);
    const scores = score(matches.map((match) => match.key));
    const scored = matches.map((match, row) => ({ ...match, rank: -scores[row]! }));
    return { ranked: bestOfEach(scored, limit), window: window(size, walked.length) };
  }
  const walked = db
    .prepare<[string], number>(
      `SELECT rowid FROM ${index} WHERE ${[`${index} MATCH ?`, ...walk.keyRanges].join(' AND ')}
       ORDER BY rowid DESC LIMIT ${CANDIDATES + 1}`,
    )
    .pluck()
    .all(query.fts);
  const keys = walked.slice(0, CANDIDATES);
  const scores = score(keys);
  // Best first; equal scores keep the walk's order, newest first (sort is stable).
  const order = keys.map((_, match) => match).sort((a, b) => scores[b]! - scores[a]!);
  // Rows are read a batch at a time, in score order: the best matches often share their
  // conversations (a thread's messages say the same words), so finding `limit` conversations can
  // take hundreds of rows (655 for "patch mig" on 400,000 messages), which one statement per row
  // made 6 ms of the query's 15.
  const rowsOf = db.prepare<unknown[], { key: number; id: number; conversation_id: string }>(
    `SELECT ${source.key} AS key, ${source.id} AS id, ${source.conversation} AS conversation_id
     FROM ${source.rows}
     WHERE ${[`${source.key} IN (SELECT value FROM json_each(?))`, ...where].join(' AND ')}`,
  );
  const best = new Map<string, Ranked>();
  let batch = limit * 2;
  for (let from = 0; from < order.length && best.size < limit; from += batch, batch *= 2) {
    const matches = order.slice(from, from + batch);
    const rows = new Map<number, { id: number; conversation_id: string }>();
    for (const row of rowsOf.all(
      JSON.stringify(matches.map((match) => keys[match])),
      ...walk.params,
    ))
      rows.set(row.key, row);
    for (const match of matches) {
      if (best.size >= limit) break;
      const row = rows.get(keys[match]!);
      if (row && !best.has(row.conversation_id))
        best.set(row.conversation_id, {
          id: row.id,
          conversation_id: row.conversation_id,
          rank: -scores[match]!,
        });
    }
  }
  return { ranked: [...best.values()], window: window(CANDIDATES, walked.length) };
}

/**
 * The best-ranked row of each conversation, best first, `limit` at most: `ranked` come newest
 * first, and equal ranks keep that order (a conversation's place among its equals is its newest
 * match's).
 */
export function bestOfEach<T extends Ranked>(ranked: T[], limit: number): Ranked[] {
  const best = new Map<string, T>();
  for (const row of ranked) {
    const current = best.get(row.conversation_id);
    if (!current || row.rank < current.rank) best.set(row.conversation_id, row);
  }
  // A Map keeps each key where it was first set, and sort is stable.
  return [...best.values()]
    .sort((a, b) => a.rank - b.rank)
    .slice(0, limit)
    .map((row) => ({ id: row.id, conversation_id: row.conversation_id, rank: row.rank }));
}
