import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import {
  encode as encodeQuotedPrintable,
  wrap as wrapQuotedPrintable,
} from 'nodemailer/lib/qp/index.js';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodeQuotedPrintable,
  decodeTransferEncoding,
} from '../../src/mime/transfer-decoding.js';

const qp = (input: string | Buffer): string =>
  decodeQuotedPrintable(typeof input === 'string' ? Buffer.from(input, 'latin1') : input).toString(
    'latin1',
  );
const b64 = (input: string): string =>
  decodeBase64(Buffer.from(input, 'latin1')).toString('latin1');

describe('decodeQuotedPrintable', () => {
  it('decodes =XX escapes in upper and lower case', () => {
    expect(decodeQuotedPrintable(Buffer.from('Caf=C3=A9 na=c3=afve')).toString('utf8')).toBe(
      'Café naïve',
    );
  });

  it('removes soft line breaks with CRLF, LF and transport padding after the =', () => {
    expect(qp('mongoo=\r\nse')).toBe('mongoose');
    expect(qp('mongoo=\nse')).toBe('mongoose');
    expect(qp('mongoo= \t \r\nse')).toBe('mongoose');
  });

  it('joins a UTF-8 sequence split by a soft break', () => {
    expect(decodeQuotedPrintable(Buffer.from('na=C3=\r\n=AFve')).toString('utf8')).toBe('naïve');
  });

  it('treats a = at the very end (even with trailing blanks) as a soft break', () => {
    expect(qp('end=')).toBe('end');
    expect(qp('end=  ')).toBe('end');
  });

  it('keeps invalid = sequences literally', () => {
    expect(qp('a=ZZb')).toBe('a=ZZb');
    expect(qp('100% = total')).toBe('100% = total');
    expect(qp('x=4')).toBe('x=4');
    expect(qp('x=4G')).toBe('x=4G');
    expect(qp('==41')).toBe('=A');
    expect(qp('a=\tb')).toBe('a=\tb');
  });

  it('deletes blanks before a hard line break (rule 3) but keeps encoded ones', () => {
    expect(qp('line   \r\nnext')).toBe('line\r\nnext');
    expect(qp('line \t\nnext')).toBe('line\nnext');
    expect(qp('line=20\r\nnext')).toBe('line \r\nnext');
    expect(qp('line =20\r\n')).toBe('line  \r\n');
    expect(qp('trailing at end   ')).toBe('trailing at end');
    expect(qp('inner   blanks stay')).toBe('inner   blanks stay');
  });

  it('passes raw 8-bit bytes and line breaks through', () => {
    const raw = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0d, 0x0a, 0x80, 0x3d, 0x38, 0x30]);
    expect([...decodeQuotedPrintable(raw)]).toEqual([
      0x63, 0x61, 0x66, 0xe9, 0x0d, 0x0a, 0x80, 0x80,
    ]);
  });

  it('decodes =3D and handles empty input', () => {
    expect(qp('a =3D b')).toBe('a = b');
    expect(qp('')).toBe('');
    expect(qp('=')).toBe('');
  });

  it('round-trips random bytes encoded by nodemailer (wrapped at 76)', () => {
    for (let round = 0; round < 50; round++) {
      const bytes = randomBytes(1 + Math.floor(Math.random() * 3000));
      const encoded = wrapQuotedPrintable(encodeQuotedPrintable(bytes), 76);
      expect(decodeQuotedPrintable(Buffer.from(encoded, 'latin1')).equals(bytes)).toBe(true);
    }
  });
});

describe('decodeBase64', () => {
  it('decodes padded, unpadded and line-wrapped input', () => {
    expect(b64('SGVsbG8=')).toBe('Hello');
    expect(b64('SGVsbG8')).toBe('Hello');
    expect(b64('SGVs\r\nbG8h\r\n')).toBe('Hello!');
    expect(b64('SGVsbG8h')).toBe('Hello!');
    expect(b64('SQ')).toBe('I');
  });

  it('ignores characters outside the alphabet', () => {
    expect(b64('SG!V*s%bG ~8=')).toBe('Hello');
    expect(b64('\x00\xffSGVsbG8=\x7f')).toBe('Hello');
  });

  it('tolerates bad padding: too much, misplaced, or chunks glued together', () => {
    expect(b64('SGVsbG8===')).toBe('Hello');
    expect(b64('SGVsbA==bw==')).toBe('Hello');
    expect(b64('QQ==QkM=')).toBe('ABC');
    expect(b64('=SGVsbG8=')).toBe('Hello');
  });

  it('drops a lone trailing sextet and returns nothing for pure garbage', () => {
    expect(b64('SGVsbG8hQ')).toBe('Hello!');
    expect(b64('!!!***')).toBe('');
    expect(b64('')).toBe('');
  });

  it('accepts the URL-safe alphabet', () => {
    expect(decodeBase64(Buffer.from('-_-_')).equals(Buffer.from('+/+/', 'base64'))).toBe(true);
  });

  it('decodes a body with junk in the middle and broken padding at the end', () => {
    const body =
      'VGhpcyBib2R5IGlzIGJh!*c2U2NCB3aXRoIGp1bmsg%Y2hhcmFjdGVycyBhbmQgYnJva2VuIHBhZGRp\r\n' +
      'bmcuDQpUaGUgd29yZCBkb2xwaGluZml4dHVy ~ ZSBtdXN0IHN1cnZpdmUgYSBsZW5pZW50IGRlY29k\r\n' +
      'ZXIuDQpOb24tQVNDSUkgdG9vOiBjYWbDqSBuYcOvdmUuDQ===\r\n';
    const text = decodeBase64(Buffer.from(body)).toString('utf8');
    expect(text).toContain('The word dolphinfixture must survive a lenient decoder.');
    expect(text).toContain('Non-ASCII too: café naïve.');
  });

  it('matches Node on random data wrapped at 76 columns', () => {
    for (let round = 0; round < 50; round++) {
      const bytes = randomBytes(Math.floor(Math.random() * 5000));
      const wrapped = (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
      expect(decodeBase64(Buffer.from(wrapped)).equals(bytes)).toBe(true);
    }
  });
});

describe('decodeTransferEncoding', () => {
  it('dispatches on the encoding name, case- and quote-insensitively', () => {
    expect(decodeTransferEncoding(Buffer.from('SGk='), 'BASE64').toString()).toBe('Hi');
    expect(decodeTransferEncoding(Buffer.from('SGk='), ' "base64" ').toString()).toBe('Hi');
    expect(decodeTransferEncoding(Buffer.from('H=69'), 'Quoted-Printable').toString()).toBe('Hi');
  });

  it('returns 7bit, 8bit, binary, unknown and missing encodings as they are', () => {
    const raw = Buffer.from('a=41 SGk=\r\n');
    for (const encoding of ['7bit', '8bit', 'binary', 'x-uuencode', '', undefined]) {
      expect(decodeTransferEncoding(raw, encoding)).toBe(raw);
    }
  });
});
