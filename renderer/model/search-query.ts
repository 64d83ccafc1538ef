/*
 * The search box's text, read the way the app's search language reads it (src/search/
 * parse-query.ts, in the README: free words, "phrases", and operators such as from: or
 * in:notes): what is worth asking while it is being typed, and which words a result highlights.
 */

/** The operators the app knows; any other `word:` is a plain word. */
const OPERATOR_KEYS = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'in',
  'folder',
  'has',
  'is',
  'before',
  'after',
  'since',
]);

const DATE_KEYS = new Set(['before', 'after', 'since']);

/** The app's tokens: an operator with a quoted or plain value, a phrase, or a word. */
const TOKEN = /(-?)([a-z]+):"([^"]*)"?|(-?)([a-z]+):(\S+)|"([^"]*)"?|(\S+)/giu;

const FULL_DAY = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

/** A day that exists, written as the app reads one (`2026-03-01`, or `2026/3/1`). */
function isDay(value: string): boolean {
  const match = FULL_DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The query to ask for what is typed, or null when there is nothing to ask yet. The word still
 * being typed is left out while it cannot mean anything: an operator without its value
 * (`from:`), or a date not finished (`before:2026-0`, `before:2026-03-0`), which the app would
 * refuse.
 */
export function sendableQuery(typed: string): string | null {
  let text = typed.trim();
  const last = /(?:^|\s)(\S+)$/.exec(text);
  const word = last?.[1] ?? '';
  const operator = /^-?([a-z]+):(.*)$/i.exec(word);
  if (operator && OPERATOR_KEYS.has(operator[1]!.toLowerCase())) {
    const value = operator[2]!.replace(/^"/, '');
    const unfinishedDate = DATE_KEYS.has(operator[1]!.toLowerCase()) && !isDay(value);
    if (value === '' || unfinishedDate) text = text.slice(0, text.length - word.length).trim();
  }
  return text === '' ? null : text;
}

/** The words a hit's snippet and subject highlight: free words, phrases and subject: values. */
export function highlightTerms(query: string): string[] {
  const terms: string[] = [];
  for (const match of query.matchAll(TOKEN)) {
    const key = (match[2] ?? match[5])?.toLowerCase();
    const value = match[3] ?? match[6];
    if (key !== undefined && value !== undefined) {
      if (key === 'subject' || !OPERATOR_KEYS.has(key)) terms.push(value);
      continue;
    }
    const phrase = (match[7] ?? match[8])?.trim();
    if (phrase) terms.push(phrase);
  }
  return terms.filter((term) => term.length > 0);
}

export interface TextPart {
  text: string;
  match: boolean;
}

/** Splits a text into the parts that match one of the terms (case-insensitively) and the rest. */
export function markMatches(text: string, terms: readonly string[]): TextPart[] {
  if (terms.length === 0) return [{ text, match: false }];
  const escaped = [...terms]
    .sort((a, b) => b.length - a.length)
    .map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(${escaped.join('|')})`, 'giu');
  // Splitting on a capturing group alternates: the text between matches, then a match.
  return text
    .split(pattern)
    .map((part, i) => ({ text: part, match: i % 2 === 1 }))
    .filter((part) => part.text !== '');
}
