import { randomBytes } from 'node:crypto';
import * as qp from 'nodemailer/lib/qp/index.js';
import { describe, expect, it } from 'vitest';
import { decodedSize } from '../../src/mime/decoded-size.js';

/*
 * decodedSize estimates a part's decoded size from the encoded size BODYSTRUCTURE gives. Checked
 * against real encodings (Node's base64, nodemailer's quoted-printable, as mail is sent) over
 * many lengths: never short, and within the bounds its comment documents.
 */

/** base64 in lines of `width` characters, CRLF between them (and after the last with `trailing`). */
function base64Size(bytes: Buffer, width: number, trailing: boolean): number {
  const characters = bytes.toString('base64').length;
  const lines = Math.ceil(characters / width);
  return characters + 2 * Math.max(0, lines - 1) + (trailing && lines > 0 ? 2 : 0);
}

describe('decodedSize', () => {
  it('takes the size the sender stated (RFC 2183 §2.7) over any estimate', () => {
    expect(
      decodedSize({ encoding: 'base64', size: 13682, dispositionParameters: { size: '4321' } }),
    ).toBe(4321);
    // Not a number: ignored.
    expect(
      decodedSize({ encoding: '7bit', size: 10, dispositionParameters: { size: 'large' } }),
    ).toBe(10);
  });

  it('keeps the size of 7bit, 8bit, binary and unlabelled parts', () => {
    for (const encoding of ['7bit', '8bit', 'binary', undefined])
      expect(decodedSize({ encoding, size: 1234 })).toBe(1234);
    expect(decodedSize({ encoding: 'base64' })).toBeUndefined();
  });

  it('is exact for base64 in 76-character lines but for the padding: at most 2 bytes over', () => {
    for (let length = 0; length <= 2000; length += 1) {
      const bytes = randomBytes(length);
      const estimate = decodedSize({ encoding: 'BASE64', size: base64Size(bytes, 76, false) })!;
      expect(estimate - length, `${length} bytes`).toBeGreaterThanOrEqual(0);
      expect(estimate - length, `${length} bytes`).toBeLessThanOrEqual(2);
      if (length % 3 === 0) expect(estimate, `${length} bytes`).toBe(length);
      // A line break after the last line: one more byte at most.
      const trailing = decodedSize({ encoding: 'base64', size: base64Size(bytes, 76, true) })!;
      expect(trailing - length, `${length} bytes`).toBeGreaterThanOrEqual(0);
      expect(trailing - length, `${length} bytes`).toBeLessThanOrEqual(3);
    }
  });

  it('is at most 0.5% over for base64 in shorter (64-character) lines', () => {
    for (const length of [1000, 10_000, 1_000_000]) {
      const estimate = decodedSize({
        encoding: 'base64',
        size: base64Size(randomBytes(length), 64, false),
      })!;
      expect(estimate).toBeGreaterThanOrEqual(length);
      expect(estimate).toBeLessThanOrEqual(length * 1.005 + 2);
    }
  });

  it('never under-states quoted-printable: exact for short lines, within 4% for long ASCII lines', () => {
    const short = Buffer.from(
      Array.from({ length: 200 }, (_, i) => `${i};item-${i};ok`).join('\r\n'),
    );
    expect(
      decodedSize({ encoding: 'quoted-printable', size: qp.wrap(qp.encode(short)).length }),
    ).toBe(short.length);
    const prose = Buffer.from(
      Array.from({ length: 50 }, () =>
        'All work and no play makes a long line of plain text. '.repeat(5).trim(),
      ).join('\r\n'),
    );
    const estimate = decodedSize({
      encoding: 'quoted-printable',
      size: qp.wrap(qp.encode(prose)).length,
    })!;
    expect(estimate).toBeGreaterThanOrEqual(prose.length);
    expect(estimate).toBeLessThanOrEqual(prose.length * 1.04);
  });
});
