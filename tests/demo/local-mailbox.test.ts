import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, addLocalAccount } from '../../src/accounts/account-store.js';
import { environmentSecrets } from '../../src/accounts/secrets.js';
import { parseServerUrl } from '../../src/accounts/server-url.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { demoMessageBytes } from '../../src/demo/demo-mail.js';
import { planDemo } from '../../src/demo/demo-plan.js';
import { seededRandom } from '../../src/demo/random.js';
import { BlobStore } from '../../src/files/blob-store.js';
import { openCacheWriter } from '../../src/store/cache-writer.js';
import {
  appendLocalMessages,
  createLocalFolders,
  localSentCopies,
} from '../../src/sync/local-mailbox.js';
import type { OutboxSenderOptions } from '../../src/outbox/outbox-sender.js';
import type { OutboxEntry } from '../../src/outbox/outbox-store.js';
import { syncAccountOnce } from '../../src/sync/sync-runner.js';
import { MIME_FIXTURES, readMimeFixture } from '../fixtures/mime/catalog.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';

/*
 * A local mailbox (src/sync/local-mailbox.ts, the demo's) files mail exactly as the sync files
 * the same bytes fetched from an IMAP server: the same messages in one cache appended to Dovecot
 * and synced, in another filed locally, and every row the inbox, threading and search read
 * compared. The bytes: the broken-MIME fixtures, nested MIME shapes, and a sample of the demo's
 * own messages (plain, HTML, both, attachments, replies).
 */

const USER = 'support';
const EMAIL = 'support@example.com';
const ARRIVED = new Date('2026-03-02T08:00:00Z');

/** MIME shapes beyond the fixtures: nested multiparts, an inline image, RFC 2231, a preamble. */
const SHAPES = [
  [
    'Message-ID: <nested@shapes.test>',
    'From: Ana <ana@customer.example>',
    'To: support@example.com',
    'Subject: Nested parts',
    'Date: Mon, 02 Mar 2026 07:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    'This is the preamble, which is no part.',
    '--outer',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Caf=C3=A9 opens at nine; a line mentioning --outer mid-line stays text.',
    '--alt',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Caf\u00e9 <img src="cid:logo@shapes.test"></p>',
    '--rel',
    'Content-Type: image/png',
    'Content-ID: <logo@shapes.test>',
    'Content-Transfer-Encoding: base64',
    '',
    'iVBORw0KGgo=',
    '--rel--',
    '--alt--',
    '--outer',
    "Content-Type: application/pdf; name*=utf-8''r%C3%A9sum%C3%A9.pdf",
    "Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf",
    'Content-Transfer-Encoding: base64',
    '',
    'JVBERi0xLjQK',
    '--outer--',
    'The epilogue, no part either.',
    '',
  ].join('\r\n'),
].map((text) => Buffer.from(text, 'utf8'));

/** A plain message, replying to `inReplyTo` when given. */
function mail(messageId: string, subject: string, inReplyTo?: string): Buffer {
  return Buffer.from(
    [
      `Message-ID: <${messageId}>`,
      ...(inReplyTo ? [`In-Reply-To: <${inReplyTo}>`, `References: <${inReplyTo}>`] : []),
      inReplyTo ? `From: Support <${EMAIL}>` : 'From: Ana <ana@customer.example>',
      inReplyTo ? 'To: Ana <ana@customer.example>' : `To: ${EMAIL}`,
      `Subject: ${subject}`,
      'Date: Mon, 02 Mar 2026 08:00:00 +0000',
      '',
      'Text.',
      '',
    ].join('\r\n'),
  );
}

let dovecot: Dovecot;
let root: string;
const messages: Buffer[] = [];

beforeAll(async () => {
  const plan = planDemo(seededRandom(7), ARRIVED.getTime(), 40);
  for (const conversation of plan.conversations.slice(0, 25))
    for (let index = 0; index < conversation.messages.length; index += 1)
      messages.push(await demoMessageBytes(conversation, index));
  for (const { file } of MIME_FIXTURES) messages.push(readMimeFixture(file));
  messages.push(...SHAPES);
  dovecot = await startDovecot();
  root = await mkdtemp(join(tmpdir(), 'switchboard-local-mailbox-'));
});

afterAll(async () => {
  await dovecot?.stop();
  await rm(root, { recursive: true, force: true });
});

/** What the inbox, threading and search read of each message, keyed by its dedupe key. */
function filed(db: Db): Map<string, unknown> {
  const rows = db
    .prepare(
      `SELECT m.dedupe_key, m.conversation_id, m.message_id, m.thread_node, m.in_reply_to, m.references_json,
              m.subject, m.from_name, m.from_address, m.to_json, m.cc_json, m.reply_to_json, m.participants,
              m.sent_at, m.received_at, m.size, m.has_attachments, m.text_part_json, m.body_state, m.body_text,
              m.problems, m.list_id,
              (SELECT json_group_array(json_array(part, filename, content_type, content_id, disposition))
                 FROM (SELECT * FROM attachments a WHERE a.message_id = m.id ORDER BY part)) AS attachments,
              (SELECT group_concat(l.flags, '|') FROM message_locations l WHERE l.message_id = m.id) AS flags
       FROM messages m`,
    )
    .all() as Array<{ dedupe_key: string }>;
  return new Map(rows.map((row) => [row.dedupe_key, row]));
}

