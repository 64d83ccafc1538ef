import { Buffer } from 'node:buffer';
import type { MessageStructureObject } from 'imapflow';
import parseImapResponse from 'imapflow/lib/handler/imap-parser.js';
import { parseBodystructure } from 'imapflow/lib/tools.js';
import { describe, expect, it } from 'vitest';
import { parseFetchResponse, type FetchedItem } from '../../src/imap/bulk/fetch-response.js';
import { ImapParseError } from '../../src/imap/bulk/response-values.js';

// parseFetchResponse reads one untagged FETCH response (RFC 3501 §7.4.2) as the framer hands it
// over: everything up to, not including, the final CRLF.

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');
const literal = (content: string | Buffer): Buffer => {
  const body = Buffer.isBuffer(content) ? content : bytes(content);
  return Buffer.concat([bytes(`{${body.length}}\r\n`), body]);
};
/** A response from pieces: strings are latin1 bytes, Buffers are taken as they are. */
const response = (...pieces: Array<string | Buffer>): Buffer =>
  Buffer.concat(pieces.map((piece) => (Buffer.isBuffer(piece) ? piece : bytes(piece))));

function parse(...pieces: Array<string | Buffer>): FetchedItem {
  const item = parseFetchResponse(response(...pieces));
  if (!item) throw new Error('not a FETCH response');
  return item;
}

const HEADER_ITEM = 'BODY[HEADER.FIELDS (MESSAGE-ID SUBJECT)]';

describe('parseFetchResponse: the items of a header fetch', () => {
  const headers = 'Message-ID: <m1@example.com>\r\nSubject: Hello {5}\r\n\r\n';
  const item = parse(
    '* 12 FETCH (UID 345 FLAGS (\\Seen \\Answered $Forwarded) MODSEQ (98765432109876543) ',
    'INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 4286 ',
    'BODYSTRUCTURE ("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 12 1 NIL NIL NIL NIL) ',
    `${HEADER_ITEM} `,
    literal(headers),
    ')',
  );

  it('reads UID and RFC822.SIZE as numbers', () => {
    expect(item.uid).toBe(345);
    expect(item.size).toBe(4286);
  });

  it('reads FLAGS as a set, system flags with their backslash', () => {
    expect(item.flags).toEqual(new Set(['\\Seen', '\\Answered', '$Forwarded']));
  });

  it('reads MODSEQ as an exact bigint, beyond 2^53', () => {
    expect(item.modseq).toBe(98765432109876543n);
  });

  it('reads INTERNALDATE with its zone', () => {
    expect(item.internalDate?.toISOString()).toBe('1996-07-17T09:44:25.000Z');
  });

  it('reads BODYSTRUCTURE into a node tree', () => {
    expect(item.bodyStructure).toEqual({
      type: 'text/plain',
      parameters: { charset: 'utf-8' },
      encoding: '7bit',
      size: 12,
    });
  });

  it('keeps the header block bytes, as a copy that outlives the response buffer', () => {
    const raw = response('* 1 FETCH (UID 7 ', `${HEADER_ITEM} `, literal(headers), ')');
    const parsed = parseFetchResponse(raw)!;
    expect(parsed.headers?.toString('latin1')).toBe(headers);
    raw.fill(0);
    expect(parsed.headers?.toString('latin1')).toBe(headers);
  });

  it('leaves items that were not fetched undefined, and parts empty', () => {
    const bare = parse('* 1 FETCH (UID 9)');
    expect(bare).toEqual({
      uid: 9,
      flags: undefined,
      modseq: undefined,
      internalDate: undefined,
      size: undefined,
      headers: undefined,
      bodyStructure: undefined,
      parts: new Map(),
    });
  });
});

