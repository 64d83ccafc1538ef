import { Buffer } from 'node:buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ResponseFramer } from '../../src/imap/bulk/response-framer.js';

// ResponseFramer cuts the server's byte stream into complete responses (RFC 3501 §2.2.2): a
// response ends at a CRLF that does not start a literal; "{n}" CRLF is followed by n bytes that
// may contain anything, CRLF and "{n}"-looking text included.

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

/** A literal as a server sends it: "{n}" CRLF and the n bytes. */
const literal = (content: string | Buffer): Buffer => {
  const body = Buffer.isBuffer(content) ? content : bytes(content);
  return Buffer.concat([bytes(`{${body.length}}\r\n`), body]);
};

/** Feeds the chunks and returns every response as a latin1 string (copied as it arrives). */
function frame(chunks: Buffer[]): string[] {
  const out: string[] = [];
  const framer = new ResponseFramer((response) => out.push(response.toString('latin1')));
  for (const chunk of chunks) framer.feed(chunk);
  return out;
}

/** Splits `data` at the given offsets. */
function splitAt(data: Buffer, ...offsets: number[]): Buffer[] {
  const cuts = [0, ...offsets, data.length];
  return cuts.slice(1).map((end, i) => data.subarray(cuts[i], end));
}

function oneByteChunks(data: Buffer): Buffer[] {
  return Array.from({ length: data.length }, (_, i) => data.subarray(i, i + 1));
}

/** Seeded Mulberry32, so a failing split can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A realistic exchange for a UID FETCH of headers and text parts: untagged status responses, FETCH
 * responses whose literals contain CRLF, blank lines, "{5}" and "{5}" CRLF text, a literal ending
 * in "}", an empty literal, 8-bit bytes, a non-synchronizing "{n+}" literal, and the tagged OK.
 */
function realisticStream(): { data: Buffer; responses: string[] } {
  const header1 = 'Message-ID: <a@example.com>\r\nSubject: Price list {5}\r\n\r\n';
  const part1 = 'Hello,\r\nthe price is {5}\r\nhello and more {12}\r\n\r\nbye)\r\n';
  const header2 = 'Subject: =?utf-8?Q?Caf=C3=A9?= ends in a brace {3}';
  const part2 = Buffer.from('Grüße aus Köln\r\n{0}\r\n', 'utf8');
  const responses: Buffer[] = [
    bytes('* 3 EXISTS'),
    bytes('* OK [UIDNEXT 43] Predicted next UID'),
    Buffer.concat([
      bytes(
        '* 1 FETCH (UID 40 FLAGS (\\Seen) RFC822.SIZE 2048 BODY[HEADER.FIELDS (MESSAGE-ID SUBJECT)] ',
      ),
      literal(header1),
      bytes(' BODY[1]<0> '),
      literal(part1),
      bytes(')'),
    ]),
    Buffer.concat([
      bytes('* 2 FETCH (UID 41 FLAGS () BODY[HEADER.FIELDS (MESSAGE-ID SUBJECT)] '),
      literal(header2),
      bytes(' BODY[TEXT]<0> '),
      literal(part2),
      bytes(' BODY[2]<0> '),
      literal(''),
      bytes(')'),
    ]),
    Buffer.concat([
      bytes('* 3 FETCH (UID 42 BODY[1] {7+}\r\nab\r\ncd!'),
      bytes(' FLAGS (\\Answered))'),
    ]),
    bytes('* 3 FETCH (UID 42 FLAGS (\\Seen) BODY[1]<0> "quoted {5}")'),
    bytes('B7 OK Fetch completed (0.001 + 0.000 secs).'),
  ];
  const data = Buffer.concat(responses.flatMap((response) => [response, bytes('\r\n')]));
  return { data, responses: responses.map((response) => response.toString('latin1')) };
}

