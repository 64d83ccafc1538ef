import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../src/files/safe-file-name.js';

/*
 * Attachment names are stored as the sender wrote them; any name used on disk goes through
 * safeFileName first. These are the hostile and awkward names a sender (or a broken mailer) can
 * put in Content-Disposition / Content-Type.
 */

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
/** Characters no name on disk may hold: separators, controls, bidi overrides and isolates. */
const FORBIDDEN = new RegExp(
  // eslint-disable-next-line no-control-regex -- these are what the sanitizer must remove
  '[/\\\\<>:"|?*\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]',
);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

function expectUsable(name: string): void {
  expect(name).not.toMatch(FORBIDDEN);
  expect(name).not.toMatch(RESERVED);
  expect(['', '.', '..']).not.toContain(name);
  expect(bytes(name)).toBeLessThanOrEqual(255);
  expect(name).not.toMatch(/[. ]$/);
  expect(name).not.toMatch(/^[. ]/);
  // Valid UTF-16 all through: a cut never splits a surrogate pair.
  expect(name).not.toMatch(LONE_SURROGATE);
}

describe('safeFileName: directory parts and traversal', () => {
  it.each([
    ['../../../etc/passwd', 'passwd'],
    ['/etc/passwd', 'passwd'],
    ['..\\..\\Windows\\System32\\evil.dll', 'evil.dll'],
    ['folder/sub/report.pdf', 'report.pdf'],
    ['C:\\Users\\me\\invoice.pdf', 'invoice.pdf'],
    // Percent-escapes are not separators on disk; the leading dots still go.
    ['..%2F..%2Fetc%2Fpasswd', '%2F..%2Fetc%2Fpasswd'],
    ['report.pdf/', 'report.pdf'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it.each(['.', '..', '../..', '/', '\\', '../', '...', ' . . '])(
    '%j has no name left and falls back',
    (input) => {
      expect(safeFileName(input)).toBe('attachment');
      expect(safeFileName(input, { contentType: 'application/pdf' })).toBe('attachment.pdf');
    },
  );

  it('a name never hides (leading dots go)', () => {
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('...hidden.txt')).toBe('hidden.txt');
  });
});

describe('safeFileName: control and bidi characters', () => {
  it('drops a right-to-left override that would disguise the extension', () => {
    // Shown as "invoice_fdp.exe" reversed: "invoice_exe.pdf" to a reader.
    expect(safeFileName('invoice_\u202Efdp.exe')).toBe('invoice_fdp.exe');
  });

  it.each([
    ['a\u0000b.txt', 'ab.txt'],
    ['line\nbreak\r.txt', 'linebreak.txt'],
    ['tab\there.txt', 'tabhere.txt'],
    ['bell\u0007.txt', 'bell.txt'],
    ['esc\u001b[31mred.txt', 'esc[31mred.txt'],
    ['c1\u009b31m.txt', 'c131m.txt'],
    ['del\u007f.txt', 'del.txt'],
    ['iso\u2066late\u2069.txt', 'isolate.txt'],
    ['mark\u200e\u200f\u061c.txt', 'mark.txt'],
    ['embed\u202a\u202b\u202c\u202d.txt', 'embed.txt'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('a name of control characters only falls back', () => {
    expect(safeFileName('\u0000\u202e\n', { contentType: 'image/png' })).toBe('attachment.png');
  });
});

describe('safeFileName: Windows', () => {
  it('replaces the characters Windows refuses', () => {
    expect(safeFileName('a<b>c:d"e|f?g*h.txt')).toBe('a_b_c_d_e_f_g_h.txt');
  });

  it.each([
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['Nul.tar.gz', '_Nul.tar.gz'],
    ['PRN', '_PRN'],
    ['aux.c', '_aux.c'],
    ['COM1.log', '_COM1.log'],
    ['lpt9', '_lpt9'],
    ['COM¹.txt', '_COM¹.txt'],
    ['con .txt', '_con .txt'],
  ])('reserved device name %j becomes %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it.each(['CONSOLE.txt', 'icon.png', 'com10.txt', 'nullable.js', 'auxiliary'])(
    '%j is not a device name and stays',
    (input) => {
      expect(safeFileName(input)).toBe(input);
    },
  );

  it('drops trailing dots and spaces (Windows would drop them itself)', () => {
    expect(safeFileName('name. . .')).toBe('name');
    expect(safeFileName('report.pdf   ')).toBe('report.pdf');
    expect(safeFileName('  padded.txt  ')).toBe('padded.txt');
  });
});

describe('safeFileName: length', () => {
  it('cuts a long name to 255 bytes and keeps the extension', () => {
    const name = safeFileName(`${'a'.repeat(400)}.pdf`);
    expect(bytes(name)).toBe(255);
    expect(name).toBe(`${'a'.repeat(251)}.pdf`);
  });

  it('counts bytes, not characters, and never splits a character', () => {
    const accented = safeFileName(`${'é'.repeat(200)}.pdf`);
    expect(bytes(accented)).toBeLessThanOrEqual(255);
    expect(accented).toMatch(/^é+\.pdf$/);
    expect(bytes(accented)).toBeGreaterThan(250);

    const emoji = safeFileName(`${'😀'.repeat(100)}.txt`);
    expect(bytes(emoji)).toBeLessThanOrEqual(255);
    expect(emoji).toMatch(/^(😀)+\.txt$/u);
    expect(emoji).not.toMatch(LONE_SURROGATE);
  });

  it('a huge "extension" is not kept whole', () => {
    const name = safeFileName(`x.${'b'.repeat(400)}`);
    expect(bytes(name)).toBeLessThanOrEqual(255);
    expect(name.startsWith('x')).toBe(true);
  });

  it('a name that is all extension stays a name', () => {
    expect(safeFileName('.pdf')).toBe('pdf');
  });
});

describe('safeFileName: ordinary names and fallbacks', () => {
  it.each([
    'report.pdf',
    'Invoice 2025-03 (final).xlsx',
    'photo.jpeg',
    'Übersicht.docx',
    '日本語のファイル.txt',
    'archive.tar.gz',
    'noextension',
    'résumé – v2.pdf',
  ])('%j is kept as it is', (input) => {
    expect(safeFileName(input)).toBe(input);
  });

  it('composes decomposed accents (NFC), as the name was meant', () => {
    expect(safeFileName('re\u0301sume\u0301.pdf')).toBe('résumé.pdf');
  });

  it.each([
    [null, undefined, 'attachment'],
    [undefined, 'text/plain', 'attachment.txt'],
    ['', 'application/pdf; name="x.pdf"', 'attachment.pdf'],
    ['   ', 'IMAGE/JPEG', 'attachment.jpg'],
    [null, 'message/rfc822', 'attachment.eml'],
    [null, 'text/calendar', 'attachment.ics'],
    [null, 'application/x-unheard-of', 'attachment'],
    [null, 'not a content type', 'attachment'],
  ])('%j (%s) falls back to %j', (input, contentType, expected) => {
    expect(safeFileName(input, contentType === undefined ? {} : { contentType })).toBe(expected);
  });

  it('a usable name keeps its own extension whatever the content type says', () => {
    expect(safeFileName('notes.md', { contentType: 'text/plain' })).toBe('notes.md');
  });
});

describe('safeFileName: any input', () => {
  const samples = [
    '../../../etc/passwd',
    'invoice_\u202Efdp.exe',
    'CON',
    'a\u0000b',
    'x'.repeat(1000),
    '😀'.repeat(200),
    '\ud800lonely surrogate.txt',
    '. .. ...',
    'com1.txt.',
    '\u0085next line',
  ];

  it('is always usable on disk and stable when applied twice', () => {
    const random = Array.from({ length: 500 }, () => {
      const raw = randomBytes(1 + (randomBytes(1)[0]! % 300));
      // Mix raw bytes, UTF-8 and UTF-16 code units so separators, controls and surrogates all occur.
      return raw.toString(raw[0]! % 2 ? 'latin1' : 'utf16le');
    });
    for (const input of [...samples, ...random]) {
      const name = safeFileName(input);
      expectUsable(name);
      expect(safeFileName(name)).toBe(name);
    }
  });
});
