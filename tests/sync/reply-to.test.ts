import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, type Account } from '../../src/accounts/account-store.js';
import type { SecretSource } from '../../src/accounts/secrets.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { BULK_LOAD_FROM } from '../../src/store/bulk-load.js';
import { syncAccountOnce } from '../../src/sync/sync-runner.js';
import { appendMessage, seedCorpus, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { testAccount } from '../imap/support/bulk-account.js';
import { plainMessage, uniqueMessageId } from './support/mail.js';

/*
 * A reply goes to the Reply-To addresses when the message has them (RFC 5322 §3.6.2): web forms
 * and notification senders put the person to answer there, not in From. The sync keeps them in
 * messages.reply_to_json, `[]` for a message that has none, on a folder's first sync (thousands of
 * messages: the bulk load) and on a later one (a few new messages).
 */

const USER = 'support';

/** Two Reply-To addresses, one with a non-ASCII RFC 2047 display name, folded over two lines. */
const REPLY_TO_HEADER =
  'Reply-To: =?UTF-8?Q?Zo=C3=AB_=C3=85ngstr=C3=B6m?= <zoe@customer.example>,\r\n "Web Forms" <forms@example.com>';
const REPLY_TO = [
  { name: 'Zoë Ångström', address: 'zoe@customer.example' },
  { name: 'Web Forms', address: 'forms@example.com' },
];

function formMessage(messageId: string, subject: string, replyTo: boolean): string {
  const raw = plainMessage({
    from: 'Contact form <noreply@forms.example>',
    to: 'support@example.com',
    subject,
    date: new Date(Date.UTC(2026, 2, 3, 10, 0)),
    messageId,
    text: 'A question sent through the contact form.',
  });
  return replyTo ? `${REPLY_TO_HEADER}\r\n${raw}` : raw;
}

let dovecot: Dovecot;
let dir: string;
let db: Db;
let account: Account;
let secrets: SecretSource;

/** What the cache keeps of a message's Reply-To, as stored (undefined: no such message). */
function storedReplyTo(messageId: string): string | null | undefined {
  const row = db
    .prepare('SELECT reply_to_json FROM messages WHERE message_id = ?')
    .get(messageId) as { reply_to_json: string | null } | undefined;
  return row?.reply_to_json;
}

beforeAll(async () => {
  dovecot = await startDovecot();
  dir = mkdtempSync(join(tmpdir(), 'switchboard-reply-to-'));
  db = openDatabase(join(dir, 'cache.sqlite'));
  // Stored as `accounts add` stores it: the sync files its folders under the account's row.
  const { account: endpoint, secrets: passwords } = testAccount(dovecot, { user: USER });
  account = addAccount(db, endpoint);
  secrets = passwords;
});

afterAll(async () => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await dovecot?.stop();
});

describe('Reply-To in the cache', () => {
  const first = {
    withReplyTo: uniqueMessageId('form-first'),
    without: uniqueMessageId('plain-first'),
  };
  const later = {
    withReplyTo: uniqueMessageId('form-later'),
    without: uniqueMessageId('plain-later'),
  };

  it("a folder's first sync (a bulk load) keeps the Reply-To addresses, [] when there are none", async () => {
    // Enough messages that the first sync of INBOX loads in bulk mode (folder-sync.ts).
    await seedCorpus(dovecot, USER, BULK_LOAD_FROM, 200, 10);
    await appendMessage(dovecot, USER, 'INBOX', formMessage(first.withReplyTo, 'Form', true));
    await appendMessage(dovecot, USER, 'INBOX', formMessage(first.without, 'Plain', false));
    const result = await syncAccountOnce(db, account, secrets, {}, { bodies: false });
    expect(result.folders.find((folder) => folder.path === 'INBOX')?.added).toBe(
      BULK_LOAD_FROM + 2,
    );

    expect(JSON.parse(storedReplyTo(first.withReplyTo) ?? 'null')).toEqual(REPLY_TO);
    expect(storedReplyTo(first.without)).toBe('[]');
  });

  it('a later sync of a few new messages keeps them too', async () => {
    expect(storedReplyTo(first.withReplyTo)).toBeDefined();
    await appendMessage(dovecot, USER, 'INBOX', formMessage(later.withReplyTo, 'Form 2', true));
    await appendMessage(dovecot, USER, 'INBOX', formMessage(later.without, 'Plain 2', false));
    const result = await syncAccountOnce(db, account, secrets, {}, { bodies: false });
    expect(result.folders.find((folder) => folder.path === 'INBOX')?.added).toBe(2);

    expect(JSON.parse(storedReplyTo(later.withReplyTo) ?? 'null')).toEqual(REPLY_TO);
    expect(storedReplyTo(later.without)).toBe('[]');
  });

  it('stores it as to_json is stored (one JSON array of {name, address})', () => {
    const row = db
      .prepare('SELECT to_json, reply_to_json FROM messages WHERE message_id = ?')
      .get(later.withReplyTo) as { to_json: string; reply_to_json: string };
    expect(row.to_json).toBe(JSON.stringify([{ name: '', address: 'support@example.com' }]));
    expect(row.reply_to_json).toBe(JSON.stringify(REPLY_TO));
  });
});
