import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessage, createFolder, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import {
  cacheFingerprint,
  cacheProblems,
  mailboxes,
  NO_PROBLEMS,
  searchIndexIsComplete,
  withCache,
} from './support/cache.js';
import {
  addAccount,
  listConversations,
  makeDataDir,
  removeDir,
  search,
  showConversation,
  syncOnce,
  type ConversationItem,
  type SyncSummary,
} from './support/cli.js';
import { plainMessage, uniqueMessageId, uniqueWord } from './support/mail.js';

/*
 * First sync of an account with mail in several folders: INBOX, the special-use Sent and Archive
 * folders, and a custom folder. Another client (withImap) puts the mail there first.
 */

const USER = 'support';
const ME = 'Support <support@example.com>';
const CUSTOMER = 'Dana Customer <dana@acme.example>';
const day = (n: number) => new Date(Date.UTC(2025, 0, n, 9, 30));

// Conversation "invoice": question (INBOX), our reply (Sent), the customer's follow-up (INBOX).
const invoice = {
  question: { id: uniqueMessageId('invoice-question'), word: uniqueWord('invoicequestion') },
  reply: { id: uniqueMessageId('invoice-reply'), word: uniqueWord('invoicereply') },
  followUp: { id: uniqueMessageId('invoice-followup'), word: uniqueWord('invoicefollowup') },
  subject: 'Invoice 1042 is wrong',
};
// One message filed twice: in INBOX and in Archive.
const copied = {
  id: uniqueMessageId('copied'),
  word: uniqueWord('copiedtwice'),
  subject: 'Shipping address change',
};
// Only in Archive.
const archived = {
  id: uniqueMessageId('archived'),
  word: uniqueWord('archivedonly'),
  subject: 'Old contract renewal',
};
// A two-message thread in the custom folder.
const project = {
  first: { id: uniqueMessageId('project-1'), word: uniqueWord('projectkickoff') },
  second: { id: uniqueMessageId('project-2'), word: uniqueWord('projectminutes') },
  subject: 'Website relaunch plan',
};
const CUSTOM = 'Projects';

let dovecot: Dovecot;
let data: string;
let firstSync: SyncSummary[];

beforeAll(async () => {
  dovecot = await startDovecot();
  await createFolder(dovecot, USER, CUSTOM);

  const question = plainMessage({
    from: CUSTOMER,
    to: ME,
    subject: invoice.subject,
    date: day(2),
    messageId: invoice.question.id,
    text: `Hello, the total on invoice 1042 is wrong. ${invoice.question.word}`,
  });
  const reply = plainMessage({
    from: ME,
    to: CUSTOMER,
    subject: `Re: ${invoice.subject}`,
    date: day(3),
    messageId: invoice.reply.id,
    inReplyTo: invoice.question.id,
    references: [invoice.question.id],
    text: `Sorry about that, a corrected invoice is on its way. ${invoice.reply.word}`,
  });
  const followUp = plainMessage({
    from: CUSTOMER,
    to: ME,
    subject: `Re: ${invoice.subject}`,
    date: day(4),
    messageId: invoice.followUp.id,
    inReplyTo: invoice.reply.id,
    references: [invoice.question.id, invoice.reply.id],
    text: `Thanks, received. ${invoice.followUp.word}`,
  });
  const copy = plainMessage({
    from: 'Erik Buyer <erik@buyer.example>',
    to: ME,
    subject: copied.subject,
    date: day(5),
    messageId: copied.id,
    text: `Please ship to our new warehouse. ${copied.word}`,
  });
  const old = plainMessage({
    from: 'Legal <legal@vendor.example>',
    to: ME,
    subject: archived.subject,
    date: day(1),
    messageId: archived.id,
    text: `The contract renews next year. ${archived.word}`,
  });
  const kickoff = plainMessage({
    from: 'Pia Planner <pia@agency.example>',
    to: ME,
    subject: project.subject,
    date: day(6),
    messageId: project.first.id,
    text: `Kick-off notes attached below. ${project.first.word}`,
  });
  const minutes = plainMessage({
    from: ME,
    to: 'Pia Planner <pia@agency.example>',
    subject: `Re: ${project.subject}`,
    date: day(7),
    messageId: project.second.id,
    inReplyTo: project.first.id,
    references: [project.first.id],
    text: `Minutes of today's call. ${project.second.word}`,
  });

  await appendMessage(dovecot, USER, 'INBOX', question, ['\\Seen'], day(2));
  await appendMessage(dovecot, USER, 'Sent', reply, ['\\Seen'], day(3));
  await appendMessage(dovecot, USER, 'INBOX', followUp, [], day(4));
  await appendMessage(dovecot, USER, 'INBOX', copy, ['\\Seen'], day(5));
  await appendMessage(dovecot, USER, 'Archive', copy, ['\\Seen'], day(5));
  await appendMessage(dovecot, USER, 'Archive', old, ['\\Seen'], day(1));
  await appendMessage(dovecot, USER, CUSTOM, kickoff, ['\\Seen'], day(6));
  await appendMessage(dovecot, USER, CUSTOM, minutes, ['\\Seen'], day(7));

  data = await makeDataDir();
  await addAccount(data, dovecot, USER);
  firstSync = await syncOnce(data);
});

