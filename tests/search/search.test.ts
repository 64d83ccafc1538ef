import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { searchMessages } from '../../src/search/search-messages.js';
import { MailKit, type MailSpec } from '../threading/support/mail-kit.js';

const DESK = 'Support <support@example.com>';
const ALICE = 'Alice Martin <alice@customer.example>';
const BOB = 'Bob Stone <bob@customer.example>';

/** The test mailbox, by label; each label is its own conversation except `invoiceReply`. */
const MAIL = {
  invoice: {
    messageId: 'invoice@customer.example',
    subject: 'Late invoice for March',
    from: ALICE,
    to: [DESK],
    date: '2024-03-04T09:00:00Z',
    body: 'The total is wrong; please send a corrected copy.',
    attachment: 'invoice-2024-03.pdf',
  },
  invoiceReply: {
    messageId: 'invoice-reply@example.com',
    references: ['invoice@customer.example'],
    inReplyTo: 'invoice@customer.example',
    subject: 'Re: Late invoice for March',
    from: DESK,
    to: [ALICE],
    date: '2024-03-04T11:30:00Z',
    body: 'Here is the corrected invoice.',
    folder: 'Sent',
    flags: ['\\Seen'],
  },
  lunch: {
    messageId: 'lunch@example.com',
    subject: 'Team lunch at the café',
    from: 'Dana Kim <dana@example.com>',
    to: ['team@example.com'],
    date: '2024-02-10T12:00:00Z',
    body: "Let's meet at Café Lumière on Friday, the crème brûlée is on me.",
    folder: 'Archive',
    flags: ['\\Seen'],
  },
  numbers: {
    messageId: 'numbers@customer.example',
    subject: 'Quarterly numbers',
    from: BOB,
    to: [DESK],
    date: '2024-03-10T08:00:00Z',
    body: 'Revenue is up. One invoice from February is still open.',
    flags: ['\\Seen'],
  },
  shipping: {
    messageId: 'shipping@carrier.example',
    subject: 'Shipping update',
    from: 'Carrier <noreply@carrier.example>',
    to: [DESK],
    date: '2024-03-06T15:00:00Z',
    body: 'The blue box arrived but the red box is missing.',
  },
  printer: {
    messageId: 'printer@customer.example',
    subject: 'Printer on floor 3',
    from: BOB,
    to: [DESK],
    cc: ['Dana Kim <dana@example.com>'],
    date: '2024-01-15T10:00:00Z',
    body: 'Paper jam again, second time this week.',
    flags: ['\\Seen', '\\Flagged'],
  },
  warrantySubject: {
    messageId: 'warranty-1@customer.example',
    subject: 'Warranty claim',
    from: 'erin@customer.example',
    to: [DESK],
    date: '2024-03-01T10:00:00Z',
    body: 'The screen went dark after a week, serial number attached.',
    flags: ['\\Seen'],
  },
  warrantyBody: {
    messageId: 'warranty-2@customer.example',
    subject: 'Screen went dark',
    from: 'frank@customer.example',
    to: [DESK],
    date: '2024-03-01T11:00:00Z',
    body: 'Is a dark screen after a week covered by the warranty?',
    flags: ['\\Seen'],
  },
} satisfies Record<string, MailSpec>;
type Label = keyof typeof MAIL;

let kit: MailKit;
const conversation = new Map<Label, string>();

beforeAll(() => {
  kit = MailKit.open({ onDisk: true });
  for (const [label, spec] of Object.entries(MAIL) as Array<[Label, MailSpec]>) {
    kit.file(spec);
    conversation.set(label, kit.conversationOf(spec.messageId!));
  }
});
afterAll(() => kit.close());

/** The labels of the conversations a search returns, in result order. */
function search(input: string): Label[] {
  const labels = new Map<string, Label>();
  for (const [label, id] of conversation) if (!labels.has(id)) labels.set(id, label);
  return searchMessages(kit.db, input).map(
    (hit) => labels.get(hit.conversationId) ?? (hit.conversationId as Label),
  );
}
const sorted = (labels: Label[]): Label[] => [...labels].sort();

