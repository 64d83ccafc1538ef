import { UserError } from '../errors.js';
/**
 * The search language: free words and "quoted phrases" (full-text, ranked), plus operators
 * from: to: subject: has:attachment is:unread|read|flagged in:<folder> before:/after:<date>, and
 * in:notes (the team's internal notes only; a folder named Notes is `folder:notes`).
 * Operator values may be quoted (`subject:"late invoice"`). Unknown operators are plain words.
 */
export interface SearchQuery {
  /** Full-text terms: each is a word or a phrase; all must match. */
  text: string[];
  subject: string[];
  from: string[];
  to: string[];
  folders: string[];
  /** `in:notes`: internal notes only, no mail. */
  notesOnly: boolean;
  hasAttachment: boolean;
  unread: boolean | null;
  flagged: boolean | null;
  /** Epoch milliseconds; messages received before / on or after. */
  before: number | null;
  after: number | null;
}

const TOKEN = /(-?)([a-z]+):"([^"]*)"?|(-?)([a-z]+):(\S+)|"([^"]*)"?|(\S+)/giu;

export function parseSearchQuery(input: string): SearchQuery {
  const query: SearchQuery = {
    text: [],
    subject: [],
    from: [],
    to: [],
    folders: [],
    notesOnly: false,
    hasAttachment: false,
    unread: null,
    flagged: null,
    before: null,
    after: null,
  };
  for (const match of input.matchAll(TOKEN)) {
    const key = (match[2] ?? match[5])?.toLowerCase();
    const value = match[3] ?? match[6];
    if (key !== undefined && value !== undefined) {
      if (applyOperator(query, key, value.trim())) continue;
      query.text.push(`${key}:${value}`);
      continue;
    }
    const phrase = match[7] ?? match[8];
    if (phrase !== undefined && phrase.trim()) query.text.push(phrase.trim());
  }
  return query;
}

function applyOperator(query: SearchQuery, key: string, value: string): boolean {
  if (!value) return false;
  switch (key) {
    case 'from':
      query.from.push(value);
      return true;
    case 'to':
    case 'cc':
      query.to.push(value);
      return true;
    case 'subject':
      query.subject.push(value);
      return true;
    case 'in':
      if (value.toLowerCase() === 'notes') return (query.notesOnly = true);
      query.folders.push(value);
      return true;
    case 'folder':
      query.folders.push(value);
      return true;
    case 'has':
      if (/^attachments?$/i.test(value)) return (query.hasAttachment = true);
      return false;
    case 'is':
      switch (value.toLowerCase()) {
        case 'unread':
          return (query.unread = true);
        case 'read':
          query.unread = false;
          return true;
        case 'flagged':
        case 'starred':
          return (query.flagged = true);
        default:
          return false;
      }
    case 'before':
      query.before = parseDay(value, key);
      return true;
    case 'after':
    case 'since':
      query.after = parseDay(value, key);
      return true;
    default:
      return false;
  }
}

/** A calendar day (YYYY-MM-DD, or YYYY/MM/DD) as the UTC midnight that starts it. */
function parseDay(value: string, key: string): number {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(value);
  const [year, month, day] = match
    ? [Number(match[1]), Number(match[2]), Number(match[3])]
    : [0, 0, 0];
  const millis = match ? Date.UTC(year, month - 1, day) : Number.NaN;
  const date = new Date(millis);
  // Date.UTC rolls 2024-02-30 over to March 1st; a day that does not exist is a typo.
  const exists =
    Number.isFinite(millis) && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!exists)
    throw new UserError('invalid', `${key}: expects a date like 2024-03-31, got "${value}"`);
  return millis;
}

/** An FTS5 string literal: the term is matched as a phrase, its own quotes doubled (fts5 §3.1). */
export function ftsPhrase(term: string): string {
  // NUL ends an SQLite string early ("unterminated string"); it carries no meaning in a query.
  // eslint-disable-next-line no-control-regex
  return `"${term.replace(/\u0000/g, ' ').replace(/"/g, '""')}"`;
}
