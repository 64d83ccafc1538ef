import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import {
  ImapParseError,
  ValueReader,
  type ImapValue,
} from '../../src/imap/bulk/response-values.js';

// ValueReader reads the values of RFC 3501 §4 / §9 (formal syntax): atoms and numbers, NIL,
// quoted strings with \" and \\ escapes, literals {n} CRLF <n bytes> and parenthesized lists.

const reader = (text: string | Buffer, pos = 0): ValueReader =>
  new ValueReader(Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'), pos);

/** Reads one value and returns it with the position after it. */
function read(text: string | Buffer): { value: ImapValue; pos: number } {
  const r = reader(text);
  const value = r.value();
  return { value, pos: r.pos };
}

/** Literals (Buffers) as strings, so trees compare with toEqual. */
function plain(value: ImapValue): unknown {
  if (Buffer.isBuffer(value)) return { literal: value.toString('latin1') };
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

describe('ValueReader: atoms, numbers and NIL', () => {
  it('reads an atom up to a space or a parenthesis', () => {
    expect(read('UID 42')).toEqual({ value: 'UID', pos: 3 });
    expect(read('4294967295)')).toEqual({ value: '4294967295', pos: 10 });
    expect(read('\\Seen(')).toEqual({ value: '\\Seen', pos: 5 });
  });

  it('reads NIL in any case as null, but not atoms that merely start with it', () => {
    expect(read('NIL').value).toBeNull();
    expect(read('nil').value).toBeNull();
    expect(read('Nil)').value).toBeNull();
    expect(read('NILS').value).toBe('NILS');
    expect(read('"NIL"').value).toBe('NIL');
  });

  it('skips leading spaces', () => {
    expect(read('   abc def')).toEqual({ value: 'abc', pos: 6 });
  });

  it('keeps a FETCH item name with its section and partial as one atom', () => {
    const names = [
      'BODY[]',
      'BODY[TEXT]<0>',
      'BODY[1.2]<0>',
      'BODY[HEADER.FIELDS (MESSAGE-ID SUBJECT)]',
      'BODY[HEADER.FIELDS (A B)]<0>',
      'BODY[HEADER.FIELDS.NOT (X-A X-B)]',
      'BINARY[1]',
      'RFC822.SIZE',
    ];
    for (const name of names) {
      const r = reader(`${name} {3}\r\nabc`);
      expect(r.atom()).toBe(name);
      expect(r.pos).toBe(name.length);
      expect(plain(r.value())).toEqual({ literal: 'abc' });
    }
  });

  it('reads an atom as latin1, byte for byte', () => {
    expect(read(Buffer.from([0x24, 0xe9, 0x20])).value).toBe('$\u00e9');
  });

  it('rejects a value where there is none', () => {
    expect(() => reader('').value()).toThrow(ImapParseError);
    expect(() => reader('   ').value()).toThrow(ImapParseError);
    expect(() => reader(')').value()).toThrow(ImapParseError);
  });
});

describe('ValueReader: quoted strings', () => {
  it('reads a quoted string and moves past its closing quote', () => {
    expect(read('"hello world" rest')).toEqual({ value: 'hello world', pos: 13 });
    expect(read('""')).toEqual({ value: '', pos: 2 });
  });

  it('undoes \\" and \\\\ escapes', () => {
    expect(read(String.raw`"say \"hi\""`).value).toBe('say "hi"');
    expect(read(String.raw`"C:\\temp\\"`).value).toBe('C:\\temp\\');
    expect(read(String.raw`"\\"`).value).toBe('\\');
    expect(read(String.raw`"a\\\"b"`).value).toBe('a\\"b');
  });

  it('does not end the string at an escaped quote', () => {
    const { value, pos } = read(String.raw`"a\"b" X`);
    expect(value).toBe('a"b');
    expect(pos).toBe(6);
  });

  it('keeps parentheses, braces and brackets inside quotes as text', () => {
    expect(read('"(a) {5} [b] <c>"').value).toBe('(a) {5} [b] <c>');
  });

  it('decodes UTF-8 bytes (IMAP4rev2 / UTF8=ACCEPT servers send them in quoted strings)', () => {
    expect(
      read(Buffer.from('"Caf\u00e9 \u041f\u0440\u0438\u0432\u0435\u0442"', 'utf8')).value,
    ).toBe('Caf\u00e9 \u041f\u0440\u0438\u0432\u0435\u0442');
  });

  it('rejects an unterminated quoted string, also one ending in a backslash', () => {
    expect(() => reader('"abc').value()).toThrow(ImapParseError);
    expect(() => reader('"abc\\"').value()).toThrow(ImapParseError);
    expect(() => reader('"abc\\').value()).toThrow(ImapParseError);
  });
});

describe('ValueReader: literals', () => {
  it('returns the literal bytes as a view into the response, without copying', () => {
    const data = Buffer.from('{5}\r\nhello rest', 'latin1');
    const r = reader(data);
    const value = r.value();
    expect(Buffer.isBuffer(value)).toBe(true);
    const literal = value as Buffer;
    expect(literal.toString('latin1')).toBe('hello');
    expect(literal.buffer).toBe(data.buffer);
    expect(literal.byteOffset).toBe(data.byteOffset + 5);
    expect(r.pos).toBe(10);
  });

  it('takes exactly n bytes, whatever they contain (CRLF, quotes, parentheses, "{n}")', () => {
    const content = 'a)\r\n"b {5}\r\nc\\(';
    const size = Buffer.byteLength(content, 'latin1');
    const r = reader(`{${size}}\r\n${content} NEXT`);
    expect((r.value() as Buffer).toString('latin1')).toBe(content);
    expect(r.value()).toBe('NEXT');
  });

  it('keeps 8-bit and NUL bytes untouched', () => {
    const bytes = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80, 0x22]);
    const data = Buffer.concat([Buffer.from('{6}\r\n', 'latin1'), bytes]);
    expect((reader(data).value() as Buffer).equals(bytes)).toBe(true);
  });

  it('reads an empty literal {0}', () => {
    const r = reader('({0}\r\n X)');
    expect(plain(r.value())).toEqual([{ literal: '' }, 'X']);
  });

  it('reads a multi-digit size', () => {
    const content = 'x'.repeat(1234);
    expect((reader(`{1234}\r\n${content}`).value() as Buffer).length).toBe(1234);
  });

  it('rejects a literal with fewer bytes than announced', () => {
    expect(() => reader('{10}\r\nshort').value()).toThrow(ImapParseError);
    expect(() => reader('{3}\r\n').value()).toThrow(ImapParseError);
  });

  // RFC 3501 §9: literal = "{" number "}" CRLF *CHAR8. Found by this test: literal() skips any
  // non-digit between the braces and the three bytes after the digits without looking at them,
  // so "{}" reads as an empty literal and "{1x2}" as a 12-byte one.
  it('rejects a malformed literal prefix', () => {
    expect(() => reader('{}\r\n').value()).toThrow(ImapParseError);
    expect(() => reader('{1x2}\r\nabcdefghijkl').value()).toThrow(ImapParseError);
    expect(() => reader('{3}XYabc').value()).toThrow(ImapParseError);
  });
});

