import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchMessages, searchWithCut } from '../../src/search/search-messages.js';
import { MailKit, type MailSpec } from '../threading/support/mail-kit.js';

const DESK = 'Support <support@example.com>';

/**
 * Each mentions the orchid room once or more; the newer the message, the fewer the places that
 * hold it, so recency alone would list them the other way round.
 */
const MAIL = {
  subject: {
    messageId: 'subject@example.com',
    subject: 'Orchid room booking',
    from: 'gus@vendor.example',
    to: [DESK],
    date: '2024-05-01T09:00:00Z',
    body: 'Booked for Friday.',
  },
  participants: {
    messageId: 'participants@example.com',
    subject: 'Your visit',
    from: 'Orchid Room <desk@greenhouse.example>',
    to: [DESK],
    date: '2024-05-02T09:00:00Z',
    body: 'See you soon.',
  },
  body: {
    messageId: 'body@example.com',
    subject: 'Lobby',
    from: 'hana@example.com',
    to: [DESK],
    date: '2024-05-03T09:00:00Z',
    body: 'Meet in the orchid room at noon.',
  },
  // Older, its body says it three times: each part of a message counts once.
  bodyOlder: {
    messageId: 'body-older@example.com',
    subject: 'Plants',
    from: 'ivan@example.com',
    to: [DESK],
    date: '2024-04-20T09:00:00Z',
    body: 'The orchid room, the orchid room, and the orchid room again.',
  },
} satisfies Record<string, MailSpec>;
type Label = keyof typeof MAIL;

describe('search ranks where a term is, then how new', () => {
  let kit: MailKit;
  const labels = new Map<string, Label>();
  const search = (input: string) =>
    searchMessages(kit.db, input).map((hit) => labels.get(hit.conversationId));

  beforeAll(() => {
    kit = MailKit.open({ onDisk: true });
    for (const [label, spec] of Object.entries(MAIL) as Array<[Label, MailSpec]>) {
      kit.file(spec);
      labels.set(kit.conversationOf(spec.messageId!), label);
    }
  });
  afterAll(() => kit.close());

  const ORDER: Label[] = ['subject', 'participants', 'body', 'bodyOlder'];

  it('a word: subject, then participants, then body, equal ones newest first', () => {
    expect(search('orchid')).toEqual(ORDER);
    expect(search('room orchid')).toEqual(ORDER);
  });

  it('the same through a filter, which reads the rows in the walk', () => {
    expect(search('orchid in:inbox')).toEqual(ORDER);
    expect(search('orchid after:2024-04-01')).toEqual(ORDER);
  });

  it('a phrase, scored from the texts, the same way round', () => {
    expect(search('"orchid room"')).toEqual(ORDER);
    expect(search('"orchid room" in:inbox')).toEqual(ORDER);
  });

  it('a limit keeps the best', () => {
    expect(
      searchMessages(kit.db, 'orchid', { limit: 2 }).map((hit) => labels.get(hit.conversationId)),
    ).toEqual(['subject', 'participants']);
  });
});

describe('search never returns a message no folder holds', () => {
  it('whether the walk reads the rows or only the best matches', () => {
    const kit = MailKit.open();
    try {
      const [, expunged] = kit.fileAll([MAIL.body, MAIL.subject]);
      kit.expunge(expunged!);
      const ids = (input: string) => searchMessages(kit.db, input).map((hit) => hit.conversationId);
      const keptConversation = kit.conversationOf(MAIL.body.messageId);
      expect(ids('orchid')).toEqual([keptConversation]);
      expect(ids('orchid in:inbox')).toEqual([keptConversation]);
      expect(ids('"orchid room"')).toEqual([keptConversation]);
    } finally {
      kit.close();
    }
  });
});

describe('search finds the conversations past a thread that holds the best matches', () => {
  it('reads on until the limit is met, however many of the best rows share a conversation', () => {
    const kit = MailKit.open();
    try {
      // A long thread whose every message has the word in its subject (the best score), and
      // two older conversations with it in the body only: they come after all of the thread's
      // rows, more than a first batch of rows read (twice the limit).
      const thread = Array.from({ length: 40 }, (_, i) => ({
        messageId: `thread-${i}@example.com`,
        subject: 'Re: Orchid room booking',
        from: 'gus@vendor.example',
        to: [DESK],
        date: `2024-05-${String(1 + (i % 28)).padStart(2, '0')}T${String(10 + Math.floor(i / 28)).padStart(2, '0')}:00:00Z`,
        body: 'Noted.',
        ...(i > 0
          ? { inReplyTo: 'thread-0@example.com', references: ['thread-0@example.com'] }
          : {}),
      }));
      kit.fileAll([MAIL.body, MAIL.bodyOlder, ...thread]);
      const threadConversation = kit.conversationOf('thread-0@example.com');
      expect(new Set(thread.map((spec) => kit.conversationOf(spec.messageId)))).toEqual(
        new Set([threadConversation]),
      );
      const ids = (limit: number) =>
        searchMessages(kit.db, 'orchid', { limit }).map((hit) => hit.conversationId);
      expect(ids(3)).toEqual([
        threadConversation,
        kit.conversationOf(MAIL.body.messageId),
        kit.conversationOf(MAIL.bodyOlder.messageId),
      ]);
      expect(ids(2)).toHaveLength(2);
    } finally {
      kit.close();
    }
  });
});

describe('a filtered search ranks the newest matches that pass its filter', () => {
  it('some ten per result asked for (200 at least, 1000 at most), and says when there were more', () => {
    const kit = MailKit.open();
    try {
      // 300 messages of one sender with the word, in one thread (one result), and an older
      // conversation of hers with the word in its subject: a better match, past the newest 210.
      const thread = Array.from({ length: 300 }, (_, i) => ({
        messageId: `gus-${i}@example.com`,
        subject: 'Weekly report',
        from: 'Gus Vendor <gus@vendor.example>',
        to: [DESK],
        date: new Date(Date.UTC(2024, 4, 1) + i * 3_600_000).toISOString(),
        body: 'The orchid room is booked.',
        ...(i > 0 ? { inReplyTo: 'gus-0@example.com', references: ['gus-0@example.com'] } : {}),
      }));
      const older = {
        messageId: 'gus-older@example.com',
        subject: 'Orchid room',
        from: 'Gus Vendor <gus@vendor.example>',
        to: [DESK],
        date: '2024-04-01T09:00:00Z',
        body: 'First booking.',
      };
      kit.fileAll([older, ...thread]);
      const found = (limit: number) => searchWithCut(kit.db, 'from:gus orchid', { limit });
      // Twenty results asked for (and one more, to tell whether there are more): 210 ranked.
      const asYouType = found(20);
      expect(asYouType.hits.map((hit) => hit.conversationId)).toEqual([
        kit.conversationOf('gus-0@example.com'),
      ]);
      expect(asYouType.cut).toEqual({ reason: 'window', ranked: 210 });
      // A longer list ranks more: the older conversation's subject match is found, and first.
      const longer = found(200);
      expect(longer.hits.map((hit) => hit.conversationId)).toEqual([
        kit.conversationOf(older.messageId),
        kit.conversationOf('gus-0@example.com'),
      ]);
      expect(longer.cut).toBeNull();
    } finally {
      kit.close();
    }
  });
});
