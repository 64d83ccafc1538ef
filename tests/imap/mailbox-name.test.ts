import { Buffer } from 'node:buffer';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodeMailboxName, quote } from '../../src/imap/bulk/mailbox-name.js';

// Modified UTF-7 (RFC 3501 §5.1.3), compared with iconv-lite's "utf-7-imap", which imapflow uses
// for the same job (tools.js encodePath), so both connections name a folder the same way.

const imapflowEncoding = (name: string): string =>
  iconv.encode(name, 'utf-7-imap').toString('latin1');

describe('encodeMailboxName', () => {
  it('leaves printable ASCII alone and quotes it', () => {
    expect(encodeMailboxName('INBOX')).toBe('"INBOX"');
    expect(encodeMailboxName('Archive/2024 Q1')).toBe('"Archive/2024 Q1"');
  });

  it('escapes "&" as "&-"', () => {
    expect(encodeMailboxName('Café & Co')).toBe('"Caf&AOk- &- Co"');
    expect(encodeMailboxName('&')).toBe('"&-"');
  });

  it('encodes the RFC 3501 example', () => {
    // §5.1.3: "~peter/mail/台北/日本語" is "~peter/mail/&U,BTFw-/&ZeVnLIqe-".
    expect(encodeMailboxName('~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e')).toBe(
      '"~peter/mail/&U,BTFw-/&ZeVnLIqe-"',
    );
  });

  it('quotes and escapes " and \\ for the command line', () => {
    expect(encodeMailboxName('say "hi" \\ there')).toBe('"say \\"hi\\" \\\\ there"');
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('encodes characters outside the BMP as UTF-16 surrogate pairs', () => {
    expect(encodeMailboxName('Emoji 📬')).toBe(`"${imapflowEncoding('Emoji 📬')}"`);
    expect(encodeMailboxName('📬')).toBe('"&2D3c7A-"');
  });

  it('matches imapflow (iconv-lite utf-7-imap) on a range of names', () => {
    const names = [
      'Привет',
      'Entwürfe',
      'Gelöschte Elemente',
      'Éléments envoyés',
      '送信済みアイテム',
      'Mixed Ünïcödé & ASCII-Ende',
      'a\u00e9b\u00e9c',
      '\u00e9\u00e9\u00e9\u00e9\u00e9',
      'ÿ?~',
      'Tab\there',
      '&&',
      '&Ampersand',
      'x-y_z.[1]{2}(3)',
    ];
    for (const name of names) {
      expect(encodeMailboxName(name), name).toBe(quote(imapflowEncoding(name)));
    }
  });

  it('decodes back to the name (through iconv-lite)', () => {
    for (const name of ['Привет', 'Café & Co', 'Emoji 📬', '日本語/下書き']) {
      const encoded = encodeMailboxName(name).slice(1, -1);
      expect(iconv.decode(Buffer.from(encoded, 'latin1'), 'utf-7-imap')).toBe(name);
    }
  });
});
