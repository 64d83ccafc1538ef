import type { Random } from './random.js';

/*
 * Header values as mail clients write them: RFC 2047 encoded words for anything beyond ASCII
 * (https://www.rfc-editor.org/rfc/rfc2047), in the mix of schemes and charsets found in real
 * mailboxes, RFC 2231 parameters for file names, and RFC 5322 dates with their sender's zone.
 */

/** Whether every character of `text` is below `limit` (0x80: ASCII; 0x100: ISO-8859-1). */
const below = (text: string, limit: number): boolean => {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) >= limit) return false;
  return true;
};
export const isAscii = (text: string): boolean => below(text, 0x80);
const isLatin1 = (text: string): boolean => below(text, 0x100);

/** RFC 2047 §2: an encoded word is at most 75 characters. */
const MAX_WORD = 75;

interface Scheme {
  charset: 'UTF-8' | 'ISO-8859-1';
  encoding: 'B' | 'Q';
}

/**
 * `text` as it goes into an unstructured header or a display name: unchanged when ASCII, else
 * encoded words (half base64, the rest Q, some in ISO-8859-1 when the text fits), folded one
 * word per line.
 */
export function encodeHeaderText(text: string, random: Random): string {
  if (isAscii(text)) return text;
  const roll = random.next();
  const scheme: Scheme =
    roll < 0.5
      ? { charset: 'UTF-8', encoding: 'B' }
      : roll < 0.85 || !isLatin1(text)
        ? { charset: 'UTF-8', encoding: 'Q' }
        : { charset: 'ISO-8859-1', encoding: 'Q' };
  return encodedWords(text, scheme).join('\n ');
}

/**
 * Encoded words of whole characters: RFC 2047 §5 forbids splitting a multi-byte character
 * between two words, so the text is cut between characters when a word is full.
 */
function encodedWords(text: string, { charset, encoding }: Scheme): string[] {
  const prefix = `=?${charset}?${encoding}?`;
  const room = MAX_WORD - prefix.length - 2;
  const nodeCharset = charset === 'UTF-8' ? 'utf8' : 'latin1';
  const encode = (bytes: Buffer): string =>
    encoding === 'B' ? bytes.toString('base64') : qEncode(bytes);
  const words: string[] = [];
  let pending: Buffer[] = [];
  for (const character of text) {
    const bytes = Buffer.from(character, nodeCharset);
    if (pending.length > 0 && encode(Buffer.concat([...pending, bytes])).length > room) {
      words.push(prefix + encode(Buffer.concat(pending)) + '?=');
      pending = [];
    }
    pending.push(bytes);
  }
  if (pending.length > 0) words.push(prefix + encode(Buffer.concat(pending)) + '?=');
  return words;
}

/** RFC 2047 §4.2, with §5 (3)'s narrower set of literal characters, valid in phrases too. */
function qEncode(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x20) out += '_';
    else if (/[A-Za-z0-9!*+\-/]/.test(String.fromCharCode(byte))) out += String.fromCharCode(byte);
    else out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export interface Person {
  name: string;
  address: string;
}

/** `"Name" <address>`, or encoded words and the address when the name is not ASCII. */
export function mailbox(person: Person, random: Random): string {
  const name = isAscii(person.name) ? `"${person.name}"` : encodeHeaderText(person.name, random);
  return `${name} <${person.address}>`;
}

/** A header of several addresses, one per line. */
export function addressList(people: readonly Person[], random: Random): string {
  return people.map((person) => mailbox(person, random)).join(',\n\t');
}

/**
 * A MIME parameter: `name="value"` when ASCII, else RFC 2231's `name*=utf-8''percent-encoded`
 * (https://www.rfc-editor.org/rfc/rfc2231#section-4), escaping everything but attribute-char.
 */
export function mimeParameter(name: string, value: string): string {
  if (isAscii(value)) return `${name}="${value}"`;
  let encoded = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const character = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9!#$&+\-.^_`|~]/.test(character)
      ? character
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `${name}*=utf-8''${encoded}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;
/** Senders' zones, in minutes east of UTC. */
const ZONES = [0, 60, 120, -300, -480, 330, 540, 600] as const;

/** RFC 5322 §3.3 date of the instant `ms`, in a zone the sender might be in. */
export function rfc5322Date(ms: number, random: Random): string {
  const zone = random.pick(ZONES);
  const local = new Date(ms + zone * 60_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  const offset = `${zone < 0 ? '-' : '+'}${two(Math.floor(Math.abs(zone) / 60))}${two(Math.abs(zone) % 60)}`;
  return (
    `${DAYS[local.getUTCDay()]}, ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ${offset}`
  );
}
