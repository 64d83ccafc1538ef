/**
 * The excerpt shown under a search hit: the words around the first place the query matches,
 * compared the way the index tokenizes (case- and diacritics-insensitive, unicode61).
 */
const WORD = /[\p{L}\p{N}]+/gu;

const fold = (word: string) =>
  word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();

export function makeSnippet(text: string, terms: string[], words = 18): string {
  const tokens = [...text.matchAll(WORD)];
  const wanted = terms.map((term) => [...term.matchAll(WORD)].map((match) => fold(match[0]))).filter((phrase) => phrase.length);
  let at = -1;
  for (let i = 0; i < tokens.length && at < 0; i += 1) {
    for (const phrase of wanted) {
      if (phrase.every((word, offset) => tokens[i + offset] && fold(tokens[i + offset]![0]) === word)) {
        at = i;
        break;
      }
    }
  }
  if (tokens.length === 0) return '';
  const start = Math.max(0, (at < 0 ? 0 : at) - Math.floor(words / 3));
  const end = Math.min(tokens.length - 1, start + words - 1);
  const from = tokens[start]!.index;
  const to = tokens[end]!.index + tokens[end]![0].length;
  const excerpt = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${excerpt}${end < tokens.length - 1 ? '…' : ''}`;
}
