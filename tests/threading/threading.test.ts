import { afterEach, describe, expect, it } from 'vitest';
import {
  listConversations,
  resolveConversationId,
  showConversation,
} from '../../src/queries/conversation-queries.js';
import { searchMessages } from '../../src/search/search-messages.js';
import { growingBatches } from '../../src/imap/uid-set.js';
import { conversationIdFor } from '../../src/threading/conversation-id.js';
import {
  MailKit,
  SUPPORT,
  seededRandom,
  shuffled,
  type Folder,
  type MailSpec,
} from './support/mail-kit.js';

const ALICE = 'Alice Martin <alice@customer.example>';
const BOB = 'Bob Stone <bob@customer.example>';
const CAROL = 'Carol Diaz <carol@other.example>';
const DAVE = 'dave@elsewhere.example';
const DANA = 'Dana Kim <dana@example.com>';
const DESK = 'Support <support@example.com>';

const BASE = Date.UTC(2024, 2, 4, 9, 0, 0);
/** An ISO date `hours` after the corpus' first message. */
const at = (hours: number): string => new Date(BASE + hours * 3600_000).toISOString();
const idFor = (rootMessageId: string): string => conversationIdFor(SUPPORT.email, rootMessageId);

const kits: MailKit[] = [];
function openKit(): MailKit {
  const kit = MailKit.open();
  kits.push(kit);
  return kit;
}
afterEach(() => {
  for (const kit of kits.splice(0)) kit.close();
});

/** Files `specs` in a fresh cache and returns the kit. */
function fileInOrder(specs: readonly MailSpec[]): MailKit {
  const kit = openKit();
  kit.fileAll(specs);
  return kit;
}

describe('threading by References and In-Reply-To', () => {
  const original: MailSpec = {
    messageId: 'm1@customer.example',
    subject: 'Printer on floor 3 broken',
    from: ALICE,
    to: [DESK],
    date: at(0),
  };
  const reply: MailSpec = {
    messageId: 'm2@example.com',
    references: ['m1@customer.example'],
    inReplyTo: 'm1@customer.example',
    subject: 'Re: Printer on floor 3 broken',
    from: DESK,
    to: [ALICE],
    date: at(1),
    folder: 'Sent',
  };
  const followUp: MailSpec = {
    messageId: 'm3@customer.example',
    references: ['m1@customer.example', 'm2@example.com'],
    inReplyTo: 'm2@example.com',
    subject: 'Re: Printer on floor 3 broken',
    from: ALICE,
    to: [DESK],
    date: at(2),
  };

  it('joins replies to the conversation of the message they reference', () => {
    const kit = fileInOrder([original, reply, followUp]);
    const id = idFor('m1@customer.example');
    for (const messageId of ['m1@customer.example', 'm2@example.com', 'm3@customer.example']) {
      expect(kit.conversationOf(messageId)).toBe(id);
    }
    const listed = listConversations(kit.db);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id, subject: 'Printer on floor 3 broken', messageCount: 3 });
  });

  it('gives a late-arriving parent the same conversation id as parent-first', () => {
    const parentFirst = fileInOrder([original, reply]);
    const childFirst = fileInOrder([reply, original]);
    expect(childFirst.conversationMap()).toEqual(parentFirst.conversationMap());
    expect(childFirst.conversationOf('m1@customer.example')).toBe(idFor('m1@customer.example'));
    expect(listConversations(childFirst.db)).toEqual(listConversations(parentFirst.db));
  });

  it('threads a chain whose middle message has only In-Reply-To', () => {
    const broken: MailSpec = { ...followUp, references: [], inReplyTo: 'm2@example.com' };
    const last: MailSpec = {
      messageId: 'm4@example.com',
      references: ['m1@customer.example', 'm2@example.com', 'm3@customer.example'],
      subject: 'Re: Printer on floor 3 broken',
      from: DESK,
      to: [ALICE],
      date: at(3),
    };
    const expected = idFor('m1@customer.example');
    for (const order of [
      [original, reply, broken, last],
      [last, broken, reply, original],
      [broken, original, last, reply],
    ]) {
      const kit = fileInOrder(order);
      expect(new Set(Object.values(kit.conversationMap()))).toEqual(new Set([expected]));
    }
  });

  it('merges two conversations a late message links, and keeps the old id resolvable', () => {
    const kit = openKit();
    // m3 only names m2 (its References were cut to the parent): until m2 arrives, nothing links
    // it to m1.
    kit.fileAll([original, { ...followUp, references: ['m2@example.com'], inReplyTo: undefined }]);
    const before = listConversations(kit.db).map((item) => item.id);
    expect(before.sort()).toEqual([idFor('m1@customer.example'), idFor('m2@example.com')].sort());

    kit.file(reply);
    const merged = idFor('m1@customer.example');
    expect(listConversations(kit.db).map((item) => item.id)).toEqual([merged]);
    expect(resolveConversationId(kit.db, idFor('m2@example.com'))).toBe(merged);
    expect(resolveConversationId(kit.db, merged)).toBe(merged);
    const shown = showConversation(kit.db, idFor('m2@example.com'));
    expect(shown.id).toBe(merged);
    expect(shown.messages.map((message) => message.messageId)).toEqual([
      'm1@customer.example',
      'm2@example.com',
      'm3@customer.example',
    ]);
    expect(kit.count('SELECT 1 FROM conversations WHERE id = ?', idFor('m2@example.com'))).toBe(0);
  });

  it.each([150, 300])('threads a message whose References list %i ids', (length) => {
    const chain = Array.from(
      { length: length - 1 },
      (_, index) => `hop-${String(index).padStart(3, '0')}@relay.example`,
    );
    const root: MailSpec = {
      messageId: chain[0]!,
      subject: 'Data retention questions for 2024',
      from: ALICE,
      to: [DESK],
      date: at(0),
    };
    const middle: MailSpec = {
      messageId: chain[75]!,
      references: chain.slice(0, 75),
      subject: 'Re: Data retention questions for 2024',
      from: DESK,
      to: [ALICE],
      date: at(5),
    };
    const parent: MailSpec = {
      messageId: chain.at(-1)!,
      references: chain.slice(0, -1),
      subject: 'Re: Data retention questions for 2024',
      from: ALICE,
      to: [DESK],
      date: at(10),
    };
    const child: MailSpec = {
      messageId: 'long-tail@example.com',
      references: [...chain, 'missing-parent@example.com'],
      subject: 'Re: Data retention questions for 2024',
      from: DESK,
      to: [ALICE],
      date: at(11),
    };
    expect(child.references).toHaveLength(length);
    const expected = idFor(chain[0]!);
    for (const order of [
      [root, middle, parent, child],
      [child, parent, middle, root],
      [middle, child, root, parent],
    ]) {
      const kit = fileInOrder(order);
      expect(Object.values(kit.conversationMap())).toEqual([
        expected,
        expected,
        expected,
        expected,
      ]);
      expect(listConversations(kit.db)).toHaveLength(1);
    }
  });
});