describe('a local mailbox', () => {
  it('files mail as the sync files the same bytes from an IMAP server', async () => {
    for (const raw of messages)
      await appendMessage(dovecot, USER, 'INBOX', raw, ['\\Seen'], ARRIVED);
    const synced = openDatabase(join(root, 'synced.sqlite'));
    const local = openDatabase(join(root, 'local.sqlite'));
    try {
      const password = dovecot.users.find((user) => user.user === USER)!.password;
      const server = addAccount(synced, {
        name: 'Support',
        email: EMAIL,
        imap: parseServerUrl(`imap://${USER}@${dovecot.host}:${dovecot.port}`, 'imap'),
        passwordRef: 'env:PASSWORD',
      });
      await syncAccountOnce(synced, server, environmentSecrets({ PASSWORD: password }));

      const account = addLocalAccount(local, { name: 'Support', email: EMAIL });
      const cache = openCacheWriter(local);
      const mailbox = { db: local, cache, blobs: new BlobStore(join(root, 'blobs')), account };
      try {
        await createLocalFolders(mailbox, [
          { path: 'INBOX', name: 'INBOX', delimiter: '/', role: 'inbox' },
        ]);
        await appendLocalMessages(
          mailbox,
          'INBOX',
          messages.map((raw) => ({ raw, flags: ['\\Seen'], receivedAt: ARRIVED })),
        );
      } finally {
        await cache.close();
      }

      const fromServer = filed(synced);
      expect(fromServer.size).toBe(messages.length);
      expect(filed(local)).toEqual(fromServer);
      // Threaded alike, into conversations that summarize alike.
      const conversations = (db: Db) =>
        db
          .prepare(
            `SELECT id, root_node, subject, message_count, unread_count, first_message_at, last_message_at,
                    participants_json, has_attachments FROM conversations ORDER BY id`,
          )
          .all();
      expect(conversations(local)).toEqual(conversations(synced));
      // Searched alike.
      const search = (db: Db, word: string) =>
        db
          .prepare(
            'SELECT m.dedupe_key FROM message_search s JOIN messages m ON m.search_key = s.rowid WHERE message_search MATCH ? ORDER BY 1',
          )
          .pluck()
          .all(word);
      for (const word of [
        ...MIME_FIXTURES.map((fixture) => fixture.word),
        'calendar',
        'invoice',
        'café',
      ]) {
        const found = search(local, word);
        expect(found.length, word).toBeGreaterThan(0);
        expect(found, word).toEqual(search(synced, word));
      }
    } finally {
      synced.close();
      local.close();
    }
  });

  it('keeps each message and its attachments whole, where opening them reads them', () => {
    const local = openDatabase(join(root, 'local.sqlite'));
    try {
      const blobs = new BlobStore(join(root, 'blobs'));
      const sources = local.prepare('SELECT source_hash FROM messages').pluck().all() as string[];
      const stored = sources.map((hash) => readFileSync(blobs.pathOf(hash)).toString('base64'));
      expect(stored.sort()).toEqual(messages.map((raw) => raw.toString('base64')).sort());
      const pictures = local
        .prepare("SELECT content_hash, size FROM attachments WHERE content_type = 'image/png'")
        .all() as Array<{ content_hash: string; size: number }>;
      expect(pictures.length).toBeGreaterThan(0);
      for (const picture of pictures) {
        const bytes = readFileSync(blobs.pathOf(picture.content_hash));
        expect(bytes.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
        expect(bytes.length).toBe(picture.size);
      }
    } finally {
      local.close();
    }
  });

  it("files the outbox's Sent copy of a local account's reply into its conversation at once", async () => {
    const db = openDatabase(join(root, 'sent.sqlite'));
    try {
      const account = addLocalAccount(db, { name: 'Support', email: EMAIL });
      const blobs = new BlobStore(join(root, 'sent-blobs'));
      const cache = openCacheWriter(db);
      try {
        await createLocalFolders({ db, cache, blobs, account }, [
          { path: 'INBOX', name: 'INBOX', delimiter: '/', role: 'inbox' },
          { path: 'Sent', name: 'Sent', delimiter: '/', role: 'sent' },
        ]);
        await appendLocalMessages({ db, cache, blobs, account }, 'INBOX', [
          {
            raw: mail('question@customer.example', 'Where is my invoice?'),
            flags: [],
            receivedAt: ARRIVED,
          },
        ]);
      } finally {
        await cache.close();
      }
      // What the outbox takes: a local account's Sent, in the shape of its IMAP one.
      const told: string[][] = [];
      const copies: NonNullable<OutboxSenderOptions['sentCopies']> = localSentCopies(
        db,
        blobs,
        (ids) => told.push(ids),
      );
      const reply = mail(
        'reply@example.com',
        'Re: Where is my invoice?',
        'question@customer.example',
      );
      expect(await copies.holds(account, { messageId: 'reply@example.com' } as OutboxEntry)).toBe(
        false,
      );
      await copies.append(account, reply, new Date(ARRIVED.getTime() + 60_000));
      expect(await copies.holds(account, { messageId: 'reply@example.com' } as OutboxEntry)).toBe(
        true,
      );
      const rows = db
        .prepare(
          `SELECT m.message_id, m.conversation_id, mb.path, l.seen FROM messages m
           JOIN message_locations l ON l.message_id = m.id JOIN mailboxes mb ON mb.id = l.mailbox_id ORDER BY m.id`,
        )
        .all() as Array<{
        message_id: string;
        conversation_id: string;
        path: string;
        seen: number;
      }>;
      expect(rows.map((row) => [row.message_id, row.path, row.seen])).toEqual([
        ['question@customer.example', 'INBOX', 0],
        ['reply@example.com', 'Sent', 1],
      ]);
      expect(told).toEqual([[rows[0]!.conversation_id]]);
      expect(rows[1]!.conversation_id).toBe(rows[0]!.conversation_id);
    } finally {
      db.close();
    }
  });
});
