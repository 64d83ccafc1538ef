import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toMessageRecord } from '../../src/mail/message-record.js';
import { searchMessages, searchWithCut, type SearchHit } from '../../src/search/search-messages.js';
import { MailboxStore } from '../../src/store/mailbox-store.js';
import { NoteTables } from '../../src/team/client/note-tables.js';
import type { Member, Note } from '../../src/team/workspace/index.js';
import {
  bodyStructure,
  headerBlock,
  MailKit,
  type MailSpec,
} from '../threading/support/mail-kit.js';

/*
 * Search over mail and notes on a cache filed the way a sync files it (MailKit) with notes
 * projected the way the team workspace projects them (NoteTables): which notes a search returns
 * (the current workspace's, of conversations in the cache, of mailboxes the member may access),
 * which operators apply to notes, how a conversation found in both ranks, and how the index
 * follows notes that change.
 */

const WORKSPACE = 'w-team';
const SALES = { id: 'acct-sales', email: 'sales@example.com' };
const DAY = 86_400_000;
const at = (iso: string): number => Date.parse(iso);

const MAIL = {
  printer: {
    messageId: 'printer@customer.example',
    subject: 'Printer on floor 3',
    from: 'Bob Stone <bob@customer.example>',
    to: ['Support <support@example.com>'],
    date: '2024-03-01T10:00:00Z',
    body: 'Paper jam again, second time this week.',
    attachment: 'photo.jpg',
  },
  invoice: {
    messageId: 'invoice@customer.example',
    subject: 'Late invoice',
    from: 'Alice Martin <alice@customer.example>',
    to: ['Support <support@example.com>'],
    date: '2024-03-05T10:00:00Z',
    body: 'The total is wrong.',
  },
} satisfies Record<string, MailSpec>;

const PLAN: MailSpec = {
  messageId: 'plan@customer.example',
  subject: 'Enterprise plan',
  from: 'Carla <carla@customer.example>',
  to: ['Sales <sales@example.com>'],
  date: '2024-03-03T10:00:00Z',
  body: 'How much for fifty seats?',
};

let kit: MailKit;
let tables: NoteTables;
const conversation: Record<string, string> = {};

const member = (id: string, name: string, mailboxes: Member['mailboxes'] = {}): Member => ({
  id,
  name,
  email: `${name.toLowerCase()}@example.com`,
  role: 'agent',
  mailboxes,
  removed: false,
});

let noteCount = 0;
const note = (conversationId: string, text: string, createdAt: number, author = 'm-ana'): Note => ({
  id: `n${(noteCount += 1)}`,
  conversationId,
  author,
  text,
  mentions: [],
  createdAt,
  editedAt: null,
});

/** Files a message of the sales@ account (MailKit files support@'s). */
function fileSales(spec: MailSpec): string {
  const db = kit.db;
  db.prepare(
    `INSERT INTO accounts (id, name, email, imap_url, created_at) VALUES (?, 'Sales', ?, 'imap://sales@x', 0)`,
  ).run(SALES.id, SALES.email);
  const { current } = new MailboxStore(db).reconcile(SALES.id, [
    { path: 'INBOX', name: 'INBOX', delimiter: '/', role: 'inbox' },
  ]);
  const fetched = {
    uid: 1,
    flags: new Set<string>(),
    modseq: undefined,
    internalDate: new Date(spec.date),
    size: 1000,
    headers: headerBlock(spec),
    bodyStructure: bodyStructure(spec),
  };
  db.transaction(() => {
    const id = kit.writer.addLocation(SALES, current[0]!.id, fetched, toMessageRecord(fetched));
    kit.writer.storeBody(id, spec.body ?? '', 'done');
    kit.writer.flush();
  })();
  return kit.conversationOf(spec.messageId!);
}

/** Makes the data directory work in a workspace: a team's (`serverUrl`) or a solo one (null). */
function joinWorkspace(workspaceId: string, serverUrl: string | null, memberId = 'm-ben'): void {
  kit.db.prepare('DELETE FROM team_workspaces').run();
  kit.db
    .prepare(
      'INSERT INTO team_workspaces (workspace_id, server_url, member_id, token_ref, joined_at) VALUES (?, ?, ?, NULL, 0)',
    )
    .run(workspaceId, serverUrl, memberId);
}

const kinds = (hits: SearchHit[]): string[] =>
  hits.map((hit) => `${hit.kind}:${subjectOf(hit.conversationId)}`);
const subjectOf = (id: string): string =>
  Object.entries(conversation).find(([, value]) => value === id)?.[0] ?? id;
const search = (query: string, options: { accountId?: string; limit?: number } = {}) =>
  kinds(searchMessages(kit.db, query, options));

