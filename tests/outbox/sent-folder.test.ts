import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, type Account } from '../../src/accounts/account-store.js';
import { environmentSecrets, envSecretRef } from '../../src/accounts/secrets.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { connectImap } from '../../src/imap/connect.js';
import { appendToSent, sentFolderPath, sentHolds } from '../../src/outbox/sent-folder.js';
import { syncAccountOnce } from '../../src/sync/sync-runner.js';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';

const secrets = environmentSecrets({ SENT_TEST_PASSWORD: 'secret' });
let dovecot: Dovecot;
let dir: string;
let db: Db;
let account: Account;

beforeAll(async () => {
  dovecot = await startDovecot();
  dir = mkdtempSync(join(tmpdir(), 'switchboard-sent-'));
  db = openDatabase(join(dir, 'cache.sqlite'));
  account = addAccount(db, {
    name: 'Support',
    email: 'support@example.com',
    imap: {
      protocol: 'imap',
      host: dovecot.host,
      port: dovecot.port,
      user: 'support',
      secure: false,
      requireStartTls: false,
    },
    passwordRef: envSecretRef('SENT_TEST_PASSWORD'),
  });
  await syncAccountOnce(db, account, secrets);
}, 30_000);

afterAll(async () => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
  await dovecot?.stop();
});

const sentMessage = (messageId: string) =>
  Buffer.from(
    [
      `Message-ID: <${messageId}>`,
      'From: "Acme Support" <support@example.com>',
      'To: alice@example.net',
      'Subject: Re: Printer',
      'Date: Sat, 05 Dec 2026 09:00:00 +0000',
      '',
      'Fixed.',
      '',
    ].join('\r\n'),
  );

describe('the Sent folder', () => {
  it('is the special-use \\Sent folder the sync found, and none for an account without one', () => {
    expect(sentFolderPath(db, account.id)).toBe('Sent');
    expect(sentFolderPath(db, 'no-such-account')).toBeUndefined();
  });

  it('takes a sent copy, seen, and finds it by its Message-ID, and no other', async () => {
    const client = await connectImap(account, secrets);
    try {
      const sentAt = new Date('2026-12-05T09:00:00Z');
      await appendToSent(client, 'Sent', sentMessage('reply-1@example.com'), sentAt);
      expect(await sentHolds(client, 'Sent', 'reply-1@example.com')).toBe(true);
      expect(await sentHolds(client, 'Sent', 'reply-2@example.com')).toBe(false);
      // A Message-ID the found one starts with is not it (the whole id, brackets included).
      expect(await sentHolds(client, 'Sent', 'reply-1@example.co')).toBe(false);

      const lock = await client.getMailboxLock('Sent');
      try {
        const copies = [];
        for await (const copy of client.fetch('1:*', { flags: true, internalDate: true }))
          copies.push(copy);
        expect(copies).toHaveLength(1);
        expect([...(copies[0]!.flags ?? [])]).toContain('\\Seen');
        expect(new Date(copies[0]!.internalDate!).toISOString()).toBe(sentAt.toISOString());
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });
});
