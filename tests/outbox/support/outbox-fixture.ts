import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { addAccount, type Account } from '../../../src/accounts/account-store.js';
import { environmentSecrets, envSecretRef } from '../../../src/accounts/secrets.js';
import { composeNew } from '../../../src/compose/index.js';
import { openDatabase, type Db } from '../../../src/db/open-database.js';
import { OutboxStore, type NewOutboxMessage } from '../../../src/outbox/outbox-store.js';
import { syncAccountOnce } from '../../../src/sync/sync-runner.js';
import { startDovecot, type Dovecot } from '../../helpers/dovecot.js';
import {
  PASSWORD,
  readAll,
  receivedOf,
  startSmtpServer,
  type TestSmtpServer,
} from '../../smtp/support/test-smtp-server.js';

/*
 * What the outbox tests send through: a private Dovecot (the account's Sent folder) and a real
 * SMTP server whose answer to a message's data each test chooses (`onData`), and a cache with the
 * account, synced once so that its Sent folder is known.
 */

export const SECRETS = environmentSecrets({ OUTBOX_PASSWORD: PASSWORD });
export const MAILBOX = { name: 'Acme Support', address: 'support@example.com' };
export const AGENT = { name: 'Dana Kim', address: 'dana@example.com' };

/** What the SMTP server does with a message's data: the default accepts it. */
export type DataHandler = (
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  callback: (error?: Error | null, message?: string) => void,
) => void;

export interface OutboxFixture {
  dovecot: Dovecot;
  smtp: TestSmtpServer;
  /** Replaced by a test to change the server's answer; `accept` puts it back. */
  onData: DataHandler;
  accept: DataHandler;
  dir: string;
  db: Db;
  account: Account;
  store: OutboxStore;
  /** The next message to queue, composed for real (a new conversation to Alice). */
  message(more?: Partial<NewOutboxMessage>): Promise<NewOutboxMessage>;
  /** The messages the SMTP server took (its 250 sent or not), by Message-ID. */
  receivedIds(): string[];
  close(): Promise<void>;
}

export async function startOutboxFixture(): Promise<OutboxFixture> {
  const dovecot = await startDovecot();
  // The server's handlers read the fixture, which is made once the server listens.
  const made: { fixture?: OutboxFixture } = {};
  const accept: DataHandler = (stream, session, callback) => {
    void readAll(stream).then((raw) => {
      made.fixture!.smtp.received.push(receivedOf(raw, session));
      callback(null, 'OK: queued as Q1');
    });
  };
  const smtp = await startSmtpServer(() => ({
    onData: (stream, session, callback) => made.fixture!.onData(stream, session, callback),
  }));
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-outbox-'));
  const db = openDatabase(join(dir, 'cache.sqlite'));
  const account = addAccount(db, {
    name: 'Support',
    email: MAILBOX.address,
    imap: {
      protocol: 'imap',
      host: dovecot.host,
      port: dovecot.port,
      user: 'support',
      secure: false,
      requireStartTls: false,
    },
    smtp: smtp.endpoint(),
    passwordRef: envSecretRef('OUTBOX_PASSWORD'),
  });
  await syncAccountOnce(db, account, SECRETS);
  let serial = 0;
  const fixture: OutboxFixture = {
    dovecot,
    smtp,
    onData: accept,
    accept,
    dir,
    db,
    account,
    store: new OutboxStore(db),
    async message(more = {}) {
      serial += 1;
      const composed = await composeNew({
        identity: { mailbox: MAILBOX, agent: AGENT, mode: 'send-as' },
        to: [{ name: 'Alice', address: 'alice@example.net' }],
        subject: `Your order ${serial}`,
        text: `Shipped today (${serial}).`,
        now: new Date(1_800_000_000_000),
      });
      return {
        accountId: account.id,
        conversationId: null,
        kind: 'new',
        messageId: composed.messageId,
        raw: composed.raw,
        envelope: composed.envelope,
        subject: composed.subject,
        authorId: null,
        authorEmail: AGENT.address,
        sendMode: 'send-as',
        startedAt: 1_800_000_000_000,
        sendAt: 1_800_000_000_000,
        scheduled: false,
        skipGuard: false,
        ...more,
      };
    },
    receivedIds: () =>
      smtp.received.map(
        (message) => /^Message-ID: <([^>]+)>/im.exec(message.raw.toString())?.[1] ?? '?',
      ),
    async close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
      await smtp.stop();
      await dovecot.stop();
    },
  };
  made.fixture = fixture;
  return fixture;
}

/**
 * The fixture as a test finds it: the server accepts, has received nothing, the outbox is empty
 * and the provider files no sent mail (Dovecot's Sent keeps what earlier tests filed).
 */
export function resetOutboxFixture(fixture: OutboxFixture): void {
  fixture.onData = fixture.accept;
  fixture.smtp.received.length = 0;
  fixture.db.exec('DELETE FROM outbox');
  fixture.db.prepare('UPDATE accounts SET provider_files_sent = 0').run();
}
