// Header parsing for the bulk sync: a message's header block as fetched over IMAP
// (BODY.PEEK[HEADER]) into decoded values, and message-ids out of threading headers.

import { Buffer } from 'node:buffer';
import libmime from 'libmime';
import { decodeUnlabeled } from './charset.js';

const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
const WORD_END = /[\s,<>()"]/;

/** Any byte outside US-ASCII (the header string is a latin1 view, one char per byte). */
const EIGHT_BIT = /[\u0080-\u00ff]/;

/**
 * Parses a header block into lowercased names → values in order of appearance (a name can
 * repeat: Received, References from broken clients...). Stops at the first empty line, so the
 * whole message can be passed. Never throws.
 *
 * - Folded lines are unfolded (https://www.rfc-editor.org/rfc/rfc5322#section-2.2.3); the
 *   line break and the whitespace run after it become one space.
 * - Raw 8-bit bytes (not allowed by RFC 5322 but common, RFC 6532 allows UTF-8) are decoded
 *   as UTF-8 if they are valid UTF-8, else as windows-1252; a full parser turns Latin-1 there
 *   into U+FFFD (mailparser and postal-mime both do, measured on a raw 8-bit Latin-1 Subject).
 * - RFC 2047 encoded-words are then decoded (https://www.rfc-editor.org/rfc/rfc2047), in
 *   every header: the message-id headers never contain them, so that costs nothing.
 */
export function parseHeaderBlock(raw: Buffer): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  const text = raw.toString('latin1', 0, headerBlockEnd(raw));
  let name: string | undefined;
  let value = '';
  const flush = (): void => {
    if (name === undefined) return;
    const decoded = decodeHeaderValue(value);
    const values = headers.get(name);
    if (values) values.push(decoded);
    else headers.set(name, [decoded]);
    name = undefined;
  };
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '') break; // end of the header section (RFC 5322 §2.1)
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      // A continuation line; one before any field (or after a broken line) is dropped.
      if (name !== undefined) value += ' ' + line.trim();
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    // Lines without a colon (an mbox "From " line, garbage) are not fields.
    if (colon <= 0) continue;
    // RFC 5322 §2.2: a field name is printable US-ASCII without spaces. Blanks before the
    // colon are tolerated (obsolete syntax, §4.5); anything else, like an mbox "From " line
    // whose time has colons, is not a field.
    const fieldName = line.slice(0, colon).trimEnd().toLowerCase();
    if (!FIELD_NAME.test(fieldName)) continue;
    name = fieldName;
    value = line.slice(colon + 1);
  }
  flush();
  return headers;
}

/** Index where the header section ends: at its terminating empty line, or the end. */
function headerBlockEnd(raw: Buffer): number {
  const lf = raw.indexOf('\n\n');
  const crlf = raw.indexOf('\n\r\n');
  if (lf === -1) return crlf === -1 ? raw.length : crlf + 1;
  if (crlf === -1) return lf + 1;
  return Math.min(lf, crlf) + 1;
}

/** Decodes one unfolded header value given as a latin1 string (one char per raw byte). */
export function decodeHeaderValue(latin1Value: string): string {
  let value = latin1Value.trim();
  if (EIGHT_BIT.test(value)) value = decodeUnlabeled(Buffer.from(value, 'latin1'));
  if (!value.includes('=?')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value; // a malformed encoded-word reads better raw than not at all
  }
}

/**
 * Extracts message-ids from a Message-ID, In-Reply-To or References value, in order and
 * de-duplicated, without angle brackets (https://www.rfc-editor.org/rfc/rfc5322#section-3.6.4).
 *
 * Tolerant, because threading headers are where broken clients shine: `<id>` tokens are taken
 * with any whitespace inside removed (a fold in the middle of a long id); ids written without
 * brackets are taken if they contain "@"; commas, comments `(…)` (nesting, as RFC 5322 §3.2.2
 * allows), quoted strings (phrases like `"Your message of …"`) and other words are skipped.
 */
export function parseMessageIds(value: string | undefined): string[] {
  if (!value) return [];
  const ids = new Set<string>();
  const length = value.length;
  let i = 0;
  while (i < length) {
    const char = value[i];
    if (char === '<') {
      const close = value.indexOf('>', i + 1);
      // An unterminated bracket (a truncated References) runs to the next "<" or the end.
      const nextOpen = value.indexOf('<', i + 1);
      const end =
        close !== -1 && (nextOpen === -1 || close < nextOpen)
          ? close
          : nextOpen !== -1
            ? nextOpen
            : length;
      const id = value.slice(i + 1, end).replace(/\s+/g, '');
      // A closed bracket is an id whatever is inside; an unclosed one only if it looks like one.
      if (end === close || looksLikeId(id)) addId(ids, id);
      i = end === close ? end + 1 : end;
    } else if (char === '(') {
      i = skipComment(value, i);
    } else if (char === '"') {
      i = skipQuoted(value, i);
    } else if (char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === ',') {
      i++;
    } else {
      // A bare word; a stray ">" or ")" is a word of its own so the scan always moves on.
      let end = i + 1;
      while (end < length && !WORD_END.test(value[end]!)) end++;
      const word = value.slice(i, end);
      if (looksLikeId(word)) addId(ids, word);
      i = end;
    }
  }
  return [...ids];
}

function addId(ids: Set<string>, id: string): void {
  if (id !== '') ids.add(id);
}

/** Something on both sides of an "@": id-left "@" id-right. */
function looksLikeId(word: string): boolean {
  const at = word.indexOf('@');
  return at > 0 && at < word.length - 1;
}

/**
 * Index after the comment starting at `start`. An unterminated "(" is skipped alone rather
 * than swallowing the ids after it.
 */
function skipComment(value: string, start: number): number {
  let depth = 0;
  for (let i = start; i < value.length; i++) {
    const char = value[i];
    if (char === '\\') i++;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i + 1;
  }
  return start + 1;
}

/** Index after the quoted string starting at `start` (an unterminated quote: just after it). */
function skipQuoted(value: string, start: number): number {
  for (let i = start + 1; i < value.length; i++) {
    const char = value[i];
    if (char === '\\') i++;
    else if (char === '"') return i + 1;
  }
  return start + 1;
}
