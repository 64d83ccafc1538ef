import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCharset, decodeUnlabeled, resolveCharset } from '../../src/mime/charset.js';

const bytes = (...values: number[]): Buffer => Buffer.from(values);
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('decodeCharset: windows-1252 and its Latin-1 labels', () => {
  // "€20 “smart” café" in windows-1252: 0x80 is €, 0x93/0x94 are curly quotes, 0xE9 is é.
  const sample = latin1('\x8020 \x93smart\x94 caf\xe9 \x85 \x96 \x91x\x92');
  const expected = '€20 “smart” café … – ‘x’';

  it.each([
    'windows-1252',
    'iso-8859-1',
    'ISO-8859-1',
    'latin1',
    'ISO_8859-1',
    'iso8859-1',
    'cp1252',
    '"windows-1252"',
    "'iso-8859-1'",
    'l1',
    'x-cp1252',
    'iso-8859-1;format=flowed',
    'binary',
  ])('decodes %s as windows-1252', (label) => {
    expect(decodeCharset(sample, label)).toBe(expected);
  });

  it('gives C1 bytes meaning, unlike a plain Latin-1 decoder', () => {
    expect(decodeCharset(bytes(0x80), 'iso-8859-1')).toBe('€');
    expect(decodeCharset(bytes(0x80), 'iso-8859-1')).not.toBe(
      Buffer.from([0x80]).toString('latin1'),
    );
  });
});

describe('decodeCharset: UTF-8, US-ASCII and no charset', () => {
  it('decodes UTF-8 under its labels and drops a BOM', () => {
    const text = 'Grüße, 日本, 😀';
    for (const label of ['utf-8', 'UTF-8', 'utf8', 'UTF_8', '"utf-8"', 'unicode-1-1-utf-8']) {
      expect(decodeCharset(Buffer.from(text), label)).toBe(text);
    }
    expect(
      decodeCharset(Buffer.concat([bytes(0xef, 0xbb, 0xbf), Buffer.from('hi')]), 'utf-8'),
    ).toBe('hi');
  });

  it('replaces invalid UTF-8 with U+FFFD when UTF-8 is declared', () => {
    expect(decodeCharset(latin1('caf\xe9!'), 'utf-8')).toBe('caf\uFFFD!');
  });

  it('sniffs 8-bit bytes under us-ascii or no charset: UTF-8 if valid, else windows-1252', () => {
    for (const label of ['us-ascii', 'US-ASCII', 'ascii', undefined, '', '  ']) {
      expect(decodeCharset(Buffer.from('café €'), label)).toBe('café €');
      expect(decodeCharset(latin1('caf\xe9 \x80'), label)).toBe('café €');
      expect(decodeCharset(Buffer.from('plain ascii'), label)).toBe('plain ascii');
    }
  });

  it('returns an empty string for empty input', () => {
    expect(decodeCharset(Buffer.alloc(0), 'iso-2022-jp')).toBe('');
  });
});

