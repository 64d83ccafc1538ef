import { randomBytes } from 'node:crypto';

/** A plain RFC 5322 message (CRLF line endings), enough for threading and search tests. */
export interface PlainMessage {
  from: string;
  to: string;
  cc?: string;
  subject: string;
  date: Date;
  /** Without angle brackets; omitted means no Message-ID header at all. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  text: string;
}

const angle = (id: string) => `<${id}>`;

export function plainMessage(message: PlainMessage): string {
  const headers = [
    `From: ${message.from}`,
    `To: ${message.to}`,
    ...(message.cc ? [`Cc: ${message.cc}`] : []),
    `Subject: ${message.subject}`,
    `Date: ${message.date.toUTCString().replace('GMT', '+0000')}`,
    ...(message.messageId ? [`Message-ID: ${angle(message.messageId)}`] : []),
    ...(message.inReplyTo ? [`In-Reply-To: ${angle(message.inReplyTo)}`] : []),
    ...(message.references?.length
      ? [`References: ${message.references.map(angle).join(' ')}`]
      : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${message.text.replace(/\r?\n/g, '\r\n')}\r\n`;
}

/** A unique lowercase word for search assertions (FTS5 unicode61 keeps letters and digits together). */
export function uniqueWord(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`.toLowerCase();
}

/** A Message-ID (without brackets) unique to this run. */
export function uniqueMessageId(label: string): string {
  return `${label}.${randomBytes(6).toString('hex')}@switchboard.test`;
}

/**
 * A customer's message to support@example.com, `<label> question` on day `day` of January 2026,
 * with a Message-ID of its own.
 */
export function customerMessage(label: string, day: number): string {
  return plainMessage({
    from: `${label} <${label.toLowerCase()}@customer.example>`,
    to: 'Support <support@example.com>',
    subject: `${label} question`,
    date: new Date(Date.UTC(2026, 0, day)),
    messageId: uniqueMessageId(label.toLowerCase()),
    text: `The text of the ${label} message.`,
  });
}