describe('parseFetchResponse: item by item', () => {
  it('reads items in any order and any case, UID last', () => {
    const item = parse('* 3 FETCH (flags (\\Seen) rfc822.size 10 uid 77)');
    expect(item.uid).toBe(77);
    expect(item.flags).toEqual(new Set(['\\Seen']));
    expect(item.size).toBe(10);
  });

  it('reads an empty FLAGS list as an empty set', () => {
    expect(parse('* 1 FETCH (UID 1 FLAGS ())').flags).toEqual(new Set());
  });

  it('reads keywords and \\Recent as the server sends them', () => {
    expect(parse('* 1 FETCH (UID 1 FLAGS (\\Recent $Junk NonJunk))').flags).toEqual(
      new Set(['\\Recent', '$Junk', 'NonJunk']),
    );
  });

  it('reads a day of month with a leading space (date-day-fixed)', () => {
    expect(
      parse(
        '* 1 FETCH (UID 1 INTERNALDATE " 7-Feb-2025 23:05:00 +0100")',
      ).internalDate?.toISOString(),
    ).toBe('2025-02-07T22:05:00.000Z');
  });

  it('leaves an unreadable INTERNALDATE undefined', () => {
    expect(parse('* 1 FETCH (UID 1 INTERNALDATE "not a date")').internalDate).toBeUndefined();
  });

  it('reads quoted and literal header fields alike', () => {
    const quoted = parse(`* 1 FETCH (UID 1 ${HEADER_ITEM} "Subject: hi")`);
    const asLiteral = parse(`* 1 FETCH (UID 1 ${HEADER_ITEM} `, literal('Subject: hi'), ')');
    expect(quoted.headers?.toString('latin1')).toBe('Subject: hi');
    expect(asLiteral.headers?.toString('latin1')).toBe('Subject: hi');
  });

  it('undoes escapes in a quoted header field', () => {
    const item = parse(`* 1 FETCH (UID 1 ${HEADER_ITEM} "Subject: \\"quoted\\" back\\\\slash")`);
    expect(item.headers?.toString('latin1')).toBe('Subject: "quoted" back\\slash');
  });

  // imapflow (tools.js getBuffer) restores the bytes of a quoted section with Buffer.from(value),
  // i.e. as UTF-8. Found by this test: parseFetchResponse decodes the quoted string as UTF-8 and
  // encodes it back as latin1, so "é" (C3 A9) becomes E9 and "П" becomes 1F.
  it('keeps the bytes of 8-bit text in a quoted header field or part', () => {
    const subject = Buffer.from('Subject: Caf\u00e9 \u041f\u0440\u0438\u0432\u0435\u0442', 'utf8');
    const item = parse(
      `* 1 FETCH (UID 1 ${HEADER_ITEM} "`,
      subject,
      '" BODY[1]<0> "',
      subject,
      '")',
    );
    expect(item.headers?.toString('hex')).toBe(subject.toString('hex'));
    expect(item.parts.get('1')?.toString('hex')).toBe(subject.toString('hex'));
  });

  it('reads BODY[HEADER.FIELDS …] NIL as no header bytes', () => {
    const item = parse(`* 1 FETCH (UID 1 ${HEADER_ITEM} NIL)`);
    expect(item.headers?.length ?? 0).toBe(0);
  });

  it('keeps BODY[section]<origin> parts by section, as views into the response', () => {
    const raw = response(
      '* 4 FETCH (UID 8 BODY[1]<0> ',
      literal('first part\r\n{5}\r\n'),
      ' BODY[TEXT]<0> ',
      literal('the text'),
      ' BODY[1.2] ',
      literal(''),
      ' BODY[2]<0> "short")',
    );
    const item = parseFetchResponse(raw)!;
    expect([...item.parts.keys()]).toEqual(['1', 'TEXT', '1.2', '2']);
    expect(item.parts.get('1')?.toString('latin1')).toBe('first part\r\n{5}\r\n');
    expect(item.parts.get('TEXT')?.toString('latin1')).toBe('the text');
    expect(item.parts.get('1.2')?.length).toBe(0);
    expect(item.parts.get('2')?.toString('latin1')).toBe('short');
    expect(item.parts.get('1')?.buffer).toBe(raw.buffer);
    expect(item.headers).toBeUndefined();
  });

  it('reads a part answered with NIL as empty', () => {
    expect(parse('* 1 FETCH (UID 1 BODY[1]<0> NIL)').parts.get('1')?.length).toBe(0);
  });

  it('reads RFC822.SIZE NIL as 0, like imapflow', () => {
    expect(parse('* 1 FETCH (UID 1 RFC822.SIZE NIL)').size).toBe(0);
  });

  it('leaves MODSEQ undefined when it is not a list', () => {
    expect(parse('* 1 FETCH (UID 1 MODSEQ NIL)').modseq).toBeUndefined();
  });

  // imapflow (tools.js): "A server with nothing to report can answer ENVELOPE NIL or
  // BODYSTRUCTURE NIL. The field is left unset then". Found by this test: readBodyStructure
  // throws a plain Error, and BulkConnection.fetch turns any throw into a dead connection.
  it('leaves BODYSTRUCTURE NIL unset instead of throwing', () => {
    const item = parse('* 1 FETCH (UID 1 FLAGS () BODYSTRUCTURE NIL RFC822.SIZE 5)');
    expect(item.bodyStructure).toBeUndefined();
    expect(item.size).toBe(5);
  });

  it('skips items it does not know, whatever their value', () => {
    const item = parse(
      '* 1 FETCH (X-GM-LABELS ("\\\\Inbox" "a b") EMAILID (M6d) ENVELOPE ("date" NIL NIL NIL NIL NIL NIL NIL NIL NIL) UID 3 PREVIEW {4}\r\nab\r\n)',
    );
    expect(item.uid).toBe(3);
  });
});