describe('ValueReader: lists', () => {
  it('reads nested lists of mixed values', () => {
    const text = '("text" "plain" ("charset" "utf-8") NIL {2}\r\nhi 42 (\\Seen $Label) ()) tail';
    const { value, pos } = read(text);
    expect(plain(value)).toEqual([
      'text',
      'plain',
      ['charset', 'utf-8'],
      null,
      { literal: 'hi' },
      '42',
      ['\\Seen', '$Label'],
      [],
    ]);
    expect(pos).toBe(text.indexOf(' tail'));
  });

  it('reads lists without spaces between them (multipart BODYSTRUCTURE)', () => {
    expect(plain(read('((a)(b)"mixed")').value)).toEqual([['a'], ['b'], 'mixed']);
  });

  it('tolerates extra spaces inside a list', () => {
    expect(plain(read('(  a   b  )').value)).toEqual(['a', 'b']);
  });

  it('reads an empty list', () => {
    expect(read('()')).toEqual({ value: [], pos: 2 });
  });

  it('reads deep nesting', () => {
    const depth = 200;
    const value = read(`${'('.repeat(depth)}x${')'.repeat(depth)}`).value;
    let node: unknown = value;
    for (let i = 0; i < depth; i += 1) node = (node as unknown[])[0];
    expect(node).toBe('x');
  });

  it('rejects an unterminated list', () => {
    expect(() => reader('(a b').value()).toThrow(ImapParseError);
    expect(() => reader('(a (b)').value()).toThrow(ImapParseError);
    expect(() => reader('(').value()).toThrow(ImapParseError);
  });
});

describe('ValueReader: expect, peek, done', () => {
  it('expect() consumes the byte or throws an ImapParseError naming the position', () => {
    const r = reader('(x');
    r.expect(0x28);
    expect(r.pos).toBe(1);
    expect(() => r.expect(0x29)).toThrow(/expected "\)" at 1/);
    expect(() => r.expect(0x29)).toThrow(ImapParseError);
  });

  it('peek() is -1 and done is true at the end', () => {
    const r = reader('a');
    expect(r.done).toBe(false);
    expect(r.peek()).toBe(0x61);
    r.atom();
    expect(r.done).toBe(true);
    expect(r.peek()).toBe(-1);
  });

  it('starts at the given position', () => {
    const r = reader('* 1 FETCH (UID 7)', 10);
    expect(plain(r.value())).toEqual(['UID', '7']);
  });

  it('ImapParseError is an Error named ImapParseError', () => {
    const error = new ImapParseError('x');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ImapParseError');
  });
});