describe('searchMessages: operators', () => {
  it('has one conversation per label except the invoice reply', () => {
    expect(conversation.get('invoiceReply')).toBe(conversation.get('invoice'));
    expect(new Set(conversation.values()).size).toBe(Object.keys(MAIL).length - 1);
  });

  it('from: matches the address or the display name', () => {
    expect(search('from:alice')).toEqual(['invoice']);
    expect(search('from:"Bob Stone"').sort()).toEqual(['numbers', 'printer']);
    expect(sorted(search('from:customer.example'))).toEqual([
      'invoice',
      'numbers',
      'printer',
      'warrantyBody',
      'warrantySubject',
    ]);
    expect(search('from:nobody@nowhere.example')).toEqual([]);
  });

  it('from: a whole address is that sender, in any case, not one whose address holds it', () => {
    expect(search('from:ALICE@customer.example')).toEqual(['invoice']);
    expect(search('from:"bob@customer.example" printer')).toEqual(['printer']);
    // Part of alice@customer.example, and a whole address: someone else's.
    expect(search('from:ice@customer.example')).toEqual([]);
  });

  it('to: matches To and Cc', () => {
    expect(search('to:team@example.com')).toEqual(['lunch']);
    expect(search('to:dana')).toEqual(['printer']);
    expect(search('to:"Dana Kim"')).toEqual(['printer']);
    expect(search('to:alice')).toEqual(['invoice']);
  });

  it('subject: searches the subject only, as a phrase', () => {
    expect(search('subject:invoice')).toEqual(['invoice']);
    expect(search('subject:"late invoice"')).toEqual(['invoice']);
    expect(search('subject:"invoice late"')).toEqual([]);
    expect(search('subject:jam')).toEqual([]);
  });

  it('has:attachment', () => {
    expect(search('has:attachment')).toEqual(['invoice']);
    expect(search('has:attachments')).toEqual(['invoice']);
  });

  it('is:unread and is:read look at the message copies', () => {
    expect(sorted(search('is:unread'))).toEqual(['invoice', 'shipping']);
    // The invoice conversation also holds a read message (the desk's reply).
    expect(sorted(search('is:read'))).toEqual([
      'invoice',
      'lunch',
      'numbers',
      'printer',
      'warrantyBody',
      'warrantySubject',
    ]);
    expect(search('is:flagged')).toEqual(['printer']);
  });

  it('in: takes a folder path or a role name', () => {
    expect(search('in:Archive')).toEqual(['lunch']);
    expect(search('in:archive')).toEqual(['lunch']);
    expect(search('in:sent')).toEqual(['invoice']);
    expect(sorted(search('in:inbox'))).toEqual([
      'invoice',
      'numbers',
      'printer',
      'shipping',
      'warrantyBody',
      'warrantySubject',
    ]);
    expect(sorted(search('in:INBOX'))).toEqual(sorted(search('in:inbox')));
    expect(search('in:Trash')).toEqual([]);
  });

  it('before: and after: take calendar days (before is exclusive, after inclusive)', () => {
    expect(search('before:2024-02-01')).toEqual(['printer']);
    expect(sorted(search('after:2024-03-05'))).toEqual(['numbers', 'shipping']);
    expect(sorted(search('after:2024-03-04 before:2024-03-05'))).toEqual(['invoice']);
    expect(search('after:2024-03-04 before:2024-03-04')).toEqual([]);
    expect(sorted(search('after:2024/2/1 before:2024/3/1'))).toEqual(['lunch']);
  });

  it('combines free words with operators', () => {
    expect(search('invoice from:bob')).toEqual(['numbers']);
    expect(search('invoice in:sent')).toEqual(['invoice']);
    expect(search('invoice is:read after:2024-03-05')).toEqual(['numbers']);
    expect(search('box in:inbox is:unread')).toEqual(['shipping']);
    expect(search('box is:read')).toEqual([]);
  });
});

