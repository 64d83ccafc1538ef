import { matchScore, type ColumnWeights } from './match-score.js';
import { fold, phrasePattern } from './words.js';

export interface MatchText {
  id: number;
  conversation_id: string;
  subject: string;
  participants: string;
}

/**
 * Scores a small set of matches in JavaScript, from their texts: the matches of a query with a
 * phrase, scored as presence-scores.ts scores a query of words (match-score.ts), each term
 * weighing the body's weight, plus the subject's if the subject holds it, plus the
 * participants' if they do. Looking a phrase up column by column in the index would walk its
 * matches once more per column, for a phrase few messages hold a walk of the whole index each
 * (bench:search).
 */
export function rankMatches<T extends MatchText>(
  rows: T[],
  terms: string[][],
  weights: ColumnWeights,
): Array<T & { score: number }> {
  const patterns = terms.filter((words) => words.length).map(phrasePattern);
  return rows.map((row) => {
    const subject = fold(row.subject);
    const participants = fold(row.participants);
    const frequencies = patterns.map(
      (pattern) =>
        weights.body +
        (holds(pattern, subject) ? weights.subject : 0) +
        (holds(pattern, participants) ? weights.participants : 0),
    );
    return { ...row, score: matchScore(frequencies) };
  });
}

function holds(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}
