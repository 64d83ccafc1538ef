/**
 * `npm run bench:send`: the outbox's throughput to an SMTP server on loopback, and how soon a
 * teammate sees a reply.
 *
 * 1. Throughput: N messages composed and queued, then sent by one pass of the outbox's sender
 *    (the app's path: claim, `data_started_at` committed, SMTP with login, the outcome recorded),
 *    without a Sent copy and with one APPENDed to a private Dovecot's Sent folder each, against a
 *    baseline measured in the same run: the same bytes handed to nodemailer's own pooled
 *    transport (one connection, as the outbox keeps one), no outbox at all. Target: ≥ 50/s.
 * 2. A teammate sees the reply (teammate-sees.ts): Ada's app replies now; the time from the SMTP
 *    server's 250 to Ben's running app listing the conversation as replied by Ada, over the team
 *    layer. Target: ≤ 1 s at p95. And, for information, the time to Ben's conversation showing
 *    the reply itself, which his running sync brings from Sent as soon as the team tells of it.
 *
 * Env: BENCH_SEND_MESSAGES (300), BENCH_SEND_REPLIES (30).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { addAccount, type Account } from '../../src/accounts/account-store.js';
import { environmentSecrets, envSecretRef } from '../../src/accounts/secrets.js';
import { composeNew, type ComposedMessage } from '../../src/compose/index.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { OutboxSender } from '../../src/outbox/outbox-sender.js';
import { OutboxStore } from '../../src/outbox/outbox-store.js';
import { imapConnectionPool } from '../../src/imap/imap-connection-pool.js';
import { imapSentCopies } from '../../src/outbox/sent-copies.js';
import { submissionPool } from '../../src/smtp/submission-pool.js';
import { syncAccountOnce } from '../../src/sync/sync-runner.js';
import { startDovecot } from '../helpers/dovecot.js';
import { teammateSees } from './support/teammate-sees.js';

const MESSAGES = Number(process.env.BENCH_SEND_MESSAGES ?? 300);
const REPLIES = Number(process.env.BENCH_SEND_REPLIES ?? 30);
const THROUGHPUT_TARGET = 50;
const SEE_TARGET_MS = 1000;
const USER = 'support';
const PASSWORD = 'secret';
const SECRETS = environmentSecrets({ BENCH_SEND_PASSWORD: PASSWORD });

const log = (line = '') => process.stdout.write(`${line}\n`);

/** An SMTP server on loopback that takes every message (logins as support / secret). */
async function startSink(): Promise<{
  port: number;
  received: () => number;
  stop(): Promise<void>;
}> {
  let received = 0;
  const server = new SMTPServer({
    logger: false,
    // A reverse lookup of 127.0.0.1 per connection would be the server's time, not the sender's.
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) =>
      auth.username === USER && auth.password === PASSWORD
        ? callback(null, { user: USER })
        : callback(new Error('5.7.8 Authentication credentials invalid')),
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        received += 1;
        callback(null, 'OK: queued');
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received: () => received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function compose(count: number): Promise<ComposedMessage[]> {
  const messages: ComposedMessage[] = [];
  for (let i = 0; i < count; i += 1)
    messages.push(
      await composeNew({
        identity: {
          mailbox: { name: 'Support', address: 'support@example.com' },
          agent: { name: 'Ada', address: 'ada@example.com' },
          mode: 'send-as',
        },
        to: [{ name: 'Customer', address: `customer${i}@example.net` }],
        subject: `Your order ${i}`,
        // A typical reply: a few paragraphs of text.
        text: 'Thanks for your order. It ships today; you will get a tracking number soon.\n\n'.repeat(
          20,
        ),
        now: new Date(),
      }),
    );
  return messages;
}

/** Messages per second of one sender pass over `messages` freshly queued. */
async function outboxRate(
  db: Db,
  account: Account,
  messages: ComposedMessage[],
  withSentCopy: boolean,
): Promise<number> {
  db.exec('DELETE FROM outbox');
  const store = new OutboxStore(db);
  const now = Date.now();
  for (const message of messages)
    store.queue(
      {
        accountId: account.id,
        conversationId: null,
        kind: 'new',
        messageId: message.messageId,
        raw: message.raw,
        envelope: message.envelope,
        subject: message.subject,
        authorId: null,
        authorEmail: 'ada@example.com',
        sendMode: 'send-as',
        startedAt: now,
        sendAt: now,
        scheduled: false,
        skipGuard: true,
      },
      now,
    );
  // As the app sends: one SMTP session kept from message to message (src/smtp/submission-pool.ts).
  const pool = submissionPool();
  const sender = new OutboxSender({
    db,
    secrets: SECRETS,
    now: () => Date.now(),
    submit: (options) => pool.submit(options),
    ...(withSentCopy ? { sentCopies: imapSentCopies(db, imapConnectionPool(SECRETS, 2000)) } : {}),
  });
  const started = performance.now();
  const report = await sender.sendDue();
  const seconds = (performance.now() - started) / 1000;
  pool.close();
  if (report.sent.length !== messages.length)
    throw new Error(`sent ${report.sent.length} of ${messages.length}: ${JSON.stringify(report)}`);
  return messages.length / seconds;
}

/**
 * The baseline: the same bytes through nodemailer's own pooled transport (one connection, one
 * message after another, as the outbox sends), no outbox at all.
 */
async function nodemailerRate(port: number, messages: ComposedMessage[]): Promise<number> {
  const transport = createTransport({
    pool: true,
    maxConnections: 1,
    maxMessages: Number.POSITIVE_INFINITY,
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    auth: { user: USER, pass: PASSWORD },
  });
  const started = performance.now();
  for (const message of messages)
    await transport.sendMail({ envelope: message.envelope, raw: message.raw });
  const rate = messages.length / ((performance.now() - started) / 1000);
  transport.close();
  return rate;
}

async function throughput(): Promise<number> {
  const dovecot = await startDovecot();
  const sink = await startSink();
  const dir = mkdtempSync(join(tmpdir(), 'bench-send-'));
  const db = openDatabase(join(dir, 'cache.sqlite'));
  try {
    const account = addAccount(db, {
      name: 'Support',
      email: 'support@example.com',
      imap: {
        protocol: 'imap',
        host: dovecot.host,
        port: dovecot.port,
        user: USER,
        secure: false,
        requireStartTls: false,
      },
      smtp: {
        protocol: 'smtp',
        host: '127.0.0.1',
        port: sink.port,
        user: USER,
        secure: false,
        requireStartTls: false,
      },
      passwordRef: envSecretRef('BENCH_SEND_PASSWORD'),
    });
    await syncAccountOnce(db, account, SECRETS);
    const messages = await compose(MESSAGES);
    // A first small round warms the paths up (JIT, the server's first connections).
    await nodemailerRate(sink.port, messages.slice(0, 10));
    const baseline = await nodemailerRate(sink.port, messages);
    const bare = await outboxRate(db, account, messages, false);
    const copied = await outboxRate(db, account, await compose(MESSAGES), true);
    log(
      `outbox throughput, ${MESSAGES} messages of ${messages[0]!.raw.length} bytes to an SMTP server on loopback:`,
    );
    log(
      `  nodemailer sendMail, no outbox (baseline)   ${baseline.toFixed(1).padStart(7)} messages/s`,
    );
    log(
      `  outbox, no Sent copy                        ${bare.toFixed(1).padStart(7)} messages/s  ${(bare / baseline).toFixed(2)}× the baseline: ${bare >= THROUGHPUT_TARGET ? 'meets' : 'MISSES'} ≥ ${THROUGHPUT_TARGET}/s`,
    );
    log(
      `  outbox, each copied to Sent (IMAP APPEND)   ${copied.toFixed(1).padStart(7)} messages/s  ${(copied / baseline).toFixed(2)}× the baseline: ${copied >= THROUGHPUT_TARGET ? 'meets' : 'MISSES'} ≥ ${THROUGHPUT_TARGET}/s`,
    );
    return Math.min(bare, copied);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await sink.stop();
    await dovecot.stop();
  }
}

async function main(): Promise<void> {
  const rate = await throughput();
  log();
  const { listed: seen, message } = await teammateSees(REPLIES);
  log(
    `a teammate sees a reply (the SMTP server's 250 to Ben's list showing it replied by Ada), ${REPLIES} replies:`,
  );
  log(
    `  median ${seen.median.toFixed(0)} ms, p95 ${seen.p95.toFixed(0)} ms: ${seen.p95 <= SEE_TARGET_MS ? 'meets' : 'MISSES'} ≤ ${SEE_TARGET_MS} ms`,
  );
  log(
    `  and the reply itself in Ben's conversation (from Sent): median ${message.median.toFixed(0)} ms, p95 ${message.p95.toFixed(0)} ms`,
  );
  log();
  log(
    `slowest outbox throughput ${rate.toFixed(1)} messages/s (target ≥ ${THROUGHPUT_TARGET}); a teammate sees a reply at p95 ${seen.p95.toFixed(0)} ms (target ≤ ${SEE_TARGET_MS})`,
  );
}

await main();