describe('ResponseFramer', () => {
  afterEach(() => vi.restoreAllMocks());

  it('emits each CRLF-terminated line as one response, without the CRLF', () => {
    expect(frame([bytes('* OK ready\r\nB1 OK done\r\n')])).toEqual(['* OK ready', 'B1 OK done']);
  });

  it('holds back an incomplete response until its CRLF arrives', () => {
    const out: string[] = [];
    const framer = new ResponseFramer((response) => out.push(response.toString('latin1')));
    framer.feed(bytes('* OK rea'));
    expect(out).toEqual([]);
    framer.feed(bytes('dy\r'));
    expect(out).toEqual([]);
    framer.feed(bytes('\nB1 OK'));
    expect(out).toEqual(['* OK ready']);
    framer.feed(bytes(' done\r\n'));
    expect(out).toEqual(['* OK ready', 'B1 OK done']);
  });

  it('emits an empty response for an empty line', () => {
    expect(frame([bytes('\r\n* OK\r\n')])).toEqual(['', '* OK']);
  });

  it('does not cut a response at a CRLF inside a literal', () => {
    const response = Buffer.concat([
      bytes('* 1 FETCH (UID 5 BODY[] '),
      literal('a\r\nb\r\n\r\n'),
      bytes(')'),
    ]);
    expect(frame([Buffer.concat([response, bytes('\r\n')])])).toEqual([
      response.toString('latin1'),
    ]);
  });

  it('does not take "{n}" CRLF inside a literal for another literal', () => {
    // If "{40}" inside the literal were a literal announcement, the 40 bytes after it would
    // swallow the tagged OK.
    const response = Buffer.concat([
      bytes('* 1 FETCH (UID 5 BODY[1] '),
      literal('x {40}\r\n'),
      bytes(')'),
    ]);
    const stream = Buffer.concat([response, bytes('\r\nB1 OK done\r\n')]);
    expect(frame([stream])).toEqual([response.toString('latin1'), 'B1 OK done']);
  });

  // A literal may be the last thing in a response, e.g. a mailbox name in LIST (RFC 3501 §7.2.2).
  // Found by this test: literalSize() looks back from the CRLF into the literal's own bytes, so a
  // literal ending in "{3}" announces a phantom literal and swallows the next response.
  it('does not take "{n}" at the end of a literal that ends the response for a new literal', () => {
    const response = Buffer.concat([bytes('* LIST () "/" '), literal('foo{3}')]);
    const stream = Buffer.concat([response, bytes('\r\n* LIST () "/" INBOX\r\nB1 OK\r\n')]);
    expect(frame([stream])).toEqual([response.toString('latin1'), '* LIST () "/" INBOX', 'B1 OK']);
  });

  it('handles several literals in one response, and an empty literal', () => {
    const response = Buffer.concat([
      bytes('* 1 FETCH (UID 5 BODY[1] '),
      literal('one\r\n'),
      bytes(' BODY[2] '),
      literal(''),
      bytes(' BODY[3] '),
      literal('three {1}\r\n'),
      bytes(')'),
    ]);
    expect(frame([Buffer.concat([response, bytes('\r\n')])])).toEqual([
      response.toString('latin1'),
    ]);
  });

  it('handles a literal that ends exactly where a chunk ends', () => {
    const head = bytes('* 1 FETCH (UID 5 BODY[] {4}\r\n');
    expect(frame([head, bytes('ab\r\n'), bytes(')\r\n')])).toEqual([
      '* 1 FETCH (UID 5 BODY[] {4}\r\nab\r\n)',
    ]);
  });

  it('reads a "{n+}" literal too', () => {
    expect(frame([bytes('* 1 FETCH (BODY[] {4+}\r\nab\r\n)\r\n')])).toEqual([
      '* 1 FETCH (BODY[] {4+}\r\nab\r\n)',
    ]);
  });

  it('does not take "{}" or "{x}" at the end of a line for a literal', () => {
    expect(frame([bytes('* OK {}\r\n* OK {x}\r\n* OK }\r\n')])).toEqual([
      '* OK {}',
      '* OK {x}',
      '* OK }',
    ]);
  });

  it('passes 8-bit and NUL bytes through untouched', () => {
    const content = Buffer.from([0x00, 0xff, 0x0d, 0x80, 0x0a, 0x0d]);
    const response = Buffer.concat([bytes('* 1 FETCH (BODY[] '), literal(content), bytes(')')]);
    const out: Buffer[] = [];
    const framer = new ResponseFramer((r) => out.push(Buffer.from(r)));
    framer.feed(Buffer.concat([response, bytes('\r\n')]));
    expect(out).toHaveLength(1);
    expect(out[0]!.equals(response)).toBe(true);
  });

  it('joins the chunks of a 2 MB literal once, not once per chunk', () => {
    const concat = vi.spyOn(Buffer, 'concat');
    const content = Buffer.alloc(2 * 1024 * 1024, 0x61);
    for (let i = 0; i < content.length; i += 997) content[i] = 0x0a; // CR/LF and braces inside
    for (let i = 500; i < content.length; i += 997) content.write('{9}\r\n', i, 'latin1');
    const stream = Buffer.concat([
      bytes('* 1 FETCH (UID 9 BODY[1] '),
      literal(content),
      bytes(')\r\nB1 OK\r\n'),
    ]);
    concat.mockClear();
    const out: Buffer[] = [];
    const framer = new ResponseFramer((r) => out.push(r));
    for (let i = 0; i < stream.length; i += 65_536) framer.feed(stream.subarray(i, i + 65_536));
    expect(out.map((r) => r.length)).toEqual([
      stream.length - '\r\nB1 OK\r\n'.length,
      'B1 OK'.length,
    ]);
    expect(concat.mock.calls.length).toBeLessThanOrEqual(2);
  });
});

describe('ResponseFramer on every split of a realistic stream', () => {
  const { data, responses } = realisticStream();

  it('frames the whole stream as the responses it was built from', () => {
    expect(frame([data])).toEqual(responses);
  });

  it('gives the same responses for every two-chunk split', () => {
    for (let at = 0; at <= data.length; at += 1) {
      const got = frame(splitAt(data, at));
      if (JSON.stringify(got) !== JSON.stringify(responses)) {
        expect.fail(`split at byte ${at} of ${data.length}: ${JSON.stringify(got)}`);
      }
    }
  });

  it('gives the same responses when fed one byte at a time', () => {
    expect(frame(oneByteChunks(data))).toEqual(responses);
  });

  it('gives the same responses for random multi-chunk splits', () => {
    const random = seededRandom(20_250_101);
    for (let round = 0; round < 300; round += 1) {
      const count = 2 + Math.floor(random() * 8);
      const offsets = Array.from({ length: count }, () =>
        Math.floor(random() * (data.length + 1)),
      ).sort((a, b) => a - b);
      const got = frame(splitAt(data, ...offsets));
      if (JSON.stringify(got) !== JSON.stringify(responses)) {
        expect.fail(`split at ${offsets.join(',')}: ${JSON.stringify(got)}`);
      }
    }
  });

  it('emits each response as soon as its last byte arrives', () => {
    // After each byte, the responses seen so far are exactly those that ended (CRLF included).
    const ends: number[] = [];
    let offset = 0;
    for (const response of responses) {
      offset += Buffer.byteLength(response, 'latin1') + 2;
      ends.push(offset);
    }
    const out: string[] = [];
    const framer = new ResponseFramer((response) => out.push(response.toString('latin1')));
    for (let i = 0; i < data.length; i += 1) {
      framer.feed(data.subarray(i, i + 1));
      expect(out.length).toBe(ends.filter((end) => end <= i + 1).length);
    }
  });
});
