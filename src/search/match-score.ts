/**
 * The one score every search path gives a match, so that mail and notes, words and phrases,
 * are ranked on one scale: bm25's shape, over where each term is rather than how often. Per query
 * term, the weights of the parts of the row that hold it (a message's subject above its
 * participants above its body; the body always counts, the index matched the term), saturated
 * (k1), summed over the terms. Matches that score the same keep their order, newest first.
 *
 * Left out of bm25: the IDF, as every row ranked holds every term, so it would only weigh the
 * terms against each other, and FTS5 computes it by reading every row of the index that holds
 * each term (11-14 ms a term found in most of 400,000 messages, bench:ui); how often a term
 * occurs, and the row's length, as neither makes a better answer in mail: a reply is long with
 * the history it quotes, and the newest of equal matches is the one a shared inbox wants first.
 * What is left is read from the index alone (presence-scores.ts) or from short texts
 * (rank-matches.ts).
 */

/** BM25's k1, FTS5's value (https://www.sqlite.org/fts5.html#the_bm25_function). */
const K1 = 1.2;

/** How much a term found in each part of a row weighs (as bm25's column weights). */
export interface ColumnWeights {
  subject: number;
  participants: number;
  body: number;
}

/** A message's: its subject above its participants above its body. */
export const MESSAGE_WEIGHTS: ColumnWeights = { subject: 8, participants: 3, body: 1 };
/** A note's: its one text, weighed as a message's body. */
export const NOTE_WEIGHTS: ColumnWeights = { subject: 0, participants: 0, body: 1 };

/** A row's score from each term's weight in it: the sum of the weights of the parts holding it. */
export function matchScore(frequencies: number[]): number {
  let score = 0;
  for (const frequency of frequencies) score += (frequency * (K1 + 1)) / (frequency + K1);
  return score;
}
