import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import {
  addAccount,
  listConversations,
  makeDataDir,
  removeDir,
  showConversation,
  syncOnce,
  type ShownMessage,
} from './support/cli.js';

/*
 * `show` lists attachments with the size of the file a user gets, not of its transfer encoding
 * (BODYSTRUCTURE counts the encoded octets, RFC 3501 §7.4.2: base64 is about 4/3 of the file).
 * The sync never downloads attachments, so the size is worked out from the encoding; the error
 * bounds asserted here are the ones documented in src/mime/decoded-size.ts.
 */

const USER = 'support';
const BOUNDARY = 'attachment-size-boundary';

/** Base64 in lines of 76 characters (RFC 2045 §6.8), as mail clients write it. */
function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/** Quoted-printable of ASCII text without `=` or trailing spaces: soft breaks only (RFC 2045 §6.7). */
function quotedPrintable(text: string): string {
  return text
    .split('\r\n')
    .map((line) => (line.match(/.{1,75}/g) ?? ['']).join('=\r\n'))
    .join('\r\n');
}

interface Part {
  filename: string;
  contentType: string;
  encoding: string;
  body: string;
  disposition?: string;
}

function multipart(subject: string, parts: Part[]): string {
  return [
    'From: Files <files@customer.example>',
    'To: Support <support@example.com>',
    `Subject: ${subject}`,
    'Date: Mon, 03 Mar 2025 09:00:00 +0000',
    `Message-ID: <${randomBytes(6).toString('hex')}@attachment-size.test>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
    '',
    `--${BOUNDARY}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The files you asked for.',
    ...parts.flatMap((part) => [
      `--${BOUNDARY}`,
      `Content-Type: ${part.contentType}; name="${part.filename}"`,
      `Content-Disposition: ${part.disposition ?? `attachment; filename="${part.filename}"`}`,
      `Content-Transfer-Encoding: ${part.encoding}`,
      '',
      part.body,
    ]),
    `--${BOUNDARY}--`,
    '',
  ].join('\r\n');
}

const csv = Array.from({ length: 120 }, (_, i) => `${i},order-${i},shipped`).join('\r\n');
const prose = Array.from(
  { length: 40 },
  (_, i) =>
    `Paragraph ${i}: a long line of plain ASCII text that goes on well past the seventy-six characters a quoted-printable line may hold, so the encoder breaks it with soft line breaks.`,
).join('\r\n');
const readme = 'Plain 7bit text.\r\nSecond line.';

let dovecot: Dovecot;
let data: string;
let attachments: Map<string, number>;

beforeAll(async () => {
  dovecot = await startDovecot();
  await appendMessage(
    dovecot,
    USER,
    'INBOX',
    multipart('Files of known sizes', [
      {
        filename: 'exact-9999.bin',
        contentType: 'application/octet-stream',
        encoding: 'base64',
        body: base64Lines(randomBytes(9999)),
      },
      {
        filename: 'padded-10000.bin',
        contentType: 'application/octet-stream',
        encoding: 'base64',
        body: base64Lines(randomBytes(10000)),
      },
      {
        filename: 'orders.csv',
        contentType: 'text/csv',
        encoding: 'quoted-printable',
        body: quotedPrintable(csv),
      },
      {
        filename: 'notes.txt',
        contentType: 'text/plain',
        encoding: 'quoted-printable',
        body: quotedPrintable(prose),
      },
      {
        // RFC 2183 §2.7: the sender states the size; it wins over any estimate.
        filename: 'stated.pdf',
        contentType: 'application/pdf',
        encoding: 'base64',
        disposition: 'attachment; filename="stated.pdf"; size=4321',
        body: base64Lines(randomBytes(4321)),
      },
      {
        filename: 'readme.txt',
        contentType: 'text/plain',
        encoding: '7bit',
        body: readme,
      },
    ]),
  );
  data = await makeDataDir();
  await addAccount(data, dovecot, USER);
  await syncOnce(data);
  const [conversation] = await listConversations(data);
  const shown: ShownMessage[] = (await showConversation(data, conversation!.id)).messages;
  attachments = new Map(
    shown[0]!.attachments.map((attachment) => [attachment.filename ?? '', attachment.size]),
  );
});

afterAll(async () => {
  await dovecot?.stop();
  if (data) await removeDir(data);
});

describe('attachment sizes after a sync', () => {
  it('lists every attachment', () => {
    expect([...attachments.keys()].sort()).toEqual(
      [
        'exact-9999.bin',
        'notes.txt',
        'orders.csv',
        'padded-10000.bin',
        'readme.txt',
        'stated.pdf',
      ].sort(),
    );
  });

  it('gives base64 attachments their decoded size', () => {
    // No padding: exact.
    expect(attachments.get('exact-9999.bin')).toBe(9999);
    // The padding (one or two "=") is not visible in the encoded size: at most 2 bytes over.
    const padded = attachments.get('padded-10000.bin')!;
    expect(padded).toBeGreaterThanOrEqual(10000);
    expect(padded).toBeLessThanOrEqual(10002);
  });

  it('gives the size the sender stated (Content-Disposition size=) exactly', () => {
    expect(attachments.get('stated.pdf')).toBe(4321);
  });

  it('gives 7bit and short-lined quoted-printable text its exact size', () => {
    expect(attachments.get('readme.txt')).toBe(Buffer.byteLength(readme));
    expect(attachments.get('orders.csv')).toBe(Buffer.byteLength(csv));
  });

  it('never under-states quoted-printable, and stays within 4% for ASCII text', () => {
    const size = attachments.get('notes.txt')!;
    const exact = Buffer.byteLength(prose);
    expect(size).toBeGreaterThanOrEqual(exact);
    expect(size).toBeLessThanOrEqual(exact * 1.04);
  });
});
