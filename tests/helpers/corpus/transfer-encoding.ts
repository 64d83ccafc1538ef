import { isAscii } from './header-encoding.js';
import type { Random } from './random.js';

/*
 * MIME content transfer encodings (https://www.rfc-editor.org/rfc/rfc2045#section-6) of text and
 * binary parts, with the mix real senders use: ASCII text as 7bit, other text mostly
 * quoted-printable, some 8bit, some base64.
 */

/** Bytes of one base64 line: 57 bytes make exactly 76 characters. */
const LINE_BYTES = 57;

/** base64 in 76-character lines ending in `eol`. */
export function base64Lines(data: Buffer, eol: '\r\n' | '\n' = '\r\n'): Buffer {
  const lineCount = Math.ceil(data.length / LINE_BYTES);
  const out = Buffer.alloc(Math.ceil(data.length / 3) * 4 + lineCount * eol.length);
  let offset = 0;
  // Encode 1,024 lines per call: one big toString('base64') would double the peak memory.
  for (let start = 0; start < data.length; start += LINE_BYTES * 1024) {
    const encoded = Buffer.from(
      data.subarray(start, start + LINE_BYTES * 1024).toString('base64'),
      'latin1',
    );
    for (let at = 0; at < encoded.length; at += 76) {
      offset += encoded.copy(out, offset, at, Math.min(at + 76, encoded.length));
      offset += out.write(eol, offset, 'latin1');
    }
  }
  return out.subarray(0, offset);
}

/** RFC 2045 §6.7 line length: 76 characters, the soft break's "=" included. */
const QP_LINE = 76;

/** Quoted-printable of UTF-8 text (LF lines): soft breaks never split an "=XX". */
export function quotedPrintable(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    let encoded = '';
    for (const byte of Buffer.from(line, 'utf8'))
      encoded +=
        byte === 0x3d || byte > 0x7e
          ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
          : String.fromCharCode(byte);
    // Rule 3: whitespace at the end of a line would be lost in transit.
    encoded = encoded.replace(/[ \t]$/, (space) => (space === ' ' ? '=20' : '=09'));
    while (encoded.length > QP_LINE) {
      let cut = QP_LINE - 1;
      // Back off to the start of an "=XX" the cut would fall into.
      if (encoded[cut - 1] === '=') cut -= 1;
      else if (encoded[cut - 2] === '=') cut -= 2;
      lines.push(`${encoded.slice(0, cut)}=`);
      encoded = encoded.slice(cut);
    }
    lines.push(encoded);
  }
  return lines.join('\n');
}

export interface EncodedPart {
  /** Content-Type and Content-Transfer-Encoding lines. */
  headers: string;
  body: string;
}

/** A text part's headers and body, in the transfer encoding a sender would have picked. */
export function encodeTextPart(text: string, contentType: string, random: Random): EncodedPart {
  const part = (charset: string, encoding: string, body: string): EncodedPart => ({
    headers: `Content-Type: ${contentType}; charset="${charset}"\nContent-Transfer-Encoding: ${encoding}`,
    body,
  });
  if (isAscii(text)) return part('us-ascii', '7bit', text);
  const roll = random.next();
  if (roll < 0.55) return part('UTF-8', 'quoted-printable', quotedPrintable(text));
  if (roll < 0.8) return part('UTF-8', '8bit', text);
  const base64 = base64Lines(Buffer.from(text, 'utf8'), '\n').toString('latin1');
  return part('UTF-8', 'base64', base64.slice(0, -1));
}
