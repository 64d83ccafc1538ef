import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { makeDemoFile } from './demo-files.js';
import { DEMO_MAILBOXES, type Customer } from './demo-people.js';
import type { PlannedConversation, PlannedMessage } from './demo-plan.js';

type MailComposerOptions = ConstructorParameters<typeof MailComposer>[0];

/**
 * One planned message as the RFC 5322 bytes its sender's mail client would have sent: threaded
 * (In-Reply-To and References, RFC 5322 §3.6.4), plain text and HTML alternatives or either
 * alone, its file attached. Built by nodemailer's MailComposer as the outbox builds replies
 * (src/compose/build-message.ts), with its boundaries fixed so the same plan gives the same bytes.
 */
export async function demoMessageBytes(
  conversation: PlannedConversation,
  index: number,
): Promise<Buffer> {
  const message = conversation.messages[index]!;
  const earlier = conversation.messages.slice(0, index).map((m) => `<${m.messageId}>`);
  const mailbox = DEMO_MAILBOXES[conversation.mailbox];
  const customer = conversation.customer;
  const fromTeam = message.from === 'team';
  // `newline` and `baseBoundary` are read by MailComposer but missing from its type.
  const options: MailComposerOptions & { newline: 'windows'; baseBoundary: string } = {
    from: fromTeam ? { name: mailbox.name, address: mailbox.email } : address(customer),
    to: fromTeam ? [address(customer)] : [{ name: mailbox.name, address: mailbox.email }],
    ...(message.cc.length ? { cc: message.cc.map(address) } : {}),
    subject: index === 0 ? conversation.subject : `Re: ${conversation.subject}`,
    date: new Date(message.at),
    messageId: `<${message.messageId}>`,
    ...(earlier.length ? { inReplyTo: earlier.at(-1)!, references: earlier } : {}),
    ...(message.format === 'html' ? {} : { text: message.body }),
    ...(message.format === 'text' ? {} : { html: htmlOf(message) }),
    attachments: message.attachment
      ? [
          {
            ...makeDemoFile(message.attachment, conversation.details),
            contentDisposition: 'attachment',
          },
        ]
      : [],
    newline: 'windows',
    baseBoundary: message.messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 24),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  return new MailComposer(options).compile().build();
}

function address(person: Customer): { name: string; address: string } {
  return { name: person.name, address: person.email };
}

/** The body as a mail client's HTML: paragraphs, line breaks, the quoted history a blockquote. */
function htmlOf(message: PlannedMessage): string {
  const [own, ...history] = message.body.split(/\n\n(?=On [^\n]* wrote:\n)/);
  const quotes = history.map((block) => {
    const [intro, ...lines] = block.split('\n');
    const text = lines.map((line) => line.replace(/^> ?/, '')).join('\n');
    return `<div>${escapeHtml(intro ?? '')}</div>\n<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">\n${paragraphs(text)}\n</blockquote>`;
  });
  return `<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px">\n${[paragraphs(own ?? ''), ...quotes].join('\n')}\n</div>`;
}

function paragraphs(text: string): string {
  return text
    .split('\n\n')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!,
  );
}
