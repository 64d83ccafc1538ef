import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectImap } from '../../src/imap/connect.js';
import { OutboxSender, type SendReport } from '../../src/outbox/outbox-sender.js';
import type { OutboxEntry } from '../../src/outbox/outbox-store.js';
import { imapConnectionPool } from '../../src/imap/imap-connection-pool.js';
import { imapSentCopies } from '../../src/outbox/sent-copies.js';
import { submitMessage } from '../../src/smtp/submit-message.js';
import { until } from '../helpers/wait.js';
import { PASSWORD, readAll, receivedOf } from '../smtp/support/test-smtp-server.js';
import {
  resetOutboxFixture,
  SECRETS,
  startOutboxFixture,
  type OutboxFixture,
} from './support/outbox-fixture.js';
import { startSenderChild, type SenderChild } from './support/sender-child.js';
import type { Stop } from './support/stopping-sender.js';

/*
 * Never twice, never lost (issue 10 §3): the outbox sender, in a process of its own on the same
 * cache file, is SIGKILLed at each step of a send, and a fresh sender (recover(), then sendDue())
 * finishes the job against a server that answers. By Message-ID: how often the SMTP server got
 * the message's data (twice only when the agent resends), the state it ends in, and its bytes
 * still in the outbox as queued.
 */

let f: OutboxFixture;
const now = 1_800_000_000_000;
const children: SenderChild[] = [];

beforeAll(async () => {
  f = await startOutboxFixture();
}, 30_000);

afterAll(async () => {
  await f?.close();
});

beforeEach(() => resetOutboxFixture(f));

afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
});

interface Queued {
  entry: OutboxEntry;
  raw: Buffer;
}

async function queue(): Promise<Queued> {
  const message = await f.message();
  return { entry: f.store.queue(message, now), raw: message.raw };
}

/** The sender in a child process on the fixture's cache file, stopped at `stop` if given. */
function senderChild(stop?: Stop): SenderChild {
  const child = startSenderChild({ cachePath: f.db.name, password: PASSWORD, now, stop });
  children.push(child);
  return child;
}

/** The sender in a child process, once it stands (blocked) at `stop`. */
async function stoppedAt(stop: Stop): Promise<SenderChild> {
  const child = senderChild(stop);
  await child.reached(stop);
  return child;
}

/** A pass of the next sender that sent nothing (what it recovered is not in the report). */
const NOTHING_SENT: SendReport = { sent: [], retrying: [], failed: [], unknown: [], held: [] };

/**
 * Kills the child and waits until the SMTP server has seen every connection end: from then on
 * nothing the dead sender started can still arrive.
 */
async function kill(child: SenderChild): Promise<void> {
  await child.kill();
  await until(
    () => `the SMTP server to see every connection closed (${f.smtp.events.join(', ')})`,
    () => f.smtp.closed === f.smtp.sockets.length,
  );
}

/** What the next start of the app does: a fresh sender recovers, then sends what is due. */
async function nextSender(): Promise<SendReport> {
  const sender = new OutboxSender({
    db: f.db,
    secrets: SECRETS,
    now: () => now,
    submit: submitMessage,
    sentCopies: imapSentCopies(f.db, imapConnectionPool(SECRETS, 2000)),
  });
  await sender.recover();
  return sender.sendDue();
}

/** How many times the SMTP server got this message's data (its 250 sent or not). */
function timesReceived(messageId: string): number {
  return f.receivedIds().filter((id) => id === messageId).length;
}