describe('guarded subject fallback (replies without threading headers)', () => {
  const original: MailSpec = {
    messageId: 'printer@customer.example',
    subject: 'Printer on floor 3 broken',
    from: ALICE,
    to: [DESK],
    cc: [BOB],
    date: at(0),
  };

  it('joins a headerless "Re:" from a participant of the original', () => {
    const kit = fileInOrder([
      original,
      {
        messageId: 'bob-reply@customer.example',
        subject: 'Re: Printer on floor 3 broken',
        from: BOB,
        to: [DESK, ALICE],
        date: at(3),
      },
    ]);
    expect(kit.conversationOf('bob-reply@customer.example')).toBe(
      idFor('printer@customer.example'),
    );
    expect(listConversations(kit.db)).toHaveLength(1);
  });

  it('keeps the same subject from an unrelated sender separate', () => {
    const kit = fileInOrder([
      original,
      {
        messageId: 'dave@elsewhere.example',
        subject: 'Re: Printer on floor 3 broken',
        from: DAVE,
        to: [DESK],
        date: at(3),
      },
    ]);
    expect(kit.conversationOf('dave@elsewhere.example')).not.toBe(
      idFor('printer@customer.example'),
    );
    expect(listConversations(kit.db)).toHaveLength(2);
  });

  it('never joins "Re: Hello"', () => {
    const kit = fileInOrder([
      {
        messageId: 'hello@customer.example',
        subject: 'Hello',
        from: ALICE,
        to: [DESK],
        date: at(0),
      },
      {
        messageId: 're-hello@example.com',
        subject: 'Re: Hello',
        from: DESK,
        to: [ALICE],
        date: at(1),
      },
    ]);
    expect(kit.conversationOf('re-hello@example.com')).not.toBe(
      kit.conversationOf('hello@customer.example'),
    );
  });

  it('never joins newsletters (List-Id) by subject', () => {
    const issue: MailSpec = {
      messageId: 'issue-41@news.shop.example',
      subject: 'Spring collection preview',
      from: 'Shop News <news@shop.example>',
      to: [DESK],
      date: at(0),
      listId: 'news.shop.example',
    };
    const teaser: MailSpec = {
      ...issue,
      messageId: 'issue-42@news.shop.example',
      subject: 'Re: Spring collection preview',
      date: at(24),
    };
    for (const order of [
      [issue, teaser],
      [teaser, issue],
    ]) {
      const kit = fileInOrder(order);
      expect(kit.conversationOf('issue-42@news.shop.example')).not.toBe(
        kit.conversationOf('issue-41@news.shop.example'),
      );
    }
  });

  it('keeps "Re: [Ticket #123] Printer broken" from another customer separate', () => {
    const kit = fileInOrder([
      {
        messageId: 't123@customer.example',
        subject: '[Ticket #123] Printer broken',
        from: ALICE,
        to: [DESK],
        date: at(0),
      },
      {
        messageId: 't123-reply@example.com',
        references: ['t123@customer.example'],
        subject: 'Re: [Ticket #123] Printer broken',
        from: DESK,
        to: [ALICE],
        date: at(1),
      },
      {
        messageId: 'carol-t123@other.example',
        subject: 'Re: [Ticket #123] Printer broken',
        from: CAROL,
        to: [DESK],
        date: at(2),
      },
    ]);
    expect(kit.conversationOf('carol-t123@other.example')).not.toBe(idFor('t123@customer.example'));
    expect(kit.conversationOf('t123-reply@example.com')).toBe(idFor('t123@customer.example'));
  });

  it('never joins a headerless reply on ticket #123 to ticket #456 of the same title', () => {
    // Same customer, two tickets opened by a helpdesk with the same title; the customer's
    // client answers ticket #123 without threading headers.
    const kit = fileInOrder([
      {
        messageId: 't123@helpdesk.example',
        subject: '[Ticket #123] Printer broken',
        from: DESK,
        to: [ALICE],
        date: at(0),
      },
      {
        messageId: 't456@helpdesk.example',
        subject: '[Ticket #456] Printer broken',
        from: DESK,
        to: [ALICE],
        date: at(5),
      },
      {
        messageId: 'alice-t123@customer.example',
        subject: 'Re: [Ticket #123] Printer broken',
        from: ALICE,
        to: [DESK],
        date: at(6),
      },
    ]);
    expect(kit.conversationOf('alice-t123@customer.example')).not.toBe(
      idFor('t456@helpdesk.example'),
    );
    expect(kit.conversationOf('alice-t123@customer.example')).toBe(idFor('t123@helpdesk.example'));
  });

  it('joins a headerless reply fetched in the same batch as its original', () => {
    // The folder sync files a whole fetched batch (up to 250 copies, newest first) in one
    // transaction and brings the conversation rows up to date at its end.
    const bobReply: MailSpec = {
      messageId: 'bob-reply@customer.example',
      subject: 'Re: Printer on floor 3 broken',
      from: BOB,
      to: [DESK, ALICE],
      date: at(3),
    };
    const expected = idFor('printer@customer.example');
    for (const batch of [
      [bobReply, original],
      [original, bobReply],
    ]) {
      const kit = openKit();
      kit.fileBatch(batch);
      expect(kit.conversationOf('bob-reply@customer.example'), batch[0]!.messageId!).toBe(expected);
      expect(listConversations(kit.db)).toHaveLength(1);
    }
  });

  it('adopts an orphan "Re:" that arrived before its original', () => {
    const orphan: MailSpec = {
      messageId: 'early-reply@customer.example',
      subject: 'Re: Printer on floor 3 broken',
      from: BOB,
      to: [ALICE, DESK],
      date: at(3),
    };
    const kit = openKit();
    kit.file(orphan);
    const orphanId = kit.conversationOf('early-reply@customer.example');
    kit.file(original);
    const expected = idFor('printer@customer.example');
    expect(kit.conversationOf('early-reply@customer.example')).toBe(expected);
    expect(kit.conversationOf('printer@customer.example')).toBe(expected);
    expect(listConversations(kit.db).map((item) => item.id)).toEqual([expected]);
    expect(resolveConversationId(kit.db, orphanId)).toBe(expected);
    expect(kit.conversationMap()).toEqual(fileInOrder([original, orphan]).conversationMap());
  });

  it('adopts an orphan "Re:" even when a threaded reply named the original before it arrived', () => {
    // The desk answered with proper References; Bob's client sent none. Bob's reply and the
    // desk's arrive first (e.g. the original was filed in a folder synced later).
    const deskReply: MailSpec = {
      messageId: 'desk-reply@example.com',
      references: ['printer@customer.example'],
      subject: 'Re: Printer on floor 3 broken',
      from: DESK,
      to: [ALICE],
      cc: [BOB],
      date: at(1),
    };
    const bobReply: MailSpec = {
      messageId: 'bob-reply@customer.example',
      subject: 'Re: Printer on floor 3 broken',
      from: BOB,
      to: [ALICE, DESK],
      date: at(3),
    };
    const reference = fileInOrder([original, deskReply, bobReply]).conversationMap();
    expect(new Set(Object.values(reference))).toEqual(new Set([idFor('printer@customer.example')]));
    expect(fileInOrder([bobReply, deskReply, original]).conversationMap()).toEqual(reference);
  });

  it('groups two headerless replies whose original was never received, whichever arrives first', () => {
    const first: MailSpec = {
      messageId: 'proof-1@vendor.example',
      subject: 'Re: Booth graphics proof v3',
      from: 'proofs@vendor.example',
      to: [DESK],
      date: at(0),
    };
    const second: MailSpec = {
      messageId: 'proof-2@example.com',
      subject: 'Re: Booth graphics proof v3',
      from: DESK,
      to: ['proofs@vendor.example'],
      date: at(2),
    };
    const inOrder = fileInOrder([first, second]).conversationMap();
    expect(new Set(Object.values(inOrder)).size).toBe(1);
    expect(fileInOrder([second, first]).conversationMap()).toEqual(inOrder);
  });
});

