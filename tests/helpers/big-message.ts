/*
 * A large message generated on the fly (20 MB is too big to commit): a short text/plain part with a
 * searchable word, then a base64 application/octet-stream attachment of pseudo-random bytes.
 * The same arguments always give the same bytes.
 */

import { pseudoRandomBytes } from './corpus/random.js';
import { base64Lines } from './corpus/transfer-encoding.js';

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
