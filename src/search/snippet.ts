/**
 * The excerpt shown under a search hit: the words around the first place the query matches,
 * compared the way the index tokenizes (case- and diacritics-insensitive, unicode61).
 */
import { fold, phrasePattern, WORD, wordsOf } from './words.js';

/** The text's words, read only as far as asked for, each folded once. */
class Words {
  private readonly pattern = new RegExp(WORD.source, 'gu');
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly folded: Array<string | undefined> = [];
  private exhausted = false;

  constructor(private readonly text: string) {}

  /** Whether word `i` exists, reading on to it if needed. */
  has(i: number): boolean {
    while (this.starts.length <= i && !this.exhausted) {
      const match = this.pattern.exec(this.text);
      if (!match) this.exhausted = true;
      else {
        this.starts.push(match.index);
        this.ends.push(match.index + match[0].length);
      }
    }
    return i < this.starts.length;
  }

  folding(i: number): string {
    return (this.folded[i] ??= fold(this.text.slice(this.starts[i], this.ends[i])));
  }

  start(i: number): number {
    return this.starts[i]!;
  }

  end(i: number): number {
    return this.ends[i]!;
  }
}

export function makeSnippet(text: string, terms: string[], words = 18): string {
  const tokens = new Words(text);
  const wanted = terms.map(wordsOf).filter((phrase) => phrase.length);
  let at = firstMatchByPattern(text, tokens, wanted);
  for (let i = 0; at === undefined && tokens.has(i); i += 1) {
    if (wanted.some((phrase) => phrase.every((word, offset) => tokens.has(i + offset) && tokens.folding(i + offset) === word))) at = i;
  }
  if (!tokens.has(0)) return '';
  // Not found (the match was in the subject or the participants): the text's beginning.
  const start = Math.max(0, (at ?? 0) - Math.floor(words / 3));
  let end = start + words - 1;
  while (!tokens.has(end)) end -= 1;
  const excerpt = text.slice(tokens.start(start), tokens.end(end)).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${excerpt}${tokens.has(end + 1) ? '…' : ''}`;
}

const MARK = /\p{M}/u;

/**
 * The index of the word where a term first matches, found with one regular expression over the
 * folded text instead of word by word (a search's 50 snippets took 9 ms that way); -1 when there
 * is none. Undefined when the two ways could disagree: a combining mark in the text (it splits a
 * word, and folding removes it) or folding that changed the text's length (offsets no longer map
 * back); the caller then goes word by word.
 */
function firstMatchByPattern(text: string, tokens: Words, wanted: string[][]): number | undefined {
  if (wanted.length === 0) return -1;
  if (MARK.test(text)) return undefined;
  const folded = fold(text);
  if (folded.length !== text.length) return undefined;
  let offset = -1;
  for (const phrase of wanted) {
    const pattern = phrasePattern(phrase);
    const match = pattern.exec(folded);
    if (match && (offset < 0 || match.index < offset)) offset = match.index;
  }
  if (offset < 0) return -1;
  let i = 0;
  while (tokens.has(i) && tokens.start(i) < offset) i += 1;
  return tokens.has(i) && tokens.start(i) === offset ? i : undefined;
}