/**
 * A realistic day of a shared inbox: full chains, truncated References, In-Reply-To-only and
 * References-only clients, replies without any threading header, a thread whose original the
 * inbox never received, copies in Sent and Archive, messages without a Message-ID, newsletters
 * and look-alike subjects. `groups` lists which messages must share a conversation (keyed by
 * Message-ID, or "noid:<subject>"), with the root that names it.
 */
function inboxDay(): { specs: MailSpec[]; groups: Array<{ root: string; members: string[] }> } {
  const specs: MailSpec[] = [];
  const groups: Array<{ root: string; members: string[] }> = [];
  const group = (root: string, members: MailSpec[]): void => {
    groups.push({
      root,
      members: [...new Set(members.map((spec) => spec.messageId ?? `noid:${spec.subject}`))],
    });
    specs.push(...members);
  };

  // Printer: full References chain, Bob (cc) answers once without headers, copies in Sent/Archive.
  const printer: MailSpec[] = [];
  for (let i = 1; i <= 8; i += 1) {
    const fromDesk = i % 2 === 0;
    printer.push({
      messageId: `printer-${i}@${fromDesk ? 'example.com' : 'customer.example'}`,
      references: printer.map((spec) => spec.messageId!),
      inReplyTo: printer.at(-1)?.messageId ?? undefined,
      subject: i === 1 ? 'Printer on floor 3 broken' : 'Re: Printer on floor 3 broken',
      from: fromDesk ? DESK : ALICE,
      to: [fromDesk ? ALICE : DESK],
      cc: [BOB],
      date: at(i),
      folder: fromDesk ? 'Sent' : 'INBOX',
    });
  }
  printer.push({ ...printer[1]!, folder: 'INBOX', size: 1400 });
  printer.push({ ...printer[0]!, folder: 'Archive' });
  printer.push({
    messageId: 'printer-bob@customer.example',
    subject: 'RE: Printer on floor 3 broken',
    from: BOB,
    to: [DESK, ALICE],
    date: at(12),
  });
  group('printer-1@customer.example', printer);

  // VAT: the client keeps only the root and the last two ancestors; some lack In-Reply-To.
  const vat: MailSpec[] = [];
  for (let i = 1; i <= 14; i += 1) {
    const ids = vat.map((spec) => spec.messageId!);
    vat.push({
      messageId: `vat-${i}@${i % 2 ? 'accounting.example' : 'example.com'}`,
      references: ids.length ? [...new Set([ids[0]!, ...ids.slice(-2)])] : [],
      inReplyTo: i % 3 === 0 ? undefined : ids.at(-1),
      subject: i === 1 ? 'Quarterly VAT return documents' : 'Re: Quarterly VAT return documents',
      from: i % 2 ? 'Ann Rowe <ann@accounting.example>' : DANA,
      to: [i % 2 ? DESK : 'ann@accounting.example'],
      date: at(2 + i * 0.5),
    });
  }
  group('vat-1@accounting.example', vat);

  // Laptops: an In-Reply-To-only client (no References at all).
  const laptops: MailSpec[] = [];
  for (let i = 1; i <= 8; i += 1) {
    laptops.push({
      messageId: `laptop-${i}@design.example`,
      inReplyTo: laptops.at(-1)?.messageId ?? undefined,
      subject:
        i === 1 ? 'Laptop refresh for the design team' : 'Re: Laptop refresh for the design team',
      from: i % 2 ? 'Eve Park <eve@design.example>' : DESK,
      to: [i % 2 ? DESK : 'eve@design.example'],
      date: at(3 + i),
      folder: i % 2 ? 'INBOX' : 'Sent',
    });
  }
  laptops.push({ ...laptops[3]!, folder: 'Archive' });
  group('laptop-1@design.example', laptops);

  // Office move: References only (no In-Reply-To), branching, one reply without a Message-ID.
  const move = (id: string | null, references: string[], hours: number, from = DANA): MailSpec => ({
    messageId: id,
    references,
    subject: references.length
      ? 'Re: Office move on Friday: parking passes'
      : 'Office move on Friday: parking passes',
    from,
    to: ['team@example.com', DESK],
    date: at(hours),
  });
  group('move-1@example.com', [
    move('move-1@example.com', [], 1),
    move('move-2@example.com', ['move-1@example.com'], 2, 'Raj <raj@example.com>'),
    move('move-3@example.com', ['move-1@example.com'], 3, 'Lea <lea@example.com>'),
    move('move-4@example.com', ['move-1@example.com', 'move-2@example.com'], 4),
    move(
      'move-5@example.com',
      ['move-1@example.com', 'move-3@example.com'],
      5,
      'Raj <raj@example.com>',
    ),
    move(
      'move-6@example.com',
      ['move-1@example.com', 'move-2@example.com', 'move-4@example.com'],
      6,
    ),
    {
      ...move(null, ['move-1@example.com', 'move-3@example.com'], 7, 'Lea <lea@example.com>'),
      subject: 'Re: Office move on Friday: parking passes (Lea)',
    },
  ]);

  // Invoice: the customer's client sends no threading headers on replies.
  const invoice = 'Invoice 2024-118 shows the wrong address';
  group('inv-1@customer.example', [
    { messageId: 'inv-1@customer.example', subject: invoice, from: ALICE, to: [DESK], date: at(5) },
    {
      messageId: 'inv-2@example.com',
      references: ['inv-1@customer.example'],
      inReplyTo: 'inv-1@customer.example',
      subject: `Re: ${invoice}`,
      from: DESK,
      to: [ALICE],
      date: at(6),
      folder: 'Sent',
    },
    {
      messageId: 'inv-3@customer.example',
      subject: `Re: ${invoice}`,
      from: ALICE,
      to: [DESK],
      date: at(7),
    },
    {
      messageId: 'inv-4@example.com',
      subject: `AW: ${invoice}`,
      from: DESK,
      to: [ALICE],
      date: at(8),
      folder: 'Sent',
    },
    {
      messageId: 'inv-5@customer.example',
      references: ['inv-1@customer.example', 'inv-2@example.com'],
      subject: `Re: ${invoice}`,
      from: ALICE,
      to: [DESK],
      date: at(9),
    },
  ]);

  // Booth: the inbox was cc'd midway; the original is not in any folder.
  group('booth-0@events.example', [
    {
      messageId: 'booth-1@events.example',
      references: ['booth-0@events.example'],
      subject: 'Re: Conference booth shipping labels',
      from: 'ops@events.example',
      to: ['logistics@events.example'],
      cc: [DESK],
      date: at(2),
    },
    {
      messageId: 'booth-2@logistics.example',
      references: ['booth-0@events.example', 'booth-1@events.example'],
      subject: 'Re: Conference booth shipping labels',
      from: 'logistics@events.example',
      to: ['ops@events.example'],
      cc: [DESK],
      date: at(4),
    },
    {
      messageId: 'booth-3@example.com',
      references: ['booth-0@events.example', 'booth-1@events.example', 'booth-2@logistics.example'],
      subject: 'Re: Conference booth shipping labels',
      from: DESK,
      to: ['ops@events.example'],
      date: at(6),
      folder: 'Sent',
    },
  ]);

  // Notifications without a Message-ID (one also archived).
  const backup = (hours: number): MailSpec => ({
    messageId: null,
    subject: `Backup job finished on nas-01 (${hours}h)`,
    from: 'nas-01@example.com',
    to: [DESK],
    date: at(hours),
  });
  group('no-message-id:1', [backup(1), { ...backup(1), folder: 'Archive' }]);
  group('no-message-id:13', [backup(13)]);

  // Look-alikes that must stay on their own.
  const alone: MailSpec[] = [
    {
      messageId: 'issue-41@news.shop.example',
      subject: 'Spring collection preview',
      from: 'news@shop.example',
      to: [DESK],
      date: at(0.5),
      listId: 'news.shop.example',
    },
    {
      messageId: 'issue-42@news.shop.example',
      subject: 'Re: Spring collection preview',
      from: 'news@shop.example',
      to: [DESK],
      date: at(9.5),
      listId: 'news.shop.example',
    },
    { messageId: 'hello@other.example', subject: 'Hello', from: CAROL, to: [DESK], date: at(1.5) },
    {
      messageId: 're-hello@example.com',
      subject: 'Re: Hello',
      from: DESK,
      to: ['carol@other.example'],
      date: at(2.5),
      folder: 'Sent',
    },
    {
      messageId: 't123@customer.example',
      subject: '[Ticket #123] Printer broken',
      from: BOB,
      to: [DESK],
      date: at(3.5),
    },
    {
      messageId: 'carol-t123@other.example',
      subject: 'Re: [Ticket #123] Printer broken',
      from: CAROL,
      to: [DESK],
      date: at(4.5),
    },
    {
      messageId: 'dave-printer@elsewhere.example',
      subject: 'Re: Printer on floor 3 broken',
      from: DAVE,
      to: [DESK],
      date: at(10.5),
    },
  ];
  for (const spec of alone) group(spec.messageId!, [spec]);
  return { specs, groups };
}

