/**
 * A small, allocation-light reader of IMAP response values (RFC 3501 §4, §9 formal syntax):
 * parenthesized lists, quoted strings, literals, NIL, atoms and numbers. Used by the bulk fetch
 * path, where imapflow's general-purpose parser was the largest CPU cost of a first sync.
 *
 * A literal's bytes stay in the response buffer; readers get a subarray, not a copy.
 */
export type ImapValue = string | Buffer | null | ImapValue[];

export class ImapParseError extends Error {
  override name = 'ImapParseError';
}

const SPACE = 0x20;
const OPEN = 0x28;
const CLOSE = 0x29;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const BRACE = 0x7b;
const BRACKET_OPEN = 0x5b;
const BRACKET_CLOSE = 0x5d;
const LT = 0x3c;
const GT = 0x3e;

export class ValueReader {
  constructor(
    readonly data: Buffer,
    public pos = 0,
  ) {}

  get done(): boolean {
    return this.pos >= this.data.length;
  }

  peek(): number {
    return this.data[this.pos] ?? -1;
  }

  skipSpaces(): void {
    while (this.data[this.pos] === SPACE) this.pos += 1;
  }

  expect(byte: number): void {
    if (this.data[this.pos] !== byte) {
      throw new ImapParseError(
        `expected "${String.fromCharCode(byte)}" at ${this.pos}, got "${this.data.toString('latin1', this.pos, this.pos + 20)}"`,
      );
    }
    this.pos += 1;
  }

  /** One value; lists are read recursively. */
  value(): ImapValue {
    this.skipSpaces();
    const byte = this.peek();
    if (byte === OPEN) {
      this.pos += 1;
      const list: ImapValue[] = [];
      for (;;) {
        this.skipSpaces();
        if (this.peek() === CLOSE) {
          this.pos += 1;
          return list;
        }
        if (this.done) throw new ImapParseError('unterminated list');
        list.push(this.value());
      }
    }
    if (byte === QUOTE) return this.quoted();
    if (byte === BRACE) return this.literal();
    const atom = this.atom();
    return atom.length === 3 && atom.toUpperCase() === 'NIL' ? null : atom;
  }

  /** A quoted string's bytes, unescaped but not decoded (8-bit header text stays as sent). */
  quotedBytes(): Buffer {
    this.expect(QUOTE);
    const bytes: number[] = [];
    while (this.pos < this.data.length) {
      const byte = this.data[this.pos]!;
      if (byte === QUOTE) {
        this.pos += 1;
        return Buffer.from(bytes);
      }
      if (byte === BACKSLASH) this.pos += 1;
      bytes.push(this.data[this.pos]!);
      this.pos += 1;
    }
    throw new ImapParseError('unterminated quoted string');
  }

  quoted(): string {
    this.expect(QUOTE);
    const start = this.pos;
    let escaped = false;
    while (this.pos < this.data.length) {
      const byte = this.data[this.pos]!;
      if (byte === BACKSLASH) {
        escaped = true;
        this.pos += 2;
        continue;
      }
      if (byte === QUOTE) {
        const raw = this.data.toString('utf8', start, this.pos);
        this.pos += 1;
        return escaped ? raw.replace(/\\(.)/g, '$1') : raw;
      }
      this.pos += 1;
    }
    throw new ImapParseError('unterminated quoted string');
  }

  literal(): Buffer {
    this.expect(BRACE);
    let size = 0;
    let digits = 0;
    while (this.pos < this.data.length && this.data[this.pos] !== 0x7d) {
      const digit = this.data[this.pos]! - 0x30;
      if (digit < 0 || digit > 9)
        throw new ImapParseError(`malformed literal length at ${this.pos}`);
      size = size * 10 + digit;
      digits += 1;
      this.pos += 1;
    }
    // "}" CRLF, then exactly `size` bytes (RFC 3501 §4.3).
    if (
      digits === 0 ||
      this.data[this.pos] !== 0x7d ||
      this.data[this.pos + 1] !== 0x0d ||
      this.data[this.pos + 2] !== 0x0a
    ) {
      throw new ImapParseError(`malformed literal prefix at ${this.pos}`);
    }
    this.pos += 3;
    const value = this.data.subarray(this.pos, this.pos + size);
    if (value.length !== size) throw new ImapParseError('truncated literal');
    this.pos += size;
    return value;
  }

  /** An atom, or a FETCH item name such as BODY[HEADER.FIELDS (A B)]<0>, brackets included. */
  atom(): string {
    const start = this.pos;
    let depth = 0;
    while (this.pos < this.data.length) {
      const byte = this.data[this.pos]!;
      if (byte === BRACKET_OPEN || byte === LT) depth += 1;
      else if (byte === BRACKET_CLOSE || byte === GT) depth -= 1;
      else if (depth === 0 && (byte === SPACE || byte === OPEN || byte === CLOSE)) break;
      this.pos += 1;
    }
    if (this.pos === start)
      throw new ImapParseError(`unexpected "${String.fromCharCode(this.peek())}" at ${this.pos}`);
    return this.data.toString('latin1', start, this.pos);
  }
}