describe('decodeCharset: other charsets via iconv-lite (and ISO-2022-JP)', () => {
  it('decodes ISO-2022-JP (7-bit escape sequences)', () => {
    // ESC $ B … ESC ( B around "こんにちは" in JIS X 0208
    const raw = Buffer.concat([Buffer.from('\x1b$B$3$s$K$A$O\x1b(B, world', 'latin1')]);
    expect(decodeCharset(raw, 'ISO-2022-JP')).toBe('こんにちは, world');
    expect(decodeCharset(raw, 'csISO2022JP')).toBe('こんにちは, world');
  });

  it('decodes GB2312 (with the GBK/GB18030 superset), Big5, Shift_JIS, EUC-JP', () => {
    expect(decodeCharset(bytes(0xd6, 0xd0, 0xce, 0xc4), 'gb2312')).toBe('中文');
    expect(decodeCharset(bytes(0xd6, 0xd0, 0xce, 0xc4), 'GBK')).toBe('中文');
    // 0x81 0x30 0x81 0x30 is a four-byte GB18030 sequence (U+0080): only GB18030 knows it.
    expect(decodeCharset(bytes(0x81, 0x30, 0x81, 0x30), 'gb2312')).toBe('\u0080');
    expect(decodeCharset(bytes(0xa4, 0xa4, 0xa4, 0xe5), 'big5')).toBe('中文');
    expect(decodeCharset(bytes(0x93, 0xfa, 0x96, 0x7b), 'Shift_JIS')).toBe('日本');
    expect(decodeCharset(bytes(0xc6, 0xfc, 0xcb, 0xdc), 'euc-jp')).toBe('日本');
  });

  it('maps Korean labels, including Outlook’s ks_c_5601-1987, to CP949', () => {
    for (const label of ['ks_c_5601-1987', 'KS_C_5601-1987', 'euc-kr', 'cp949']) {
      expect(decodeCharset(bytes(0xc7, 0xd1, 0xb1, 0xb9), label)).toBe('한국');
    }
    expect(resolveCharset('ks_c_5601-1987')).toEqual({ kind: 'iconv', name: 'cp949' });
  });

  it('decodes Cyrillic and Central European single-byte charsets', () => {
    expect(decodeCharset(bytes(0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4), 'koi8-r')).toBe('Привет');
    expect(decodeCharset(bytes(0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2), 'windows-1251')).toBe('Привет');
    expect(decodeCharset(bytes(0xb3, 0xf3, 0x64, 0xbc), 'iso-8859-2')).toBe('łódź');
    expect(decodeCharset(bytes(0x80), 'windows-1250')).toBe('€');
  });

  it('decodes ISO-8859-9 as windows-1254 and TIS-620 as windows-874 (WHATWG)', () => {
    expect(decodeCharset(bytes(0x80, 0xfd), 'iso-8859-9')).toBe('€ı');
    expect(decodeCharset(bytes(0x80, 0xa1), 'tis-620')).toBe('€ก');
  });

  it('decodes UTF-16 with a BOM', () => {
    expect(decodeCharset(bytes(0xff, 0xfe, 0x68, 0x00, 0x69, 0x00), 'utf-16')).toBe('hi');
  });
});

describe('decodeCharset: unknown and refused charsets', () => {
  it('falls back to UTF-8 when the bytes are valid UTF-8', () => {
    expect(decodeCharset(Buffer.from('café'), 'x-unknown-foo')).toBe('café');
    expect(decodeCharset(Buffer.from('café'), 'unknown-8bit')).toBe('café');
  });

  it('falls back to windows-1252 when they are not', () => {
    expect(decodeCharset(latin1('caf\xe9 \x80'), 'x-unknown-foo')).toBe('café €');
    expect(decodeCharset(latin1('caf\xe9'), '8bit')).toBe('café');
  });

  it('refuses UTF-7 (a filter-evasion vector) and transfer encodings posing as charsets', () => {
    expect(decodeCharset(Buffer.from('+ADw-script+AD4-'), 'utf-7')).toBe('+ADw-script+AD4-');
    expect(decodeCharset(Buffer.from('SGk='), 'base64')).toBe('SGk=');
    expect(decodeCharset(Buffer.from('6869'), 'hex')).toBe('6869');
    expect(resolveCharset('unicode-1-1-utf-7')).toEqual({ kind: 'sniff' });
  });

  it('resolves x- labels iconv-lite knows without the prefix', () => {
    expect(resolveCharset('x-mac-cyrillic')).toEqual({ kind: 'iconv', name: 'mac-cyrillic' });
    expect(decodeCharset(bytes(0x8f, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2), 'x-mac-cyrillic')).toBe(
      'Привет',
    );
  });

  it('never throws, whatever the bytes and the label', () => {
    const labels = [
      'utf-8',
      'gb18030',
      'big5',
      'shift_jis',
      'iso-2022-jp',
      'utf-16',
      'utf-32',
      'x-bogus',
      '\u0000',
      '__proto__',
      'constructor',
    ];
    for (let round = 0; round < 30; round++) {
      const raw = randomBytes(Math.floor(Math.random() * 400));
      for (const label of labels) {
        expect(typeof decodeCharset(raw, label)).toBe('string');
      }
    }
  });
});

describe('decodeUnlabeled', () => {
  it('prefers UTF-8 and falls back to windows-1252', () => {
    expect(decodeUnlabeled(Buffer.from('Jürgen'))).toBe('Jürgen');
    expect(decodeUnlabeled(latin1('J\xfcrgen'))).toBe('Jürgen');
  });
});
