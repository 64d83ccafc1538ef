import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { parseHeaderBlock, parseMessageIds } from '../../src/mime/headers.js';

const crlf = (lines: string[]): string => lines.join('\r\n');

describe('parseHeaderBlock', () => {
  it('lowercases names, keeps repeated fields in order and stops at the empty line', () => {
    const raw = Buffer.from(
      crlf([
        'Received: from a by b',
        'Subject: Hello',
        'RECEIVED: from c by d',
        'X-Empty:',
        '',
        'Body-Looking: line',
        '',
      ]),
    );
    const headers = parseHeaderBlock(raw);
    expect(headers.get('received')).toEqual(['from a by b', 'from c by d']);
    expect(headers.get('subject')).toEqual(['Hello']);
    expect(headers.get('x-empty')).toEqual(['']);
    expect(headers.has('body-looking')).toBe(false);
    expect([...headers.keys()]).toEqual(['received', 'subject', 'x-empty']);
  });

  it('unfolds continuation lines, whether folded with spaces or tabs', () => {
    const raw = Buffer.from(
      crlf([
        'Subject: a long',
        '   subject',
        '\tline',
        'To: x@example.com,',
        ' y@example.com',
        '',
        '',
      ]),
    );
    const headers = parseHeaderBlock(raw);
    expect(headers.get('subject')).toEqual(['a long subject line']);
    expect(headers.get('to')).toEqual(['x@example.com, y@example.com']);
  });

  it('accepts bare LF line endings and a block without a terminating empty line', () => {
    const headers = parseHeaderBlock(Buffer.from('Subject: lf\n only\nFrom: a@b'));
    expect(headers.get('subject')).toEqual(['lf only']);
    expect(headers.get('from')).toEqual(['a@b']);
  });

  it('skips an mbox From_ line, junk without a colon and a continuation before any field', () => {
    const raw = Buffer.from(
      crlf([
        ' stray continuation',
        'From alice@example.com Mon Jan  6 09:00:00 2025',
        'junk',
        ': no name',
        'Subject : spaced',
        '',
        '',
      ]),
    );
    const headers = parseHeaderBlock(raw);
    expect([...headers.entries()]).toEqual([['subject', ['spaced']]]);
  });

  it('decodes raw 8-bit Latin-1 (windows-1252) bytes in values', () => {
    const raw = Buffer.concat([
      Buffer.from('From: J\xfcrgen M\xfcller <juergen@example.de>\r\n', 'latin1'),
      Buffer.from('Subject: R\xe9union \xe0 propos du caf\xe9 \x80 \x93ok\x94\r\n\r\n', 'latin1'),
    ]);
    const headers = parseHeaderBlock(raw);
    expect(headers.get('from')).toEqual(['Jürgen Müller <juergen@example.de>']);
    expect(headers.get('subject')).toEqual(['Réunion à propos du café € “ok”']);
  });

  it('decodes raw UTF-8 in values (RFC 6532)', () => {
    const headers = parseHeaderBlock(Buffer.from('Subject: Grüße aus München 日本\r\n\r\n'));
    expect(headers.get('subject')).toEqual(['Grüße aus München 日本']);
  });

  it('decodes RFC 2047 encoded-words (B and Q, several charsets, split over folds)', () => {
    const raw = Buffer.from(
      crlf([
        'Subject: =?UTF-8?B?R3LDvMOfZQ==?= =?utf-8?Q?_aus_M=C3=BCnchen?=',
        'From: =?ISO-8859-1?Q?J=FCrgen?= <j@example.de>',
        'To: =?iso-8859-1?q?=80uro?= <e@example.com>',
        'X-Split: =?UTF-8?B?8J+Y?=',
        ' =?UTF-8?B?gA==?= done',
        'X-Jp: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=',
        '',
        '',
      ]),
    );
    const headers = parseHeaderBlock(raw);
    expect(headers.get('subject')).toEqual(['Grüße aus München']);
    expect(headers.get('from')).toEqual(['Jürgen <j@example.de>']);
    expect(headers.get('to')).toEqual(['€uro <e@example.com>']);
    expect(headers.get('x-split')).toEqual(['😀 done']);
    expect(headers.get('x-jp')).toEqual(['こんにちは']);
  });

  it('leaves malformed encoded-words readable and never throws', () => {
    const raw = Buffer.from(
      crlf([
        'Subject: =?utf-8?Q?unterminated',
        'X-A: =?bogus-charset?Q?abc?=',
        'X-B: =?utf-8?X?abc?=',
        'X-C: =?=?==?',
        '',
        '',
      ]),
    );
    const headers = parseHeaderBlock(raw);
    expect(headers.get('subject')).toEqual(['=?utf-8?Q?unterminated']);
    expect(headers.get('x-a')?.[0]).toContain('abc');
    expect(headers.has('x-b')).toBe(true);
    expect(headers.has('x-c')).toBe(true);
  });

  it('does not decode the body when given a whole message', () => {
    const body = Buffer.alloc(1_000_000, 0x41);
    const headers = parseHeaderBlock(Buffer.concat([Buffer.from('Subject: big\n\n'), body]));
    expect(headers.get('subject')).toEqual(['big']);
    expect(headers.size).toBe(1);
  });

  it('returns an empty map for empty input', () => {
    expect(parseHeaderBlock(Buffer.alloc(0)).size).toBe(0);
  });
});