describe('searchMessages: full text', () => {
  it('requires every free word', () => {
    expect(search('screen dark')).toEqual(
      expect.arrayContaining(['warrantySubject', 'warrantyBody']),
    );
    expect(search('screen revenue')).toEqual([]);
  });

  it('matches quoted phrases in order only', () => {
    expect(search('"blue box"')).toEqual(['shipping']);
    expect(search('"red box"')).toEqual(['shipping']);
    expect(search('"box blue"')).toEqual([]);
    expect(search('"paper jam" again')).toEqual(['printer']);
  });

  it('ranks a subject hit above a body-only hit', () => {
    expect(search('warranty')).toEqual(['warrantySubject', 'warrantyBody']);
    expect(search('invoice')).toEqual(['invoice', 'numbers']);
  });

  // Queries with a phrase are ranked in JavaScript (rank-matches.ts), the same way round.
  it('ranks a subject hit above a body-only hit for a phrase too', () => {
    expect(search('"screen went dark"')).toEqual(['warrantyBody', 'warrantySubject']);
    expect(search('"went dark" screen')).toEqual(['warrantyBody', 'warrantySubject']);
    expect(search('"creme brulee"')).toEqual(['lunch']);
  });

  it('returns one result per conversation', () => {
    const hits = searchMessages(kit.db, 'invoice');
    expect(hits.map((hit) => hit.conversationId)).toEqual([
      ...new Set(hits.map((hit) => hit.conversationId)),
    ]);
    expect(hits[0]).toMatchObject({
      conversationId: conversation.get('invoice'),
      subject: 'Late invoice for March',
    });
    expect(searchMessages(kit.db, 'corrected')).toHaveLength(1);
  });

  it('returns a snippet around the matched word', () => {
    const [hit] = searchMessages(kit.db, 'jam');
    expect(hit?.snippet).toMatch(/\bjam\b/i);
    const [phrase] = searchMessages(kit.db, '"red box"');
    expect(phrase?.snippet).toContain('red box');
  });

  it('ignores diacritics both ways', () => {
    expect(search('cafe')).toEqual(['lunch']);
    expect(search('café')).toEqual(['lunch']);
    expect(search('lumiere')).toEqual(['lunch']);
    expect(search('creme brulee')).toEqual(['lunch']);
    expect(search('CAFÉ LUMIÈRE')).toEqual(['lunch']);
  });

  it('lists the newest messages for a query of operators only', () => {
    const hits = searchMessages(kit.db, 'in:inbox', { limit: 2 });
    expect(hits.map((hit) => hit.conversationId)).toEqual([
      conversation.get('numbers'),
      conversation.get('shipping'),
    ]);
  });

  it.each([
    'foo" OR bar*',
    'NEAR(',
    'NEAR(invoice box, 2)',
    '-',
    '"',
    '""',
    '*',
    'invoice*',
    'invoice OR',
    'AND',
    'NOT invoice',
    '( )',
    ':',
    'body_text:invoice',
    'subject:"',
    'subject:foo"bar',
    '^invoice',
    '{subject body_text}: invoice',
    'a + b',
    "it's",
    '\\',
    '-invoice',
    '%_',
    'from:%',
    'to:_',
  ])('never turns user input %j into an SQL error', (input) => {
    expect(() => searchMessages(kit.db, input)).not.toThrow();
  });

  it('treats FTS syntax as text', () => {
    // `*` is punctuation to the tokenizer, not a prefix query; operators are plain words.
    expect(search('invoice*')).toEqual(search('invoice'));
    expect(search('invo*')).toEqual([]);
    expect(search('NOT invoice')).toEqual([]);
    expect(search('invoice OR revenue')).toEqual([]);
    expect(search('subject:invoice OR subject:printer')).toEqual([]);
    expect(search('from:%')).toEqual([]);
    expect(search('from:_')).toEqual([]);
  });

  it('never turns a NUL character in the input into an SQL error', () => {
    // Pasted binary junk: the FTS5 query parser reads the string up to the NUL.
    for (const input of ['a\u0000b', 'subject:\u0000', 'invoice \u0000']) {
      expect(() => searchMessages(kit.db, input), JSON.stringify(input)).not.toThrow();
    }
  });

  it('rejects a bad date with a UserError', () => {
    for (const input of [
      'before:yesterday',
      'after:03/04/2024',
      'since:2024-3',
      'before:"next week"',
    ]) {
      expect(() => searchMessages(kit.db, input), input).toThrow(UserError);
    }
  });
});
