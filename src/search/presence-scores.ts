import type { Db } from '../db/open-database.js';
import { matchScore, type ColumnWeights } from './match-score.js';

/**
 * Scores the matches of a query of words (match-score.ts) from the index alone, without reading
 * their texts (`keys`: their rowids in `index`): for each term, which matches hold it in their
 * subject and which in their participants, each asked of the index as the query ANDed with the
 * term in that column over the matches' keys, a walk of those same matches (the term alone over
 * that range would read its every row there: 140 ms for a word in most messages ANDed with a
 * rare one). The body is taken to hold each term once: most of a message's words are its body's,
 * and counting them there would be the longest walk of all.
 *
 * The key range is bound as a BigInt: FTS5 seeks to an integer rowid bound, while the REAL a
 * JavaScript number binds as makes it walk the doclist from its start (16 ms against 0.15 ms).
 */
export function presenceScores(
  db: Db,
  index: string,
  query: { fts: string; terms: Array<{ fts: string; inSubject: boolean }> },
  keys: number[],
  weights: ColumnWeights,
): number[] {
  if (keys.length === 0) return [];
  const low = BigInt(Math.min(...keys));
  const high = BigInt(Math.max(...keys));
  // Only the matches' keys come back: a filter (from:judy) leaves them far apart, and the range
  // between can hold tens of thousands of rows with the term in the subject (Re:), 8 ms to return.
  const inColumn = db
    .prepare<[string, string, bigint, bigint], number>(
      `SELECT key.value FROM json_each(?) key WHERE key.value IN (
         SELECT rowid FROM ${index} WHERE ${index} MATCH ? AND rowid BETWEEN ? AND ?)`,
    )
    .pluck();
  const keyList = JSON.stringify(keys);
  const columns = (['subject', 'participants'] as const).filter((column) => weights[column] > 0);
  const found = query.terms.map((term) =>
    columns.map((column) => ({
      weight: weights[column],
      // A term the query asks for in the subject is there in every match.
      keys:
        column === 'subject' && term.inSubject
          ? null
          : new Set(inColumn.all(keyList, `(${query.fts}) AND ${column} : ${term.fts}`, low, high)),
    })),
  );
  return keys.map((key) =>
    matchScore(
      found.map((term) =>
        term.reduce(
          (frequency, column) =>
            frequency + (column.keys === null || column.keys.has(key) ? column.weight : 0),
          weights.body,
        ),
      ),
    ),
  );
}
