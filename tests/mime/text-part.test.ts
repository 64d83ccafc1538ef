import { Buffer } from 'node:buffer';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { decodeTextPart, pickTextParts, type TextPartInfo } from '../../src/mime/text-part.js';

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('decodeTextPart', () => {
  it('chains transfer encoding, charset and CRLF normalization', () => {
    const raw = ascii('Caf=E9 =80 \x93ok\x94=\r\n joined\r\nnext line\r\n');
    expect(
      decodeTextPart(raw, {
        type: 'text/plain',
        encoding: 'quoted-printable',
        charset: 'iso-8859-1',
      }),
    ).toBe('Café € “ok” joined\nnext line\n');
  });

  it('unwraps format=flowed text/plain only', () => {
    const raw = Buffer.from('Hello \r\nworld\r\n');
    expect(decodeTextPart(raw, { type: 'text/plain', format: 'flowed' })).toBe('Hello world\n');
    expect(decodeTextPart(raw, { type: 'TEXT/PLAIN', format: 'Flowed', delsp: 'Yes' })).toBe(
      'Helloworld\n',
    );
    expect(decodeTextPart(raw, { type: 'text/plain' })).toBe('Hello \nworld\n');
    expect(decodeTextPart(raw, { type: 'text/plain', format: 'fixed' })).toBe('Hello \nworld\n');
  });

  it('strips HTML to text', () => {
    const raw = Buffer.from(
      '<html><head><style>p{}</style></head><body><p>Hi&nbsp;<b>there</b></p><p>&euro;5</p></body></html>',
    ).toString('base64');
    expect(
      decodeTextPart(Buffer.from(raw), { type: 'text/html', encoding: 'base64', charset: 'utf-8' }),
    ).toBe('Hi there\n\n€5');
  });

  it('returns other text types decoded but untouched', () => {
    const raw = Buffer.from('BEGIN:VCALENDAR\r\nSUMMARY:Caf=C3=A9\r\nEND:VCALENDAR\r\n');
    expect(
      decodeTextPart(raw, {
        type: 'text/calendar',
        encoding: 'quoted-printable',
        charset: 'utf-8',
      }),
    ).toBe('BEGIN:VCALENDAR\nSUMMARY:Café\nEND:VCALENDAR\n');
  });

  it('turns lone CRs into line breaks', () => {
    expect(decodeTextPart(Buffer.from('old\rmac\r\nmixed\n'), { type: 'text/plain' })).toBe(
      'old\nmac\nmixed\n',
    );
  });

  it('accepts a PartRef from pickTextParts as is', () => {
    const { text } = pickTextParts({
      type: 'text/plain',
      parameters: { charset: 'utf-8', format: 'flowed', delsp: 'yes' },
      encoding: 'base64',
    });
    expect(text).toBeDefined();
    if (!text) return;
    expect(
      decodeTextPart(Buffer.from(Buffer.from('日本語の \r\nテキスト').toString('base64')), text),
    ).toBe('日本語のテキスト');
  });

  it('never throws on garbage', () => {
    const garbage = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
    for (const encoding of ['base64', 'quoted-printable', '8bit', 'x-bogus', undefined]) {
      for (const charset of ['utf-8', 'iso-2022-jp', 'gb18030', 'utf-16', 'x-bogus', undefined]) {
        for (const type of ['text/plain', 'text/html']) {
          expect(
            typeof decodeTextPart(garbage, {
              type,
              encoding,
              charset,
              format: 'flowed',
              delsp: 'yes',
            }),
          ).toBe('string');
        }
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Cross-check against mailparser's simpleParser, the full parser this pipeline replaces: the
// same message must give the same text (modulo whitespace). Each case is a real-shaped message
// built around one text part; decodeTextPart gets exactly the bytes IMAP's BODY[part] returns.

type TextCase = {
  readonly name: string;
  readonly type: 'text/plain' | 'text/html';
  readonly params?: string;
  readonly encoding?: string;
  /** The part's body exactly as it is on the wire (transfer-encoded). */
  readonly body: Buffer;
  readonly part: TextPartInfo;
  /** Wrap the part in multipart/alternative with a sibling of the other type. */
  readonly inAlternative?: boolean;
};

const HEADERS = [
  'From: Alice Example <alice@example.com>',
  'To: Support <support@example.com>',
  'Subject: Cross-check',
  'Date: Mon, 06 Jan 2025 09:00:00 +0000',
  'Message-ID: <cross-check@example.com>',
  'MIME-Version: 1.0',
];

function partHeaders(textCase: TextCase): string[] {
  return [
    `Content-Type: ${textCase.type}${textCase.params ? `; ${textCase.params}` : ''}`,
    ...(textCase.encoding ? [`Content-Transfer-Encoding: ${textCase.encoding}`] : []),
  ];
}

function buildMessage(textCase: TextCase): Buffer {
  if (!textCase.inAlternative) {
    return Buffer.concat([
      ascii([...HEADERS, ...partHeaders(textCase), '', ''].join('\r\n')),
      textCase.body,
    ]);
  }
  const sibling =
    textCase.type === 'text/plain'
      ? 'Content-Type: text/html; charset=utf-8\r\n\r\n<p>the html sibling</p>\r\n'
      : 'Content-Type: text/plain; charset=utf-8\r\n\r\nthe plain sibling\r\n';
  const [first, second] =
    textCase.type === 'text/plain'
      ? [
          Buffer.concat([ascii(partHeaders(textCase).join('\r\n') + '\r\n\r\n'), textCase.body]),
          ascii(sibling),
        ]
      : [
          ascii(sibling),
          Buffer.concat([ascii(partHeaders(textCase).join('\r\n') + '\r\n\r\n'), textCase.body]),
        ];
  return Buffer.concat([
    ascii(
      [
        ...HEADERS,
        'Content-Type: multipart/alternative; boundary="alt-b"',
        '',
        'preamble',
        '--alt-b',
        '',
      ].join('\r\n'),
    ),
    first,
    ascii('\r\n--alt-b\r\n'),
    second,
    ascii('\r\n--alt-b--\r\n'),
  ]);
}

const base64Lines = (bytes: Buffer): Buffer =>
  ascii((bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n') + '\r\n');

const CASES: TextCase[] = [
  {
    name: 'UTF-8 quoted-printable with soft breaks, a split sequence and a literal =',
    type: 'text/plain',
    params: 'charset="utf-8"',
    encoding: 'quoted-printable',
    body: ascii(
      'Soft line breaks join lines: the word mongoo=\r\nsefixture is split. Caf=C3=A9 and na=C3=\r\n=AFve.\r\n' +
        'An encoded space=20\r\nand a literal equals sign =3D done. 50% = half?\r\n',
    ),
    part: { type: 'text/plain', encoding: 'quoted-printable', charset: 'utf-8' },
  },
  {
    name: 'ISO-8859-1 label on windows-1252 bytes, 8bit',
    type: 'text/plain',
    params: 'charset=iso-8859-1',
    encoding: '8bit',
    body: ascii(
      'It costs \x8020 and the quote is \x93smart\x94, caf\xe9 included \x85\r\nSecond line.\r\n',
    ),
    part: { type: 'text/plain', encoding: '8bit', charset: 'iso-8859-1' },
  },
  {
    name: 'windows-1252 base64',
    type: 'text/plain',
    params: 'charset=windows-1252',
    encoding: 'base64',
    body: base64Lines(ascii('\x84Anf\xfchrung\x93 \x96 Gr\xfc\xdfe \x80\r\n'.repeat(5))),
    part: { type: 'text/plain', encoding: 'base64', charset: 'windows-1252' },
  },
  {
    name: 'UTF-8 base64 with emoji and CJK',
    type: 'text/plain',
    params: 'charset=UTF-8',
    encoding: 'base64',
    body: base64Lines(
      Buffer.from('Hello 😀 — 日本語のテキスト, Grüße.\r\nLine two.\r\n'.repeat(8)),
    ),
    part: { type: 'text/plain', encoding: 'base64', charset: 'UTF-8' },
  },
  {
    name: 'format=flowed; delsp=yes in quoted-printable',
    type: 'text/plain',
    params: 'charset=utf-8; format=flowed; delsp=yes',
    encoding: 'quoted-printable',
    body: ascii(
      'This is a long para=\r\ngraph that was wrap =\r\nped by the sender \r\nat seventy-two columns.\r\n\r\nNext paragraph.\r\n',
    ),
    part: {
      type: 'text/plain',
      encoding: 'quoted-printable',
      charset: 'utf-8',
      format: 'flowed',
      delsp: 'yes',
    },
  },
  {
    name: 'format=flowed without delsp, space-stuffed',
    type: 'text/plain',
    params: 'charset=us-ascii; format=flowed',
    encoding: '7bit',
    body: ascii(
      'The quick brown fox \r\njumps over the \r\nlazy dog.\r\n From the stuffed line.\r\n-- \r\nAlice\r\n',
    ),
    part: { type: 'text/plain', encoding: '7bit', charset: 'us-ascii', format: 'flowed' },
  },
  {
    name: 'ISO-2022-JP 7bit',
    type: 'text/plain',
    params: 'charset=ISO-2022-JP',
    encoding: '7bit',
    body: ascii('\x1b$B$3$s$K$A$O\x1b(B, world.\r\n\x1b$BF|K\\8l\x1b(B text\r\n'),
    part: { type: 'text/plain', encoding: '7bit', charset: 'ISO-2022-JP' },
  },
  {
    name: 'GB2312 base64',
    type: 'text/plain',
    params: 'charset="gb2312"',
    encoding: 'base64',
    body: base64Lines(
      Buffer.from([
        0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xca, 0xc0, 0xbd, 0xe7, 0x0d, 0x0a, 0xd6, 0xd0, 0xce,
        0xc4, 0x0d, 0x0a,
      ]),
    ),
    part: { type: 'text/plain', encoding: 'base64', charset: 'gb2312' },
  },
  {
    name: 'KOI8-R quoted-printable',
    type: 'text/plain',
    params: 'charset=koi8-r',
    encoding: 'quoted-printable',
    body: ascii('=F0=D2=C9=D7=C5=D4, =CD=C9=D2!\r\n'),
    part: { type: 'text/plain', encoding: 'quoted-printable', charset: 'koi8-r' },
  },
  {
    name: 'plain alternative of a multipart/alternative',
    type: 'text/plain',
    params: 'charset=utf-8',
    encoding: 'quoted-printable',
    body: ascii(
      'Hi team,\r\n\r\nCould you check the invoice =E2=80=94 and reply?\r\n\r\nThanks,\r\nBob\r\n',
    ),
    part: { type: 'text/plain', encoding: 'quoted-printable', charset: 'utf-8' },
    inAlternative: true,
  },
  {
    name: 'HTML-only message, quoted-printable',
    type: 'text/html',
    params: 'charset=utf-8',
    encoding: 'quoted-printable',
    body: ascii(
      '<html><head><title>Newsletter</title><style>p{color:red}</style></head><body>=\r\n' +
        '<div dir=3D"ltr"><p>Hi&nbsp;team,</p><p>Our <b>caf=C3=A9</b> opens on Monday &amp; serves =E2=82=AC2 coffee.</p>=\r\n' +
        '<ul><li>Espresso</li><li>Latte</li></ul><p>See the <a href=3D"https://example.com/menu">menu</a>.</p>=\r\n' +
        '<script>tracking()</script><!-- hidden --><p>&copy; 2025 &ldquo;Bean&rdquo; Ltd &hellip;</p></div></body></html>\r\n',
    ),
    part: { type: 'text/html', encoding: 'quoted-printable', charset: 'utf-8' },
  },
  {
    name: 'HTML alternative with entities and a table',
    type: 'text/html',
    params: 'charset=windows-1252',
    encoding: '8bit',
    body: ascii(
      '<table><tr><td>Item</td><td>Price</td></tr><tr><td>Caf\xe9 cr\xe8me</td><td>\x805</td></tr></table><p>Total: &euro;5 &#8212; thanks</p>\r\n',
    ),
    part: { type: 'text/html', encoding: '8bit', charset: 'windows-1252' },
    inAlternative: true,
  },
];

/** Same text modulo whitespace. */
const normalizeWhitespace = (text: string): string => text.replace(/\s+/g, ' ').trim();
/**
 * For HTML, whitespace is ignored altogether (html-to-text runs table cells together where we
 * put a space), and mailparser's html-to-text also uppercases headings, bullets list items
 * and appends "[url]" to links.
 */
const normalizeHtmlText = (text: string): string =>
  text
    .replace(/\s*\[(?:https?|mailto):[^\]]*\]/g, '')
    .replace(/^\s*\*\s+/gm, '')
    .replace(/\s+/g, '')
    .toLowerCase();

describe('decodeTextPart agrees with mailparser simpleParser', () => {
  it.each(CASES.map((textCase) => [textCase.name, textCase] as const))(
    '%s',
    async (_name, textCase) => {
      const parsed = await simpleParser(buildMessage(textCase));
      const ours = decodeTextPart(textCase.body, textCase.part);
      if (textCase.type === 'text/plain') {
        expect(normalizeWhitespace(ours)).toBe(normalizeWhitespace(parsed.text ?? ''));
      } else if (textCase.inAlternative) {
        // simpleParser keeps the HTML alternative as HTML; compare with its text content.
        const theirHtml = typeof parsed.html === 'string' ? parsed.html : '';
        expect(theirHtml).not.toBe('');
        expect(normalizeWhitespace(ours)).toContain('Café crème €5');
        expect(normalizeHtmlText(ours)).toBe(
          normalizeHtmlText(
            (await simpleParser(buildMessage({ ...textCase, inAlternative: false }))).text ?? '',
          ),
        );
      } else {
        expect(normalizeHtmlText(ours)).toBe(normalizeHtmlText(parsed.text ?? ''));
      }
      expect(ours).not.toContain('\uFFFD');
    },
  );
});
