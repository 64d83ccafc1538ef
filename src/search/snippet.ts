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
  const wanted = terms.map(wordsOf).filter((phrase) => phrase.length);
  let at = matchOffsetByPattern(text, wanted);
  if (at === undefined) {
    const tokens = new Words(text);
    at = -1;
    for (let i = 0; at < 0 && tokens.has(i); i += 1) {
      if (
        wanted.some((phrase) =>
          phrase.every(
            (word, offset) => tokens.has(i + offset) && tokens.folding(i + offset) === word,
          ),
        )
      ) {
        at = tokens.start(i);
      }
    }
  }
  // Not found (the match was in the subject or the participants): the text's beginning.
  return excerptAround(text, Math.max(0, at), Math.floor(words / 3), words);
}

/**
 * `total` words of the text from `before` words ahead of `offset`, whitespace collapsed, with
 * "…" where words were cut off. Reads only around the offset: a match deep in a long text costs
 * no more than one at its start.
 */
function excerptAround(text: string, offset: number, before: number, total: number): string {
  const start = wordsBack(text, offset, before);
  const pattern = new RegExp(WORD.source, 'gu');
  pattern.lastIndex = start;
  let first = -1;
  let end = -1;
  let count = 0;
  for (
    let match = pattern.exec(text);
    match && count < total;
    match = pattern.exec(text), count += 1
  ) {
    if (first < 0) first = match.index;
    end = match.index + match[0].length;
  }
  if (first < 0) return '';
  const more = count === total && LETTER_OR_DIGIT.test(text.slice(end));
  const excerpt = text.slice(first, end).replace(/\s+/g, ' ').trim();
  return `${hasWordBefore(text, first) ? '…' : ''}${excerpt}${more ? '…' : ''}`;
}

/** Where the `count`-th word before `offset` starts (or the first word, or `offset` itself). */
function wordsBack(text: string, offset: number, count: number): number {
  for (let window = 256; ; window *= 4) {
    const from = Math.max(0, offset - window);
    // A word cut by the window's edge is not a word start.
    const starts = [...text.slice(from, offset).matchAll(WORD)]
      .map((match) => from + match.index)
      .filter((at) => at > from || from === 0);
    if (starts.length >= count || from === 0)
      return starts.length ? starts[Math.max(0, starts.length - count)]! : offset;
  }
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function hasWordBefore(text: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i -= 1) if (LETTER_OR_DIGIT.test(text[i]!)) return true;
  return false;
}

const MARK = /\p{M}/u;

/**
 * Where a term first matches (a character offset), found with one regular expression over the
 * folded text instead of word by word (a search's 50 snippets took 9 ms that way); -1 when there
 * is none. Undefined when the two ways could disagree: a combining mark in the text (it splits a
 * word, and folding removes it) or folding that changed the text's length (offsets no longer map
 * back); the caller then goes word by word.
 */
function matchOffsetByPattern(text: string, wanted: string[][]): number | undefined {
  if (wanted.length === 0) return -1;
  if (MARK.test(text)) return undefined;
  const folded = fold(text);
  if (folded.length !== text.length) return undefined;
  let offset = -1;
  for (const phrase of wanted) {
    const match = phrasePattern(phrase).exec(folded);
    if (match && (offset < 0 || match.index < offset)) offset = match.index;
  }
  return offset;
}