describe('order independence', () => {
  const { specs, groups } = inboxDay();
  const chronological = [...specs].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  const keyOf = (row: { message_id: string | null; subject: string }): string =>
    row.message_id ?? `noid:${row.subject}`;

  function snapshot(kit: MailKit): { messages: Record<string, string>; conversations: unknown[] } {
    const rows = kit.db
      .prepare<[], { message_id: string | null; subject: string; conversation_id: string }>(
        'SELECT message_id, subject, conversation_id FROM messages ORDER BY message_id, subject',
      )
      .all();
    const conversations = kit.db
      .prepare(
        'SELECT id, root_node, subject, message_count, first_message_at, last_message_at FROM conversations ORDER BY id',
      )
      .all();
    return {
      messages: Object.fromEntries(rows.map((row) => [keyOf(row), row.conversation_id])),
      conversations,
    };
  }

  it('uses a realistic corpus of about 60 copies', () => {
    expect(specs.length).toBeGreaterThanOrEqual(55);
    expect(groups.filter((entry) => entry.members.length > 1).length).toBeGreaterThanOrEqual(6);
  });

  it('threads the corpus as expected when it arrives in date order', () => {
    const kit = fileInOrder(chronological);
    const { messages } = snapshot(kit);
    const problems: string[] = [];
    for (const { root, members } of groups) {
      const ids = new Set(members.map((member) => messages[member]));
      if (ids.size !== 1) problems.push(`${root}: split over ${ids.size} conversations`);
      else if (!root.startsWith('no-message-id:') && [...ids][0] !== idFor(root))
        problems.push(`${root}: not named after its root`);
    }
    const distinct = new Set(groups.map(({ members }) => messages[members[0]!]));
    expect(problems).toEqual([]);
    expect(distinct.size).toBe(groups.length);
    expect(listConversations(kit.db)).toHaveLength(groups.length);
  });

  /** Files the corpus as a first sync would: folder by folder, newest first, in batches. */
  function firstSync(folders: ReadonlyArray<readonly Folder[]>): MailKit {
    const kit = openKit();
    for (const group of folders) {
      const newestFirst = chronological
        .filter((spec) => group.includes(spec.folder ?? 'INBOX'))
        .reverse();
      for (const batch of growingBatches(newestFirst)) kit.fileBatch(batch);
    }
    return kit;
  }

  it.each([
    ['each folder in one batch (Inbox, Sent, Archive)', [['INBOX'], ['Sent'], ['Archive']]],
    ['Sent first', [['Sent'], ['INBOX'], ['Archive']]],
    ['everything in one batch (one folder holds it all)', [['INBOX', 'Sent', 'Archive']]],
  ] as const)('threads the corpus the same when a first sync fetches %s', (_, folders) => {
    const reference = snapshot(fileInOrder(chronological));
    const result = snapshot(firstSync(folders));
    const moved = Object.keys(reference.messages).filter(
      (key) => result.messages[key] !== reference.messages[key],
    );
    expect(moved).toEqual([]);
    expect(result.conversations).toEqual(reference.conversations);
  });

  /** Files `order` one copy a batch, or in batches of random sizes (1 to 30) drawn from `random`. */
  function fileShuffled(order: MailSpec[], random?: () => number): MailKit {
    const kit = openKit();
    if (!random) {
      kit.fileAll(order);
      return kit;
    }
    for (let index = 0; index < order.length;) {
      const size = 1 + Math.floor(random() * 30);
      kit.fileBatch(order.slice(index, index + size));
      index += size;
    }
    return kit;
  }

  it.each([
    ['one copy at a time', false],
    ['in batches of random sizes', true],
  ] as const)('ends with the same conversations for 20 seeded shuffles, %s', (_, batched) => {
    const reference = snapshot(fileInOrder(chronological));
    const differences: Array<{ seed: number; moved: string[]; conversations: boolean }> = [];
    for (let seed = 1; seed <= 20; seed += 1) {
      const random = seededRandom(seed);
      const kit = fileShuffled(shuffled(specs, random), batched ? random : undefined);
      const result = snapshot(kit);
      const moved = Object.keys(reference.messages).filter(
        (key) => result.messages[key] !== reference.messages[key],
      );
      const sameConversations =
        JSON.stringify(result.conversations) === JSON.stringify(reference.conversations);
      if (moved.length || !sameConversations)
        differences.push({ seed, moved, conversations: sameConversations });
      kit.close();
      kits.splice(kits.indexOf(kit), 1);
    }
    expect(differences).toEqual([]);
  });
});