describe('parseFetchResponse: other responses and garbage', () => {
  it('returns null for responses that are not FETCH', () => {
    for (const line of [
      '* 3 EXISTS',
      '* 2 EXPUNGE',
      '* OK [UIDNEXT 4] next',
      'B1 OK FETCH completed',
      '+ go ahead',
      '* FLAGS (\\Seen)',
      '* SEARCH 1 2',
    ]) {
      expect(parseFetchResponse(bytes(line))).toBeNull();
    }
  });

  it('throws ImapParseError for a FETCH without UID', () => {
    expect(() => parseFetchResponse(bytes('* 1 FETCH (FLAGS (\\Seen))'))).toThrow(ImapParseError);
    expect(() => parseFetchResponse(bytes('* 1 FETCH ()'))).toThrow(ImapParseError);
    expect(() => parseFetchResponse(bytes('* 1 FETCH (UID abc)'))).toThrow(ImapParseError);
  });

  it('throws ImapParseError for malformed responses', () => {
    const garbage = [
      '* 1 FETCH UID 5',
      '* 1 FETCH (UID 5 FLAGS (\\Seen',
      '* 1 FETCH (UID 5 BODY[1] {10}\r\nabc)',
      '* 1 FETCH (UID "5',
      '* 1 FETCH (UID 5 BODY[1]<0>',
    ];
    for (const line of garbage) {
      expect(() => parseFetchResponse(bytes(line)), JSON.stringify(line)).toThrow(ImapParseError);
    }
  });

  // Found by this test: the item loop stops at the end of the buffer as if it were the closing
  // parenthesis, and ignores what follows that parenthesis, so a response cut short or run
  // together with another (a framing error) passes as a complete one.
  it('throws ImapParseError for a FETCH list that is never closed or not the end of the response', () => {
    for (const line of [
      '* 1 FETCH (UID 5',
      '* 1 FETCH (UID 5 FLAGS (\\Seen)',
      '* 1 FETCH (UID 5 FLAGS (\\Seen)) junk',
    ]) {
      expect(() => parseFetchResponse(bytes(line)), JSON.stringify(line)).toThrow(ImapParseError);
    }
  });
});

/** What imapflow's parseBodystructure makes of a BODYSTRUCTURE, read by imapflow's own parser. */
async function imapflowTree(bodystructure: string): Promise<MessageStructureObject> {
  const parsed = await parseImapResponse(
    Buffer.from(`* 1 FETCH (BODYSTRUCTURE ${bodystructure})`, 'latin1'),
  );
  const items = (parsed.attributes as unknown[])[1] as unknown[];
  return parseBodystructure(items[1] as Parameters<typeof parseBodystructure>[0]);
}

/**
 * imapflow fields body-structure-reader.ts does not produce because body-structure.ts never reads
 * them: description, md5, lineCount, envelope (message/rfc822), language, location.
 */
const IMAPFLOW_ONLY = ['description', 'md5', 'lineCount', 'envelope', 'language', 'location'];

function withoutImapflowOnly(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutImapflowOnly);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !IMAPFLOW_ONLY.includes(key))
      .map(([key, value]) => [
        key,
        key === 'parameters' || key === 'dispositionParameters'
          ? value
          : withoutImapflowOnly(value),
      ]),
  );
}