describe('parseMessageIds', () => {
  it('extracts bracketed ids without the brackets, in order', () => {
    expect(parseMessageIds('<a@example.com> <b.c@example.org>')).toEqual([
      'a@example.com',
      'b.c@example.org',
    ]);
    expect(parseMessageIds('<only@one>')).toEqual(['only@one']);
  });

  it('returns nothing for missing, empty and id-less values', () => {
    expect(parseMessageIds(undefined)).toEqual([]);
    expect(parseMessageIds('')).toEqual([]);
    expect(parseMessageIds('   ')).toEqual([]);
    expect(parseMessageIds('<>')).toEqual([]);
    expect(parseMessageIds('no ids here')).toEqual([]);
  });

  it('removes whitespace inside brackets (folded ids)', () => {
    expect(parseMessageIds('<CAF1234567890abcdef\r\n ghij@mail.gmail.com>')).toEqual([
      'CAF1234567890abcdefghij@mail.gmail.com',
    ]);
  });

  it('tolerates commas, tabs, line breaks and missing separators', () => {
    expect(parseMessageIds('<a@x>,<b@x>, <c@x>\t<d@x>\r\n <e@x><f@x>')).toEqual([
      'a@x',
      'b@x',
      'c@x',
      'd@x',
      'e@x',
      'f@x',
    ]);
  });

  it('skips comments (nested, with escapes, containing brackets) and quoted phrases', () => {
    expect(parseMessageIds('<a@x> (comment <not@this> (nested) \\) still) <b@x>')).toEqual([
      'a@x',
      'b@x',
    ]);
    expect(parseMessageIds('"Your message of Mon, 6 Jan <x@y>" <real@x>')).toEqual(['real@x']);
    expect(parseMessageIds('<id@x> (Alice Example\'s message of "Mon, 06 Jan 2025")')).toEqual([
      'id@x',
    ]);
  });

  it('takes ids written without brackets when they look like local@domain', () => {
    expect(parseMessageIds('a@x b@y')).toEqual(['a@x', 'b@y']);
    expect(parseMessageIds('<a@x> bare@y')).toEqual(['a@x', 'bare@y']);
    expect(parseMessageIds('@x y@ @ plain')).toEqual([]);
  });

  it('keeps bracketed ids without "@" (nonconforming but used as ids)', () => {
    expect(parseMessageIds('<1234567890.ABC>')).toEqual(['1234567890.ABC']);
  });

  it('handles truncated References and stray brackets', () => {
    expect(parseMessageIds('<a@x> <trunc@x')).toEqual(['a@x', 'trunc@x']);
    expect(parseMessageIds('<a@x> <trunc')).toEqual(['a@x']);
    expect(parseMessageIds('<half@x <b@x>')).toEqual(['half@x', 'b@x']);
    expect(parseMessageIds('> ) <a@x> > (unclosed')).toEqual(['a@x']);
    expect(parseMessageIds('"unclosed <a@x>')).toEqual(['a@x']);
  });

  it('de-duplicates, keeping the first occurrence', () => {
    expect(parseMessageIds('<a@x> <b@x> <a@x> <c@x> <b@x>')).toEqual(['a@x', 'b@x', 'c@x']);
  });

  it('handles a References header with more than 100 ids quickly', () => {
    const ids = Array.from(
      { length: 150 },
      (_, i) => `msg-${i}.${'x'.repeat(20)}@lists.example.org`,
    );
    const value = ids
      .map((id, i) =>
        i % 7 === 0
          ? `<${id}>,`
          : i % 11 === 0
            ? `<${id.slice(0, 10)}\r\n ${id.slice(10)}>`
            : `<${id}>`,
      )
      .join('\r\n ') // folded between ids, as mailers do
      .concat(' <msg-3.xxxxxxxxxxxxxxxxxxxx@lists.example.org>');
    const started = performance.now();
    const parsed = parseMessageIds(value);
    expect(performance.now() - started).toBeLessThan(50);
    expect(parsed).toHaveLength(150);
    expect(parsed).toEqual(ids);
  });
});