describe('copies and duplicates', () => {
  const spec: MailSpec = {
    messageId: 'copy@customer.example',
    subject: 'Contract renewal for 2025',
    from: ALICE,
    to: [DESK],
    date: at(0),
    body: 'Please find the renewal terms below.',
  };

  it('files a copy in INBOX and Archive as one message with two locations', () => {
    const kit = openKit();
    const [inbox, archive] = kit.fileAll([spec, { ...spec, folder: 'Archive' }]);
    expect(archive!.id).toBe(inbox!.id);
    expect(kit.count('SELECT 1 FROM messages')).toBe(1);
    expect(kit.count('SELECT 1 FROM message_locations WHERE message_id = ?', inbox!.id)).toBe(2);
    const shown = showConversation(kit.db, kit.conversationOf('copy@customer.example'));
    expect(shown.messages).toHaveLength(1);
    expect(shown.messages[0]!.folders.sort()).toEqual(['Archive', 'INBOX']);
    expect(listConversations(kit.db)[0]!.messageCount).toBe(1);
  });

  it('files the Sent copy of a message (another size and arrival time) as the same message', () => {
    const kit = openKit();
    const sent: MailSpec = {
      ...spec,
      from: DESK,
      to: [ALICE],
      folder: 'Sent',
      size: 1320,
      receivedAt: at(0),
    };
    const received: MailSpec = { ...sent, folder: 'INBOX', size: 1544, receivedAt: at(0.01) };
    const [a, b] = kit.fileAll([sent, received]);
    expect(b!.id).toBe(a!.id);
    expect(kit.count('SELECT 1 FROM messages')).toBe(1);
    expect(
      showConversation(
        kit.db,
        kit.conversationOf('copy@customer.example'),
      ).messages[0]!.folders.sort(),
    ).toEqual(['INBOX', 'Sent']);
  });

  it('keeps two distinct messages in one folder that share a Message-ID as two messages', () => {
    const kit = openKit();
    const [first, second] = kit.fileAll([
      spec,
      { ...spec, subject: 'Contract renewal for 2025 (corrected)', date: at(2) },
    ]);
    expect(second!.id).not.toBe(first!.id);
    const shown = showConversation(kit.db, kit.conversationOf('copy@customer.example'));
    expect(shown.messages.map((message) => message.subject)).toEqual([
      'Contract renewal for 2025',
      'Contract renewal for 2025 (corrected)',
    ]);
    expect(listConversations(kit.db)[0]!.messageCount).toBe(2);
  });

  it('keeps two messages with identical headers in one folder as two messages', () => {
    // A mailer that resends with the same Message-ID and Date: two UIDs, two messages.
    const kit = openKit();
    const [first, second] = kit.fileAll([spec, { ...spec, body: 'Resent with the signed PDF.' }]);
    expect(second!.id).not.toBe(first!.id);
    expect(
      showConversation(kit.db, kit.conversationOf('copy@customer.example')).messages,
    ).toHaveLength(2);
    // Their copies in another folder pair up with them, one each.
    const [third, fourth] = kit.fileAll([
      { ...spec, folder: 'Archive' },
      { ...spec, folder: 'Archive' },
    ]);
    expect([third!.id, fourth!.id].sort()).toEqual([first!.id, second!.id].sort());
  });

  it('keeps a message without a Message-ID, and files its two copies as one', () => {
    const kit = openKit();
    const noId: MailSpec = {
      messageId: null,
      subject: 'Disk usage above 90% on nas-01',
      from: 'nas-01@example.com',
      to: [DESK],
      date: at(0),
      size: 812,
    };
    const [inbox, archive] = kit.fileAll([noId, { ...noId, folder: 'Archive' }]);
    expect(archive!.id).toBe(inbox!.id);
    const listed = listConversations(kit.db);
    expect(listed).toHaveLength(1);
    const shown = showConversation(kit.db, listed[0]!.id);
    expect(shown.messages).toHaveLength(1);
    expect(shown.messages[0]).toMatchObject({
      messageId: null,
      subject: 'Disk usage above 90% on nas-01',
    });
    expect(shown.messages[0]!.problems).toContain('no Message-ID');
    expect(shown.messages[0]!.folders.sort()).toEqual(['Archive', 'INBOX']);
  });
});

