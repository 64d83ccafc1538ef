import { fold, phrasePattern } from './words.js';

export interface MatchText {
  id: number;
  conversation_id: string;
  subject: string;
  participants: string;
  body_text: string | null;
}

/** Column weights, as given to bm25() in search-messages.ts: subject, participants, body. */
const WEIGHTS = [8, 3, 1] as const;
/** BM25's constants, FTS5's values (https://www.sqlite.org/fts5.html#the_bm25_function). */
const K1 = 1.2;
const B = 0.75;

/**
 * Ranks a small set of matches in JavaScript: the whole match set of a query whose phrase few
 * messages hold. FTS5's bm25() would first scan every match of the phrase again to weigh it (its
 * IDF): for a rare phrase that is a second full scan of the index, 25-35 ms of 60-85 on 100k
 * messages (bench:search). The score has bm25's shape: per query term, the weighted count of its
 * occurrences over the columns, saturated (k1) and normalized by the message's length against
 * the set's mean (b). The IDF is left out: every message here holds every term, so it would only
 * weigh terms against each other.
 */
export function rankMatches<T extends MatchText>(
  rows: T[],
  terms: string[][],
): Array<T & { score: number }> {
  const patterns = terms.filter((words) => words.length).map(phrasePattern);
  const lengths = rows.map(
    (row) => row.subject.length + row.participants.length + (row.body_text?.length ?? 0),
  );
  const mean = lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, rows.length) || 1;
  return rows.map((row, index) => {
    const columns = [row.subject, row.participants, row.body_text ?? ''].map(fold);
    const norm = K1 * (1 - B + (B * lengths[index]!) / mean);
    let score = 0;
    for (const pattern of patterns) {
      let frequency = 0;
      columns.forEach((text, column) => (frequency += WEIGHTS[column]! * count(pattern, text)));
      // The index matched it, whatever the count says (a word split by markup, a ligature): once.
      frequency ||= 1;
      score += (frequency * (K1 + 1)) / (frequency + norm);
    }
    return { ...row, score };
  });
}

function count(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let found = 0;
  while (pattern.exec(text)) found += 1;
  return found;
}
