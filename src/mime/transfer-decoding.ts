// Content-Transfer-Encoding decoders for body parts fetched raw over IMAP.
// https://www.rfc-editor.org/rfc/rfc2045#section-6
//
// Written at the byte level on purpose: the sync decodes one text part per message and a
// string-based decoder (latin1 string → regex → Buffer) measured several times slower.
// Both decoders are tolerant: mail in the wild breaks the rules, and a sync must never
// stop on one bad message, so they never throw.

import { Buffer } from 'node:buffer';

const EQUALS = 0x3d;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** Maps a byte to its base64 sextet, or -1 for bytes outside the alphabet. */
const BASE64_VALUES: Int8Array = (() => {
  const table = new Int8Array(256).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  // The URL-safe alphabet (RFC 4648 §5) never appears in conforming mail, but Node's own
  // decoder accepts it and a few webmail generators emit it, so it costs nothing to take.
  table[0x2d] = 62; // -
  table[0x5f] = 63; // _
  return table;
})();

/** Maps a byte to its hex value, or -1. */
const HEX_VALUES: Int8Array = (() => {
  const table = new Int8Array(256).fill(-1);
  for (let i = 0; i < 10; i++) table[0x30 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[0x41 + i] = 10 + i;
    table[0x61 + i] = 10 + i;
  }
  return table;
})();

/**
 * Decodes a body part's Content-Transfer-Encoding. base64 and quoted-printable are decoded;
 * 7bit, 8bit, binary and anything unknown are returned as they are (RFC 2045 §6.4: an
 * unrecognized encoding must not be guessed at, and showing the raw text beats showing nothing).
 */
export function decodeTransferEncoding(raw: Buffer, encoding: string | undefined): Buffer {
  switch (normalizeEncoding(encoding)) {
    case 'base64':
      return decodeBase64(raw);
    case 'quoted-printable':
      return decodeQuotedPrintable(raw);
    default:
      return raw;
  }
}

function normalizeEncoding(encoding: string | undefined): string {
  if (!encoding) return '';
  return encoding
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
}

/**
 * Tolerant base64: bytes outside the alphabet (line breaks, spaces, stray punctuation) are
 * skipped, missing padding is implied, and `=` ends the current 4-character quantum rather
 * than the whole input, so bodies glued together from separately padded chunks still decode.
 * https://www.rfc-editor.org/rfc/rfc2045#section-6.8
 */
export function decodeBase64(raw: Buffer): Buffer {
  const out = Buffer.allocUnsafe(Math.floor((raw.length * 3) / 4) + 3);
  let written = 0;
  let quantum = 0; // accumulated sextets
  let count = 0; // sextets in the current quantum
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    const value = BASE64_VALUES[byte]!;
    if (value >= 0) {
      quantum = (quantum << 6) | value;
      if (++count === 4) {
        out[written++] = (quantum >> 16) & 0xff;
        out[written++] = (quantum >> 8) & 0xff;
        out[written++] = quantum & 0xff;
        quantum = 0;
        count = 0;
      }
    } else if (byte === EQUALS && count > 0) {
      written = flushPartialQuantum(out, written, quantum, count);
      quantum = 0;
      count = 0;
    }
  }
  written = flushPartialQuantum(out, written, quantum, count);
  return out.subarray(0, written);
}

/** 2 sextets carry 1 byte, 3 carry 2; a lone sextet carries no whole byte and is dropped. */
function flushPartialQuantum(out: Buffer, written: number, quantum: number, count: number): number {
  if (count === 2) {
    out[written++] = (quantum >> 4) & 0xff;
  } else if (count === 3) {
    out[written++] = (quantum >> 10) & 0xff;
    out[written++] = (quantum >> 2) & 0xff;
  }
  return written;
}

/**
 * Byte-level quoted-printable decoder.
 * https://www.rfc-editor.org/rfc/rfc2045#section-6.7
 *
 * - `=XX` (hex digits in either case) becomes the byte XX; lowercase is not allowed by the RFC
 *   but rule (1) asks decoders to be robust, and real encoders emit it.
 * - `=` before a line break (`=\r\n` or `=\n`, optionally with transport-added blanks between)
 *   is a soft line break and disappears; so does a `=` that ends the input.
 * - Any other `=` is kept literally (the RFC's suggested handling of malformed input).
 * - Blanks before a hard line break are deleted, rule (3): an encoder must have written real
 *   trailing blanks as `=20`, so literal ones were added in transit.
 * - Everything else, including raw 8-bit bytes, passes through unchanged.
 */
export function decodeQuotedPrintable(raw: Buffer): Buffer {
  const length = raw.length;
  // Decoding only shrinks the input, so one allocation of the input's size is always enough.
  const out = Buffer.allocUnsafe(length);
  let written = 0;
  let i = 0;
  while (i < length) {
    const byte = raw[i]!;
    if (byte === EQUALS) {
      const hi = i + 1 < length ? HEX_VALUES[raw[i + 1]!]! : -1;
      const lo = i + 2 < length ? HEX_VALUES[raw[i + 2]!]! : -1;
      if (hi >= 0 && lo >= 0) {
        out[written++] = (hi << 4) | lo;
        i += 3;
        continue;
      }
      const afterBlanks = skipBlanks(raw, i + 1);
      const breakEnd = lineBreakEnd(raw, afterBlanks);
      if (breakEnd !== -1) {
        i = breakEnd; // soft line break
        continue;
      }
      if (afterBlanks === length) break; // `=` (plus blanks) ending the input: a soft break too
      out[written++] = byte; // malformed: keep the `=` literally
      i++;
      continue;
    }
    if (byte === SPACE || byte === TAB) {
      const next = raw[i + 1];
      if (next !== undefined && next !== SPACE && next !== TAB && next !== CR && next !== LF) {
        out[written++] = byte; // the common case: one blank between words
        i++;
        continue;
      }
      const afterBlanks = skipBlanks(raw, i);
      if (afterBlanks === length || lineBreakEnd(raw, afterBlanks) !== -1) {
        i = afterBlanks; // trailing blanks before a hard break: transport padding
        continue;
      }
      // A plain loop: Buffer#copy costs more per call than the few bytes it would copy here.
      while (i < afterBlanks) out[written++] = raw[i++]!;
      continue;
    }
    out[written++] = byte;
    i++;
  }
  return out.subarray(0, written);
}

function skipBlanks(raw: Buffer, from: number): number {
  let i = from;
  while (i < raw.length && (raw[i] === SPACE || raw[i] === TAB)) i++;
  return i;
}

/** If a line break (CRLF, LF, or a lone CR) starts at `at`, the index after it; else -1. */
function lineBreakEnd(raw: Buffer, at: number): number {
  const byte = raw[at];
  if (byte === LF) return at + 1;
  if (byte === CR) return raw[at + 1] === LF ? at + 2 : at + 1;
  return -1;
}