describe('expunge and collect', () => {
  it('removes the message, its conversation and its search entry once the last copy is gone', () => {
    const kit = openKit();
    const keep: MailSpec = {
      messageId: 'keep@customer.example',
      subject: 'Parking permits',
      from: ALICE,
      to: [DESK],
      date: at(0),
      body: 'Permits are ready at the front desk.',
    };
    const gone: MailSpec = {
      messageId: 'gone@customer.example',
      subject: 'Zanzibar offsite',
      from: BOB,
      to: [DESK],
      date: at(1),
      body: 'The zanzibarian itinerary is attached.',
    };
    const [, inbox, archive] = kit.fileAll([keep, gone, { ...gone, folder: 'Archive' }]);
    const conversationId = kit.conversationOf('gone@customer.example');
    expect(searchMessages(kit.db, 'zanzibarian')).toHaveLength(1);

    kit.expunge(inbox!);
    expect(kit.collect()).toBe(0);
    expect(searchMessages(kit.db, 'zanzibarian').map((hit) => hit.conversationId)).toEqual([
      conversationId,
    ]);

    kit.expunge(archive!);
    expect(listConversations(kit.db).map((item) => item.id)).toEqual([
      kit.conversationOf('keep@customer.example'),
    ]);
    expect(kit.collect()).toBe(1);
    expect(kit.count('SELECT 1 FROM messages WHERE message_id = ?', 'gone@customer.example')).toBe(
      0,
    );
    expect(kit.count('SELECT 1 FROM conversations WHERE id = ?', conversationId)).toBe(0);
    expect(resolveConversationId(kit.db, conversationId)).toBeUndefined();
    expect(searchMessages(kit.db, 'zanzibarian')).toEqual([]);
    expect(
      kit.count("SELECT rowid FROM message_search WHERE message_search MATCH 'zanzibarian'"),
    ).toBe(0);
    expect(
      kit.count("SELECT rowid FROM message_search WHERE message_search MATCH 'zanzibar'"),
    ).toBe(0);
    expect(searchMessages(kit.db, 'permits')).toHaveLength(1);
    expect(() =>
      kit.db.exec("INSERT INTO message_search(message_search) VALUES('integrity-check')"),
    ).not.toThrow();
    // Every message has its text, so the index must also match the content table row for row.
    expect(() =>
      kit.db.exec("INSERT INTO message_search(message_search, rank) VALUES('integrity-check', 1)"),
    ).not.toThrow();
  });

  it('collects a message whose text was never fetched without touching the index', () => {
    const kit = openKit();
    const [copy] = kit.fileAll([
      {
        messageId: 'pending@customer.example',
        subject: 'Unfetched body',
        from: ALICE,
        to: [DESK],
        date: at(0),
        body: null,
      },
    ]);
    kit.expunge(copy!);
    expect(kit.collect()).toBe(1);
    expect(listConversations(kit.db)).toEqual([]);
    expect(() =>
      kit.db.exec("INSERT INTO message_search(message_search, rank) VALUES('integrity-check', 1)"),
    ).not.toThrow();
  });

  it('gives a message filed again after collection its old conversation id', () => {
    const kit = openKit();
    const spec: MailSpec = {
      messageId: 'again@customer.example',
      subject: 'Quarterly review slides',
      from: ALICE,
      to: [DESK],
      date: at(0),
    };
    const [copy] = kit.fileAll([spec]);
    const before = kit.conversationOf('again@customer.example');
    kit.expunge(copy!);
    kit.collect();
    kit.file({ ...spec, folder: 'Archive' });
    expect(kit.conversationOf('again@customer.example')).toBe(before);
    expect(listConversations(kit.db).map((item) => item.id)).toEqual([before]);
  });
});
