import MimeNode from 'nodemailer/lib/mime-node/index.js';
import type { Address } from './compose-types.js';

/**
 * The copy of a sent message kept in the mailbox's Sent folder, with a `Bcc:` field naming the
 * blind copies. The message that went out has none (RFC 5322 §3.6.3,
 * https://www.rfc-editor.org/rfc/rfc5322#section-3.6.3, lets the sender keep the field in its
 * own copy only), so the team can still see who got one, as Thunderbird's Sent copy shows.
 * The field is encoded and folded as nodemailer writes every address field, and put first: the
 * rest of the bytes stay exactly as sent.
 */
export function withBccField(raw: Buffer, bcc: readonly Address[]): Buffer {
  if (bcc.length === 0) return raw;
  const node = new MimeNode('text/plain', { newline: 'windows', keepBcc: true });
  // Address objects, so that MimeNode encodes each name itself (a comma in a name stays in it);
  // it takes them, though its types say strings.
  const addresses = bcc.map((a) =>
    a.name ? { name: a.name, address: a.address } : { address: a.address },
  );
  node.setHeader('Bcc', addresses as unknown as string[]);
  const lines = node.buildHeaders().split('\r\n');
  const start = lines.findIndex((line) => line.startsWith('Bcc:'));
  let end = start + 1;
  while (end < lines.length && /^[ \t]/u.test(lines[end]!)) end += 1;
  return Buffer.concat([Buffer.from(`${lines.slice(start, end).join('\r\n')}\r\n`), raw]);
}
