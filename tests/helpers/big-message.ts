/*
 * A large message generated on the fly (20 MB is too big to commit): a short text/plain part with a
 * searchable word, then a base64 application/octet-stream attachment of pseudo-random bytes.
 * The same arguments always give the same bytes.
 */

export interface BigMessageOptions {
  /** Searchable word in the text part. */
  word?: string;
  subject?: string;
  messageId?: string;
  date?: Date;
  filename?: string;
  /** Seed of the attachment bytes. */
  seed?: number;
}

/** Bytes of one base64 line: 57 bytes make exactly 76 characters. */
const LINE_BYTES = 57;

/** Deterministic bytes from xorshift32, written a word at a time (20 MB in tens of milliseconds). */
function pseudoRandomBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, Math.floor(size / 4));
  let x = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  for (let i = 0; i < words.length; i++) words[i] = next();
  for (let i = words.length * 4; i < size; i++) bytes[i] = next() & 0xff;
  return bytes;
}

/** base64 in 76-character CRLF lines, as MIME requires. */
function base64Lines(data: Buffer): Buffer {
  const lineCount = Math.ceil(data.length / LINE_BYTES);
  const out = Buffer.alloc(Math.ceil(data.length / 3) * 4 + lineCount * 2);
  let offset = 0;
  // Encode 1,024 lines per call: one big toString('base64') would double the peak memory.
  for (let start = 0; start < data.length; start += LINE_BYTES * 1024) {
    const encoded = Buffer.from(
      data.subarray(start, start + LINE_BYTES * 1024).toString('base64'),
      'latin1',
    );
    for (let at = 0; at < encoded.length; at += 76) {
      offset += encoded.copy(out, offset, at, Math.min(at + 76, encoded.length));
      offset += out.write('\r\n', offset, 'latin1');
    }
  }
  return out.subarray(0, offset);
}

function rfc5322Date(date: Date): string {
  // toUTCString() gives "Fri, 10 Jan 2025 12:00:00 GMT"; RFC 5322 prefers a numeric zone.
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/**
 * An RFC 5322 message whose attachment decodes to exactly `sizeBytes` bytes (the message itself is
 * about 4/3 of that). CRLF line endings throughout.
 */
export function bigAttachmentMessage(
  sizeBytes = 20 * 1024 * 1024,
  opts: BigMessageOptions = {},
): Buffer {
  const seed = opts.seed ?? 1;
  const word = opts.word ?? 'walrusfixture';
  const boundary = `----=_big_${seed}_${sizeBytes}`;
  const head = [
    'From: Big Sender <big@example.com>',
    'To: Support <support@example.com>',
    `Subject: ${opts.subject ?? `Large attachment (${sizeBytes} bytes)`}`,
    `Date: ${rfc5322Date(opts.date ?? new Date('2025-01-10T12:00:00Z'))}`,
    `Message-ID: ${opts.messageId ?? `<big-${sizeBytes}-${seed}@fixtures.switchboard.test>`}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset="us-ascii"',
    '',
    `The attachment below is ${sizeBytes} bytes. Searchable word: ${word}.`,
    '',
    `--${boundary}`,
    `Content-Type: application/octet-stream; name="${opts.filename ?? 'big.bin'}"`,
    `Content-Disposition: attachment; filename="${opts.filename ?? 'big.bin'}"`,
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([
    Buffer.from(head, 'latin1'),
    base64Lines(pseudoRandomBytes(sizeBytes, seed)),
    Buffer.from(`--${boundary}--\r\n`, 'latin1'),
  ]);
}
