import {
  addressList,
  encodeHeaderText,
  isAscii,
  mailbox,
  mimeParameter,
  rfc5322Date,
} from './header-encoding.js';
import { pseudoRandomBytes, Random } from './random.js';
import { htmlText, paragraphs, plainText, type Quote } from './text.js';
import { ancestorsOf, type CorpusPlan, type PlannedMessage } from './thread-plan.js';
import { base64Lines, encodeTextPart } from './transfer-encoding.js';
import {
  ATTACHMENT_KINDS,
  DOMAINS,
  FOREIGN_FILE_NAMES,
  MAILERS,
  REPLY_PREFIXES,
} from './vocabulary.js';

/*
 * One message of the plan rendered as the bytes a Maildir holds (LF line endings): the trace and
 * authentication headers a receiving server adds, the thread headers, and a MIME body of the
 * usual shapes: text/plain (45%) or multipart/alternative (55%), a tenth of them inside a
 * multipart/mixed with a 50-300 KB attachment.
 */

/** The mailbox the corpus was delivered to. */
const RECIPIENT = 'support@example.com';

export interface RenderedMessage {
  raw: Buffer;
  /** When the receiving server got it (the Maildir file's mtime: Dovecot's INTERNALDATE). */
  receivedAt: number;
  /** Maildir flags (https://cr.yp.to/proto/maildir.html): "" is unseen. */
  flags: '' | 'S' | 'FS' | 'RS';
  /** Where the delivery agent left it: half the unseen mail is still in new/. */
  delivered: 'new' | 'cur';
  shape: 'text/plain' | 'multipart/alternative';
  hasAttachment: boolean;
}

/** RFC 5322 §3.6.4 leaves References long; clients keep the first and the latest ones. */
const MAX_REFERENCES = 12;

export function renderMessage(plan: CorpusPlan, message: PlannedMessage): RenderedMessage {
  const random = Random.derive(plan.seed, 'message', message.index);
  const { thread, parent } = message;
  const from = random.pick(thread.participants);
  const others = thread.participants.filter((person) => person !== from);
  const to = (others.length > 0 ? others : [plan.people[0]!]).slice(0, random.int(1, 3));
  const receivedAt = message.sentAt + random.int(1_000, 60_000);
  const senderDomain = from.address.slice(from.address.indexOf('@') + 1);

  const headers = [`Return-Path: <${from.address}>`, `Delivered-To: ${RECIPIENT}`];
  for (let hops = random.int(2, 4); hops > 0; hops -= 1) {
    const relay = `mx${random.int(1, 9)}.${random.pick(DOMAINS)}`;
    headers.push(
      `Received: from ${relay} (${relay} [192.0.2.${random.int(1, 254)}])\n` +
        `\tby mail.example.com (Postfix) with ESMTPS id ${random.hex(10).toUpperCase()}\n` +
        `\tfor <${RECIPIENT}>; ${rfc5322Date(receivedAt, random)}`,
    );
  }
  if (random.chance(0.6)) headers.push(dkimSignature(random, senderDomain, message));
  headers.push(
    `Authentication-Results: mail.example.com; dkim=pass header.d=${senderDomain}; spf=pass smtp.mailfrom=${from.address}`,
    `Message-ID: ${message.messageId}`,
    `Date: ${rfc5322Date(message.sentAt, random)}`,
    `From: ${mailbox(from, random)}`,
    `To: ${addressList(to, random)}`,
  );
  if (random.chance(0.25))
    headers.push(
      `Cc: ${addressList([random.pick(plan.people), random.pick(plan.people)], random)}`,
    );
  const subject = (parent ? random.pick(REPLY_PREFIXES) : '') + thread.subject;
  headers.push(`Subject: ${encodeHeaderText(subject, random)}`);
  if (parent) {
    const ancestors = ancestorsOf(message);
    const references =
      ancestors.length > MAX_REFERENCES
        ? [ancestors[0]!, ...ancestors.slice(-(MAX_REFERENCES - 1))]
        : ancestors;
    headers.push(`In-Reply-To: ${parent.messageId}`, `References: ${references.join('\n\t')}`);
  }
  if (thread.list)
    headers.push(
      `List-Id: ${thread.list} mailing list <${thread.list}.lists.example.org>`,
      `List-Unsubscribe: <mailto:${thread.list}-unsubscribe@lists.example.org>, <https://lists.example.org/unsubscribe/${thread.list}/${random.hex(24)}>`,
      'Precedence: list',
    );
  headers.push(`User-Agent: ${random.pick(MAILERS)}`, 'MIME-Version: 1.0');

  // Text sizes are log-normal: a median message of about 8 KB with its headers and HTML.
  const textBytes = Math.min(120_000, Math.max(200, random.logNormal(2300, 0.9)));
  const own = paragraphs(random, textBytes, thread.foreign);
  const quote: Quote | undefined =
    parent && random.chance(0.6)
      ? {
          attribution: `On ${rfc5322Date(parent.sentAt, random)}, ${random.pick(thread.participants).name} wrote:`,
          text: paragraphs(random, textBytes * 0.8, thread.foreign),
        }
      : undefined;
  const shape = random.chance(0.45) ? 'text/plain' : 'multipart/alternative';
  let body = textBody(random, shape, own, quote);
  const hasAttachment = random.chance(0.1);
  if (hasAttachment) body = withAttachment(random, body);

  const roll = random.next();
  const flags = roll < 0.8 ? 'S' : roll < 0.85 ? 'FS' : roll < 0.9 ? 'RS' : '';
  const delivered = flags === '' && random.chance(0.5) ? 'new' : 'cur';
  const raw = Buffer.concat(
    [`${headers.join('\n')}\n${body.headers}\n\n`, ...body.body, '\n'].map((chunk) =>
      typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk,
    ),
  );
  return { raw, receivedAt, flags, delivered, shape, hasAttachment };
}