/** How many copies of this message the account's Sent folder holds, in Dovecot. */
async function copiesInSent(messageId: string): Promise<number> {
  const client = await connectImap(f.account, SECRETS);
  try {
    const lock = await client.getMailboxLock('Sent', { readOnly: true });
    try {
      const found = await client.search(
        { header: { 'message-id': `<${messageId}>` } },
        { uid: true },
      );
      return Array.isArray(found) ? found.length : 0;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

/** What a case ends with, by the message's Message-ID and outbox id. */
interface Outcome {
  /** How many times the SMTP server got the message's data, in all. */
  received: number;
  /** The row, as the next sender left it. */
  entry: Partial<OutboxEntry>;
  /** How many copies the account's Sent folder holds, when the case says. */
  inSent?: number;
}

/**
 * Every case's end: the server got the message as often as said, each time the bytes queued
 * (Message-ID unchanged); the row is in the state said; nothing is lost (the row is there, its
 * bytes are the bytes queued).
 */
async function expectOutcome({ entry, raw }: Queued, outcome: Outcome): Promise<void> {
  expect(timesReceived(entry.messageId)).toBe(outcome.received);
  for (const received of f.smtp.received) expect(received.raw.equals(raw)).toBe(true);
  expect(f.store.require(entry.id)).toMatchObject(outcome.entry);
  if (outcome.inSent !== undefined)
    expect(await copiesInSent(entry.messageId)).toBe(outcome.inSent);
  expect(f.store.raw(entry.id).equals(raw)).toBe(true);
}

/**
 * The server takes the whole message, records it and never answers its final dot: the sender
 * waits for the reply, and the test kills it then.
 */
function holdTheReply(): Promise<void> {
  return new Promise((resolve) => {
    f.onData = (stream, session) => {
      void readAll(stream).then((raw) => {
        f.smtp.received.push(receivedOf(raw, session));
        resolve();
      });
    };
  });
}

/** The sender killed while the server holds its reply to the message's final dot. */
async function killWhileTheServerHoldsTheReply(queued: Queued): Promise<void> {
  const held = holdTheReply();
  const child = senderChild();
  await child.whileAlive('the SMTP server received the message', held);
  expect(f.store.require(queued.entry.id)).toMatchObject({ state: 'sending', attempts: 1 });
  expect(f.store.require(queued.entry.id).dataStartedAt).not.toBeNull();
  await kill(child);
  f.onData = f.accept;
}

describe('the outbox sender killed at each step', () => {
  it('after the claim, before any connection: nothing went out, so the next sender sends it, once', async () => {
    const queued = await queue();
    const connections = f.smtp.sockets.length;
    const child = await stoppedAt('after-claim');
    expect(f.store.require(queued.entry.id)).toMatchObject({
      state: 'sending',
      attempts: 1,
      dataStartedAt: null,
    });
    expect(f.smtp.sockets).toHaveLength(connections);
    await kill(child);

    expect((await nextSender()).sent).toEqual([queued.entry.id]);
    await expectOutcome(queued, {
      received: 1,
      entry: { state: 'sent', attempts: 2, sentCopy: 'appended' },
      inSent: 1,
    });
  });

  it('after data_started_at was committed, before DATA: unknown, and not sent by the next sender', async () => {
    const queued = await queue();
    const events = f.smtp.events.length;
    const child = await stoppedAt('after-data-started');
    // The server accepted the envelope; the hook's record is committed, visible to this process.
    expect(f.smtp.events.slice(events).filter((event) => event !== 'close')).toEqual([
      'mail support@example.com',
      'rcpt alice@example.net',
    ]);
    expect(f.store.require(queued.entry.id).dataStartedAt).toBe(now);
    await kill(child);

    expect(await nextSender()).toEqual(NOTHING_SENT);
    // Conservative: nothing reached the server, but the step was recorded: the agent's call.
    await expectOutcome(queued, {
      received: 0,
      entry: {
        state: 'unknown',
        attempts: 1,
        reason: expect.stringContaining('the server may have it') as string,
      },
    });
  });

  it('while the server holds its reply to the final dot: unknown, received once, not sent again', async () => {
    const queued = await queue();
    await killWhileTheServerHoldsTheReply(queued);

    expect(await nextSender()).toEqual(NOTHING_SENT);
    // Nor by any later start.
    expect(await nextSender()).toEqual(NOTHING_SENT);
    await expectOutcome(queued, {
      received: 1,
      entry: { state: 'unknown', attempts: 1 },
      inSent: 0,
    });
  });

  it('while the server holds its reply, when the provider files sent mail: found in Sent, so sent, received once', async () => {
    f.db.prepare('UPDATE accounts SET provider_files_sent = 1').run();
    const queued = await queue();
    await killWhileTheServerHoldsTheReply(queued);
    // The provider delivered it and filed it in Sent itself.
    const client = await connectImap(f.account, SECRETS);
    try {
      await client.append('Sent', f.smtp.received[0]!.raw, ['\\Seen']);
    } finally {
      await client.logout();
    }

    expect(await nextSender()).toEqual(NOTHING_SENT);
    // The provider's copy only: none appended by the outbox.
    await expectOutcome(queued, {
      received: 1,
      entry: { state: 'sent', attempts: 1, sentAt: now, sentCopy: 'provider' },
      inSent: 1,
    });
  });

  it('while the server holds its reply, then the agent resends it: received a second time, same Message-ID', async () => {
    const queued = await queue();
    await killWhileTheServerHoldsTheReply(queued);
    expect(await nextSender()).toEqual(NOTHING_SENT);
    await expectOutcome(queued, { received: 1, entry: { state: 'unknown' } });

    // The agent's decision (outbox resend): the only way a message goes twice.
    f.store.release(queued.entry.id, { anyway: false, now });
    expect((await nextSender()).sent).toEqual([queued.entry.id]);
    expect(f.smtp.received).toHaveLength(2);
    await expectOutcome(queued, {
      received: 2,
      entry: { state: 'sent', attempts: 2, sentCopy: 'appended' },
      inSent: 1,
    });
  });

  it.each([
    ["after the server's 250 was recorded, before the Sent copy", 'before-sent-copy', 0],
    ['after the Sent copy was appended, before that was recorded', 'after-sent-copy', 1],
  ] as const)(
    '%s: sent, received once, its Sent copy filed exactly once in the end',
    async (_, stop, inSentAtStop) => {
      const queued = await queue();
      const child = await stoppedAt(stop);
      await expectOutcome(queued, {
        received: 1,
        entry: { state: 'sent', sentCopy: 'pending' },
        inSent: inSentAtStop,
      });
      await kill(child);

      // The next sender files the copy that is missing, and looks before appending one again.
      expect(await nextSender()).toEqual(NOTHING_SENT);
      await expectOutcome(queued, {
        received: 1,
        entry: { state: 'sent', attempts: 1, sentCopy: 'appended' },
        inSent: 1,
      });
    },
  );
});