beforeAll(() => {
  kit = MailKit.open();
  for (const [label, spec] of Object.entries(MAIL)) {
    kit.file(spec);
    conversation[label] = kit.conversationOf(spec.messageId);
  }
  conversation.plan = fileSales(PLAN);
  tables = new NoteTables(kit.db);
  tables.members(WORKSPACE, [
    member('m-ana', 'Ana', {
      'support@example.com': 'full-access',
      'sales@example.com': 'full-access',
    }),
    member('m-ben', 'Ben', {
      'support@example.com': 'read-only',
      'sales@example.com': 'no-access',
    }),
    // Nothing set: a member's role decides (an agent works every mailbox).
    member('m-cy', 'Cy', {}),
    { ...member('m-old', 'Olga', { 'sales@example.com': 'full-access' }), removed: true },
  ]);
  const notes = [
    note(
      conversation.printer!,
      'Technician booked: the fuser unit is worn out',
      at('2024-03-02T09:00:00Z'),
    ),
    note(
      conversation.invoice!,
      'Finance says the total includes the late fee',
      at('2024-03-06T09:00:00Z'),
      'm-ben',
    ),
    note(
      conversation.plan,
      'Offer them a fuser of discounts: twelve percent',
      at('2024-03-04T09:00:00Z'),
    ),
    // A conversation this cache has no mail of (its mailbox is not synced here).
    note('c0000000000000000000000a', 'The fuser of the other mailbox', at('2024-03-04T10:00:00Z')),
  ];
  for (const n of notes) tables.conversations(WORKSPACE, 0, [n.conversationId], [n]);
});
afterAll(() => kit.close());
beforeEach(() => joinWorkspace(WORKSPACE, 'ws://team.example'));

describe('which notes a search returns', () => {
  it('none while the data directory works in no workspace', () => {
    kit.db.prepare('DELETE FROM team_workspaces').run();
    expect(search('fuser')).toEqual([]);
    expect(search('jam')).toEqual(['message:printer']);
  });

  it("the member's mailboxes only in a team, mail of every mailbox", () => {
    // Ben may access support@ (read-only is access), not sales@.
    expect(search('fuser')).toEqual(['note:printer']);
    expect(search('seats')).toEqual(['message:plan']);
    joinWorkspace(WORKSPACE, 'ws://team.example', 'm-ana');
    expect(search('fuser').sort()).toEqual(['note:plan', 'note:printer']);
    joinWorkspace(WORKSPACE, 'ws://team.example', 'm-cy');
    expect(search('fuser').sort()).toEqual(['note:plan', 'note:printer']);
  });

  it('none to a removed member, or to one the cache does not know', () => {
    joinWorkspace(WORKSPACE, 'ws://team.example', 'm-old');
    expect(search('twelve')).toEqual([]);
    joinWorkspace(WORKSPACE, 'ws://team.example', 'm-stranger');
    expect(search('fuser')).toEqual([]);
    expect(search('jam')).toEqual(['message:printer']);
  });

  it('every note of a conversation in the cache in solo use; never one of a conversation it lacks', () => {
    joinWorkspace(WORKSPACE, null);
    expect(search('fuser').sort()).toEqual(['note:plan', 'note:printer']);
  });

  it("only the current workspace's", () => {
    joinWorkspace('w-other', null);
    expect(search('fuser')).toEqual([]);
  });

  it('of one account with an account given', () => {
    joinWorkspace(WORKSPACE, null);
    expect(search('fuser', { accountId: SALES.id })).toEqual(['note:plan']);
  });
});

describe('operators and notes', () => {
  beforeEach(() => joinWorkspace(WORKSPACE, null));

  it('in:notes leaves mail out; folder:notes is a folder', () => {
    expect(search('in:notes late')).toEqual(['note:invoice']);
    expect(search('folder:notes late')).toEqual([]);
    expect(search('in:notes').sort()).toEqual(['note:invoice', 'note:plan', 'note:printer']);
  });

  it('operators that describe a message leave notes out', () => {
    for (const operator of [
      'to:support',
      'subject:printer',
      'has:attachment',
      'is:unread',
      'in:inbox',
    ])
      expect(search(`${operator} fuser`), operator).toEqual([]);
  });

  it("from: is a note's author, by name or email", () => {
    expect(search('from:ben in:notes')).toEqual(['note:invoice']);
    expect(search('from:ana@example in:notes').sort()).toEqual(['note:plan', 'note:printer']);
    // Mail from the customer, notes by Ana, newest first.
    expect(search('from:alice')).toEqual(['message:invoice']);
  });

  it("before: and after: are a note's creation time", () => {
    expect(search('in:notes after:2024-03-03 fuser')).toEqual(['note:plan']);
    expect(search('in:notes before:2024-03-03 fuser')).toEqual(['note:printer']);
    expect(search('in:notes after:2024-03-05')).toEqual(['note:invoice']);
  });

  it('without free text, walks mail and notes newest first, messages still without their text too', () => {
    kit.file({
      messageId: 'pending@customer.example',
      subject: 'Text on its way',
      from: 'Dora <dora@customer.example>',
      to: ['Support <support@example.com>'],
      date: '2024-03-10T10:00:00Z',
      body: null,
    });
    conversation.pending = kit.conversationOf('pending@customer.example');
    expect(search('from:dora')).toEqual(['message:pending']);
    expect(search('from:dora@customer.example')).toEqual(['message:pending']);
    // The invoice's note (Mar 6) is newer than its mail (Mar 5).
    expect(search('after:2024-03-05')).toEqual(['message:pending', 'note:invoice']);
    expect(search('after:2024-03-05', { limit: 1 })).toEqual(['message:pending']);
  });

  it('matches a phrase and cuts the snippet from the note', () => {
    const [hit] = searchMessages(kit.db, '"late fee"');
    expect(hit).toEqual({
      conversationId: conversation.invoice,
      subject: 'Late invoice',
      snippet: 'Finance says the total includes the late fee',
      kind: 'note',
      author: 'ben@example.com',
      noteId: expect.any(String) as string,
    });
  });
});