interface Body {
  headers: string;
  /** Text, and attachments' base64 kept as bytes (a string round trip would double the work). */
  body: Array<string | Buffer>;
}

const boundary = (random: Random): string => `=_sb_${random.hex(16)}`;

function textBody(
  random: Random,
  shape: RenderedMessage['shape'],
  own: string,
  quote: Quote | undefined,
): Body {
  const plain = encodeTextPart(plainText(own, quote), 'text/plain', random);
  if (shape === 'text/plain') return { headers: plain.headers, body: [plain.body] };
  const html = encodeTextPart(htmlText(own, quote), 'text/html', random);
  const separator = boundary(random);
  return {
    headers: `Content-Type: multipart/alternative;\n\tboundary="${separator}"`,
    body: [
      [
        `--${separator}`,
        plain.headers,
        '',
        plain.body,
        `--${separator}`,
        html.headers,
        '',
        html.body,
        `--${separator}--`,
      ].join('\n'),
    ],
  };
}

function withAttachment(random: Random, inner: Body): Body {
  const [contentType, extension] = random.pick(ATTACHMENT_KINDS);
  const filename = random.chance(0.3)
    ? `${random.pick(FOREIGN_FILE_NAMES)}_${random.int(1, 99)}.${extension}`
    : `document_${random.int(1000, 9999)}.${extension}`;
  // Clients write non-ASCII names both ways: RFC 2047 in name=, RFC 2231 in filename*=.
  const name = isAscii(filename)
    ? `name="${filename}"`
    : `name="${encodeHeaderText(filename, random).replace(/\n /g, ' ')}"`;
  const bytes = pseudoRandomBytes(random.int(50 * 1024, 300 * 1024), random.uint32());
  const separator = boundary(random);
  return {
    headers: `Content-Type: multipart/mixed;\n\tboundary="${separator}"`,
    body: [
      `This is a multi-part message in MIME format.\n--${separator}\n${inner.headers}\n\n`,
      ...inner.body,
      `\n--${separator}\nContent-Type: ${contentType}; ${name}\n` +
        `Content-Disposition: attachment; ${mimeParameter('filename', filename)}\n` +
        'Content-Transfer-Encoding: base64\n\n',
      // base64Lines ends with a line break: the boundary's own.
      base64Lines(bytes, '\n'),
      `--${separator}--`,
    ],
  };
}

function dkimSignature(random: Random, domain: string, message: PlannedMessage): string {
  const signature = base64Lines(pseudoRandomBytes(256, random.uint32()), '\n')
    .toString('latin1')
    .trimEnd()
    .replace(/\n/g, '\n\t ');
  return [
    `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${domain}; s=s${random.int(1, 3)};`,
    `\tt=${Math.floor(message.sentAt / 1000)}; bh=${pseudoRandomBytes(32, random.uint32()).toString('base64')};`,
    '\th=From:To:Subject:Date:Message-ID:MIME-Version:Content-Type;',
    `\tb=${signature}`,
  ].join('\n');
}
