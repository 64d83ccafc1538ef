import { randomBytes } from 'node:crypto';

export interface BigMessage {
  raw: Buffer;
  messageId: string;
  subject: string;
  /** A word only in the text part. */
  word: string;
  filename: string;
  /** Bytes of the attached file (before base64). */
  attachmentBytes: number;
  /** Bytes of the attachment part as the server stores it (base64 with CRLF every 76 chars). */
  encodedAttachmentBytes: number;
}

/**
 * multipart/mixed: a short text/plain part carrying `word`, then one large application/zip
 * attachment of random (incompressible) bytes, base64 encoded.
 */
export function bigMessage(options: { attachmentBytes: number; word: string; messageId: string; filename?: string }): BigMessage {
  const filename = options.filename ?? 'big-archive.zip';
  const subject = `Large attachment ${options.word}`;
  const boundary = `big-${randomBytes(8).toString('hex')}`;
  const base64 = randomBytes(options.attachmentBytes).toString('base64');
  const lines: string[] = [];
  for (let index = 0; index < base64.length; index += 76) lines.push(base64.slice(index, index + 76));
  const encoded = lines.join('\r\n');
  const head = [
    'From: Big Sender <big.sender@example.org>',
    'To: Support <support@example.com>',
    `Subject: ${subject}`,
    'Date: Thu, 09 Jan 2025 12:00:00 +0000',
    `Message-ID: <${options.messageId}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset="utf-8"',
    '',
    `The archive you asked for is attached. The word ${options.word} is only in this text.`,
    '',
    `--${boundary}`,
    `Content-Type: application/zip; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ].join('\r\n');
  const tail = `\r\n--${boundary}--\r\n`;
  return {
    raw: Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(encoded, 'latin1'), Buffer.from(tail, 'utf8')]),
    messageId: options.messageId,
    subject,
    word: options.word,
    filename,
    attachmentBytes: options.attachmentBytes,
    encodedAttachmentBytes: encoded.length,
  };
}