describe('a conversation found in mail and notes', () => {
  beforeEach(() => joinWorkspace(WORKSPACE, null));

  it('is one hit, by its better match', () => {
    // "late": the invoice's subject (weighed above a body, and a note is a body) and its note.
    expect(search('late')).toEqual(['message:invoice']);
    // "worn": the printer's note alone; "jam" its mail alone.
    expect(search('worn')).toEqual(['note:printer']);
    expect(search('jam')).toEqual(['message:printer']);
  });

  it('counts conversations against the limit, whichever matched', () => {
    const { hits, cut } = searchWithCut(kit.db, 'in:notes', { limit: 2 });
    expect(hits.map((hit) => hit.kind)).toEqual(['note', 'note']);
    expect(cut).toEqual({ reason: 'limit', shown: 2 });
    // Without free text, newest first: the invoice's note (Mar 6), the plan's (Mar 4).
    expect(kinds(hits)).toEqual(['note:invoice', 'note:plan']);
  });

  it('without free text, newest first across mail and notes', () => {
    // Before March 4: the plan's mail (Mar 3; its note is of Mar 4), the printer's note (Mar 2,
    // newer than its mail of Mar 1); the invoice's mail and note are later.
    expect(search('before:2024-03-04')).toEqual(['message:plan', 'note:printer']);
  });
});

describe('the projection follows notes that change', () => {
  beforeEach(() => joinWorkspace(WORKSPACE, null));

  it('an edit replaces the indexed words, a deletion removes them, a shard is replaced whole', () => {
    const printer = conversation.printer!;
    const original = note(
      printer,
      'Carrier picks the tray up on Monday',
      at('2024-03-07T09:00:00Z'),
    );
    const existing = kit.db
      .prepare<[string], { note_id: string }>(
        'SELECT note_id FROM conversation_notes WHERE conversation_id = ?',
      )
      .all(printer);
    expect(existing).toHaveLength(1);
    const kept = {
      ...note(printer, 'Technician booked: the fuser unit is worn out', at('2024-03-02T09:00:00Z')),
      id: existing[0]!.note_id,
    };
    tables.conversations(WORKSPACE, 0, [printer], [kept, original]);
    expect(search('carrier')).toEqual(['note:printer']);

    tables.conversations(
      WORKSPACE,
      0,
      [printer],
      [
        kept,
        {
          ...original,
          text: 'Courier picks the tray up on Tuesday',
          editedAt: original.createdAt + DAY,
        },
      ],
    );
    expect(search('carrier')).toEqual([]);
    expect(search('courier')).toEqual(['note:printer']);

    tables.conversations(WORKSPACE, 0, [printer], [kept]);
    expect(search('courier')).toEqual([]);
    expect(search('worn')).toEqual(['note:printer']);
    // The index holds exactly the projected notes (contentless: every removal restated the text).
    expect(
      kit.count('SELECT 1 FROM note_search WHERE note_search MATCH ?', 'courier OR carrier'),
    ).toBe(0);
    kit.db.exec("INSERT INTO note_search (note_search, rank) VALUES ('integrity-check', 0)");
  });

  it('forgets a workspace whole', () => {
    const other = new NoteTables(kit.db);
    other.conversations(
      'w-gone',
      1,
      [conversation.invoice!],
      [note(conversation.invoice!, 'A word only here: marzipan', at('2024-03-08T09:00:00Z'))],
    );
    other.members('w-gone', [member('m-ana', 'Ana')]);
    joinWorkspace('w-gone', null);
    expect(search('marzipan')).toEqual(['note:invoice']);
    other.dropWorkspace('w-gone');
    expect(search('marzipan')).toEqual([]);
    expect(kit.count("SELECT 1 FROM team_members WHERE workspace_id = 'w-gone'")).toBe(0);
    expect(kit.count('SELECT 1 FROM note_search WHERE note_search MATCH ?', 'marzipan')).toBe(0);
  });
});