afterAll(async () => {
  await dovecot?.stop();
  if (data) await removeDir(data);
});

async function conversationWith(messageId: string): Promise<string> {
  const all = await listConversations(data);
  for (const item of all) {
    const shown = await showConversation(data, item.id);
    if (shown.messages.some((message) => message.messageId === messageId)) return item.id;
  }
  throw new Error(`no conversation holds ${messageId}`);
}

const subjects = (items: ConversationItem[]) => items.map((item) => item.subject).sort();

describe('initial sync of several folders', () => {
  it('reports every copy of every folder as new', () => {
    expect(firstSync).toHaveLength(1);
    const [summary] = firstSync;
    // INBOX 3, Sent 1, Archive 2, Projects 2; Trash, Junk and Drafts are empty.
    expect(summary).toMatchObject({
      account: `${USER}@example.com`,
      folders: 7,
      added: 8,
      removed: 0,
      actions: 0,
    });
    // One text body per distinct message (the copy in Archive shares the INBOX one's).
    expect(summary!.bodies).toBe(7);
  });

  it('stores every folder with its special-use role', () => {
    const rows = withCache(data, (db) => mailboxes(db));
    const roles = Object.fromEntries(rows.map((row) => [row.path, row.role]));
    expect(roles).toEqual({
      INBOX: 'inbox',
      Sent: 'sent',
      Archive: 'archive',
      Trash: 'trash',
      Junk: 'junk',
      Drafts: 'drafts',
      [CUSTOM]: null,
    });
    for (const row of rows) expect(row.uid_validity, row.path).not.toBeNull();
  });

  it('lists the conversations of each folder', async () => {
    const all = await listConversations(data);
    expect(subjects(all)).toEqual(
      [archived.subject, invoice.subject, project.subject, copied.subject].sort(),
    );
    expect(subjects(await listConversations(data, '--folder', 'INBOX'))).toEqual(
      [invoice.subject, copied.subject].sort(),
    );
    expect(subjects(await listConversations(data, '--folder', 'Sent'))).toEqual([invoice.subject]);
    expect(subjects(await listConversations(data, '--folder', 'Archive'))).toEqual(
      [archived.subject, copied.subject].sort(),
    );
    expect(subjects(await listConversations(data, '--folder', CUSTOM))).toEqual([project.subject]);
    expect(await listConversations(data, '--folder', 'Trash')).toEqual([]);
    // Newest activity first.
    expect(all.map((item) => item.subject)).toEqual([
      project.subject,
      copied.subject,
      invoice.subject,
      archived.subject,
    ]);
  });

  it('joins the reply from Sent to its conversation', async () => {
    const id = await conversationWith(invoice.question.id);
    const [listed] = (await listConversations(data, '--folder', 'Sent')).filter(
      (item) => item.id === id,
    );
    expect(listed).toMatchObject({ subject: invoice.subject, messageCount: 3, unread: true });
    expect(listed!.participants).toEqual(
      expect.arrayContaining(['dana@acme.example', 'support@example.com']),
    );

    const shown = await showConversation(data, id);
    expect(
      shown.messages.map((message) => [message.messageId, message.folders, message.unread]),
    ).toEqual([
      [invoice.question.id, ['INBOX'], false],
      [invoice.reply.id, ['Sent'], false],
      [invoice.followUp.id, ['INBOX'], true],
    ]);
    expect(shown.messages[1]).toMatchObject({
      from: ME,
      to: [CUSTOMER],
      subject: `Re: ${invoice.subject}`,
    });
  });

  it('keeps a message filed in INBOX and Archive as one message in both folders', async () => {
    const id = await conversationWith(copied.id);
    const [listed] = (await listConversations(data)).filter((item) => item.id === id);
    expect(listed).toMatchObject({ subject: copied.subject, messageCount: 1, unread: false });
    const shown = await showConversation(data, id);
    expect(shown.messages).toHaveLength(1);
    expect([...shown.messages[0]!.folders].sort()).toEqual(['Archive', 'INBOX']);
    const rows = withCache(
      data,
      (db) =>
        db.prepare('SELECT count(*) AS n FROM messages WHERE message_id = ?').get(copied.id) as {
          n: number;
        },
    );
    expect(rows.n).toBe(1);
  });

  it('threads the custom folder’s messages together', async () => {
    const id = await conversationWith(project.first.id);
    const shown = await showConversation(data, id);
    expect(shown.messages.map((message) => [message.messageId, message.folders])).toEqual([
      [project.first.id, [CUSTOM]],
      [project.second.id, [CUSTOM]],
    ]);
  });

  it('makes every text body searchable', async () => {
    const cases = [
      {
        word: invoice.question.word,
        id: invoice.question.id,
        text: 'the total on invoice 1042 is wrong',
      },
      { word: invoice.reply.word, id: invoice.reply.id, text: 'a corrected invoice is on its way' },
      { word: invoice.followUp.word, id: invoice.followUp.id, text: 'Thanks, received.' },
      { word: copied.word, id: copied.id, text: 'ship to our new warehouse' },
      { word: archived.word, id: archived.id, text: 'The contract renews next year.' },
      { word: project.first.word, id: project.first.id, text: 'Kick-off notes' },
      { word: project.second.word, id: project.second.id, text: "Minutes of today's call." },
    ];
    for (const { word, id, text } of cases) {
      const hits = await search(data, word);
      expect(
        hits.map((hit) => hit.conversationId),
        word,
      ).toEqual([await conversationWith(id)]);
      expect(hits[0]!.snippet).toContain(word);
      const shown = await showConversation(data, hits[0]!.conversationId);
      expect(shown.messages.find((message) => message.messageId === id)?.text).toContain(text);
    }
    expect(await search(data, uniqueWord('nowhere'))).toEqual([]);
    expect(searchIndexIsComplete(data)).toEqual({ ok: true });
    expect(withCache(data, cacheProblems)).toEqual(NO_PROBLEMS);
  });

  it('changes nothing on a resync when the server did not change', async () => {
    const before = withCache(data, (db) => ({
      fingerprint: cacheFingerprint(db),
      mailboxes: mailboxes(db),
    }));
    const listedBefore = await listConversations(data);
    const summary = await syncOnce(data);
    expect(summary).toEqual([
      expect.objectContaining({ added: 0, removed: 0, flagsChanged: 0, bodies: 0, actions: 0 }),
    ]);
    const after = withCache(data, (db) => ({
      fingerprint: cacheFingerprint(db),
      mailboxes: mailboxes(db),
    }));
    expect(after).toEqual(before);
    expect(await listConversations(data)).toEqual(listedBefore);
  });
});
