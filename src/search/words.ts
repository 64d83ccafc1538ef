/**
 * Words as the search index sees them (FTS5 unicode61 with remove_diacritics, as created in
 * 001-initial.sql): runs of letters and digits, compared without case or diacritics.
 */
export const WORD = /[\p{L}\p{N}]+/gu;

const NON_ASCII = /[\u0080-\uffff]/;

export function fold(word: string): string {
  // An ASCII word only needs its case folded: most words of most mail.
  return NON_ASCII.test(word)
    ? word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    : word.toLowerCase();
}

/** A query term's words, folded: one for a word, several for a phrase ("late invoice"). */
export function wordsOf(term: string): string[] {
  return [...term.matchAll(WORD)].map((match) => fold(match[0]));
}

/** A term's folded words in sequence, separated by anything but letters and digits, as whole words. */
export function phrasePattern(words: string[]): RegExp {
  const body = words
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^\\p{L}\\p{N}]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'gu');
}