describe('BODYSTRUCTURE: the same tree as imapflow', () => {
  const cases: Array<[string, string]> = [
    [
      'single text part as Dovecot sends it',
      '("text" "plain" ("charset" "iso-8859-1" "format" "flowed") NIL NIL "8bit" 42 2 NIL NIL NIL NIL)',
    ],
    [
      'upper-case type, subtype, encoding and parameter names',
      '("TEXT" "HTML" ("CHARSET" "UTF-8") "<id@x>" "a description" "QUOTED-PRINTABLE" 100 4 "md5sum" ("INLINE" NIL) ("en" "de") "http://x/")',
    ],
    [
      'multipart/alternative inside multipart/mixed with an attachment',
      '((("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 10 1 NIL NIL NIL NIL)("text" "html" ("charset" "utf-8") NIL NIL "7bit" 20 1 NIL NIL NIL NIL) "alternative" ("boundary" "alt") NIL NIL NIL)' +
        '("application" "pdf" ("name" "a.pdf") NIL NIL "base64" 300 NIL ("attachment" ("filename" "a.pdf" "size" "220")) NIL NIL) "mixed" ("boundary" "mix") NIL NIL NIL)',
    ],
    [
      'multipart without extension data (BODY, not BODYSTRUCTURE)',
      '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 3 1)("image" "png" NIL NIL NIL "base64" 8) "related")',
    ],
    [
      'RFC 2231 continuations with a charset, split inside a UTF-8 sequence',
      '("application" "pdf" ("name*0*" "utf-8\'\'%E2%82" "name*1*" "%AC%20rate.pdf") NIL NIL "base64" 10 NIL ("attachment" ("filename*0*" "utf-8\'en\'%C3%A9t%C3%A9" "filename*1*" "%20report" "filename*2" ".pdf")) NIL NIL)',
    ],
    [
      'RFC 2231 continuations without a charset',
      '("application" "octet-stream" ("name*0" "a very long " "name*1" "file name.bin") NIL NIL "base64" 10 NIL ("attachment" ("filename*1" "two" "filename*0" "one-")) NIL NIL)',
    ],
    [
      'RFC 2231 single encoded value in latin1',
      '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 1 1 NIL ("attachment" ("filename*" "iso-8859-1\'\'caf%E9.txt")) NIL NIL)',
    ],
    [
      'RFC 2047 encoded words in name and filename',
      '("image" "jpeg" ("name" "=?utf-8?B?0J/RgNC40LLQtdGCLmpwZw==?=") "<img1@x>" NIL "base64" 100 NIL ("inline" ("filename" "=?iso-8859-1?Q?caf=E9?= photo.jpg")) NIL NIL)',
    ],
    [
      'message/rfc822 with its envelope and nested multipart',
      '(("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 10 1 NIL NIL NIL NIL)("message" "rfc822" NIL NIL NIL "7bit" 500 ("Fri, 03 Jan 2025 16:45:00 +0000" "Inner" (("Inner Sender" NIL "inner" "example.org")) (("Inner Sender" NIL "inner" "example.org")) (("Inner Sender" NIL "inner" "example.org")) ((NIL NIL "alice" "example.com")) NIL NIL NIL "<inner@x>") ' +
        '((("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 5 1 NIL NIL NIL NIL)("text" "html" ("charset" "utf-8") NIL NIL "7bit" 9 1 NIL NIL NIL NIL) "alternative" ("boundary" "b2") NIL NIL NIL)("application" "pdf" ("name" "inner.pdf") NIL NIL "base64" 50 NIL ("attachment" ("filename" "inner.pdf")) NIL NIL) "mixed" ("boundary" "b1") NIL NIL NIL) 20 NIL ("inline" NIL) NIL NIL) "mixed" ("boundary" "b0") NIL NIL NIL)',
    ],
    [
      'NIL parameters and disposition',
      '("application" "octet-stream" NIL NIL NIL "7bit" 0 NIL NIL NIL NIL)',
    ],
  ];

  for (const [name, bodystructure] of cases) {
    it(name, async () => {
      const ours = parse(`* 1 FETCH (UID 1 BODYSTRUCTURE ${bodystructure})`).bodyStructure;
      expect(ours).toEqual(withoutImapflowOnly(await imapflowTree(bodystructure)));
    });
  }

  it('decodes what it should (a check that the cases above test something)', () => {
    const tree = parse(`* 1 FETCH (UID 1 BODYSTRUCTURE ${cases[4]![1]})`).bodyStructure;
    expect(tree?.parameters).toEqual({ name: '\u20ac rate.pdf' });
    expect(tree?.dispositionParameters).toEqual({ filename: '\u00e9t\u00e9 report.pdf' });
    const latin1 = parse(`* 1 FETCH (UID 1 BODYSTRUCTURE ${cases[6]![1]})`).bodyStructure;
    expect(latin1?.dispositionParameters).toEqual({ filename: 'caf\u00e9.txt' });
    const words = parse(`* 1 FETCH (UID 1 BODYSTRUCTURE ${cases[7]![1]})`).bodyStructure;
    expect(words?.parameters).toEqual({ name: '\u041f\u0440\u0438\u0432\u0435\u0442.jpg' });
    expect(words?.dispositionParameters).toEqual({ filename: 'caf\u00e9 photo.jpg' });
  });
});
