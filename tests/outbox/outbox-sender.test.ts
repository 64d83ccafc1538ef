import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateAccount } from '../../src/accounts/account-store.js';
import { connectImap } from '../../src/imap/connect.js';
import { OutboxSender, type OutboxSenderOptions } from '../../src/outbox/outbox-sender.js';
import type { HeldFinding, OutboxEntry } from '../../src/outbox/outbox-store.js';
import { imapConnectionPool } from '../../src/imap/imap-connection-pool.js';
import { imapSentCopies } from '../../src/outbox/sent-copies.js';
import { sentHolds } from '../../src/outbox/sent-folder.js';
import { submitMessage } from '../../src/smtp/submit-message.js';
import { readAll, replyError } from '../smtp/support/test-smtp-server.js';
import { SECRETS, startOutboxFixture, type OutboxFixture } from './support/outbox-fixture.js';

let f: OutboxFixture;
let now: number;
let told: Array<Pick<OutboxEntry, 'id' | 'state'>>;

beforeAll(async () => {
  f = await startOutboxFixture();
}, 30_000);

afterAll(async () => {
  await f?.close();
});

beforeEach(() => {
  f.onData = f.accept;
  f.smtp.received.length = 0;
  f.db.exec('DELETE FROM outbox');
  f.db.prepare('UPDATE accounts SET provider_files_sent = 0').run();
  now = 1_800_000_000_000;
  told = [];
});

function sender(more: Partial<OutboxSenderOptions> = {}): OutboxSender {
  return new OutboxSender({
    db: f.db,
    secrets: SECRETS,
    now: () => now,
    submit: submitMessage,
    sentCopies: imapSentCopies(f.db, imapConnectionPool(SECRETS, 2000)),
    changed: (entry) => told.push({ id: entry.id, state: entry.state }),
    ...more,
  });
}

async function inSent(messageId: string): Promise<boolean> {
  const client = await connectImap(f.account, SECRETS);
  try {
    return await sentHolds(client, 'Sent', messageId);
  } finally {
    await client.logout();
  }
}

describe('the outbox sender', () => {
  it('sends a due message once, records it sent, files its copy in Sent and tells each step', async () => {
    const queued = f.store.queue(await f.message(), now);
    const waiting = f.store.queue(await f.message({ sendAt: now + 10_000 }), now);
    const report = await sender().sendDue();
    expect(report).toEqual({ sent: [queued.id], retrying: [], failed: [], unknown: [], held: [] });
    expect(f.receivedIds()).toEqual([queued.messageId]);
    // The bytes queued are the bytes sent, to the envelope queued.
    expect(f.smtp.received[0]!.raw.equals(f.store.raw(queued.id))).toBe(true);
    expect(f.smtp.received[0]!.to).toEqual(['alice@example.net']);
    expect(f.store.require(queued.id)).toMatchObject({
      state: 'sent',
      attempts: 1,
      sentAt: now,
      sentCopy: 'appended',
    });
    expect(await inSent(queued.messageId)).toBe(true);
    expect(told).toEqual([
      { id: queued.id, state: 'sending' },
      { id: queued.id, state: 'sent' },
      { id: queued.id, state: 'sent' },
    ]);
    // Not yet due: left alone; a second pass sends nothing again.
    expect(f.store.require(waiting.id).state).toBe('queued');
    expect((await sender().sendDue()).sent).toEqual([]);
    expect(f.receivedIds()).toEqual([queued.messageId]);
  });

  it('retries a 4xx after its delay with the same Message-ID, and sends it then', async () => {
    f.onData = (stream, _session, callback) => {
      void readAll(stream).then(() => callback(replyError(451, '4.3.0 Try again later')));
    };
    const queued = f.store.queue(await f.message(), now);
    expect((await sender().sendDue()).retrying).toEqual([queued.id]);
    expect(f.store.require(queued.id)).toMatchObject({
      state: 'queued',
      attempts: 1,
      nextAttemptAt: now + 30_000,
      error: expect.stringContaining('451') as string,
    });
    f.onData = f.accept;
    now += 29_999;
    expect((await sender().sendDue()).sent).toEqual([]);
    now += 1;
    expect((await sender().sendDue()).sent).toEqual([queued.id]);
    expect(f.receivedIds()).toEqual([queued.messageId]);
    expect(f.store.require(queued.id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it("keeps a 5xx with the server's reason and never sends it by itself", async () => {
    f.onData = (stream, _session, callback) => {
      void readAll(stream).then(() => callback(replyError(554, '5.7.1 Message rejected')));
    };
    const queued = f.store.queue(await f.message(), now);
    expect((await sender().sendDue()).failed).toEqual([queued.id]);
    expect(f.store.require(queued.id)).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('5.7.1 Message rejected') as string,
    });
    f.onData = f.accept;
    now += 3_600_000;
    expect((await sender().sendDue()).sent).toEqual([]);
    // The agent resends it: then it goes.
    f.store.release(queued.id, { anyway: false, now });
    expect((await sender().sendDue()).sent).toEqual([queued.id]);
    expect(f.receivedIds()).toEqual([queued.messageId]);
  });

  it('marks unknown a message whose data went out and got no answer, and never sends it again by itself', async () => {
    f.onData = (stream) => {
      void readAll(stream).then(() => {
        // The server took the whole message, then its connection died before it answered.
        for (const socket of f.smtp.sockets) socket.destroy();
      });
    };
    const queued = f.store.queue(await f.message(), now);
    expect((await sender().sendDue()).unknown).toEqual([queued.id]);
    expect(f.store.require(queued.id)).toMatchObject({ state: 'unknown', attempts: 1 });
    expect(f.store.require(queued.id).dataStartedAt).not.toBeNull();
    f.onData = f.accept;
    now += 3_600_000;
    const next = sender();
    await next.recover();
    expect((await next.sendDue()).sent).toEqual([]);
    expect(f.store.require(queued.id).state).toBe('unknown');
  });

  it('waits, as a temporary failure, when the account cannot send: no SMTP server, no password', async () => {
    const queued = f.store.queue(await f.message(), now);
    const smtp = f.account.smtp;
    updateAccount(f.db, f.account.id, { smtp: null });
    try {
      expect((await sender().sendDue()).retrying).toEqual([queued.id]);
      expect(f.store.require(queued.id).error).toBe(
        'support@example.com has no SMTP server: add one (account edit --smtp-url)',
      );
    } finally {
      updateAccount(f.db, f.account.id, { smtp });
    }
    now += 60_000;
    const noPassword = sender({ secrets: { resolve: () => undefined } });
    expect((await noPassword.sendDue()).retrying).toEqual([queued.id]);
    expect(f.store.require(queued.id).error).toMatch(/password .* not available/);
    expect(f.smtp.received).toEqual([]);
  });

  it('files no copy when the provider files one itself', async () => {
    f.db.prepare('UPDATE accounts SET provider_files_sent = 1').run();
    const queued = f.store.queue(await f.message(), now);
    expect((await sender().sendDue()).sent).toEqual([queued.id]);
    expect(f.store.require(queued.id).sentCopy).toBe('provider');
    expect(await inSent(queued.messageId)).toBe(false);
  });

  it('holds a message the collision guard stops, and sends it anyway without asking again', async () => {
    const finding: HeldFinding = { kind: 'teammate-replied', who: 'bob@example.com', at: now - 5 };
    const asked: number[] = [];
    const guarded = sender({
      guard: (entry) => {
        asked.push(entry.id);
        return Promise.resolve(finding);
      },
    });
    const queued = f.store.queue(await f.message(), now);
    expect((await guarded.sendDue()).held).toEqual([queued.id]);
    expect(f.store.require(queued.id)).toMatchObject({
      state: 'held',
      held: finding,
      reason: 'bob@example.com replied to this conversation since this reply was started',
    });
    expect(f.smtp.received).toEqual([]);
    f.store.release(queued.id, { anyway: true, now });
    expect((await guarded.sendDue()).sent).toEqual([queued.id]);
    expect(asked).toEqual([queued.id]);
  });

  it('recovers what a dead sender left: requeued and sent when nothing went out, sent when the provider filed it, else unknown', async () => {
    const before = f.store.queue(await f.message(), now);
    const filed = f.store.queue(await f.message(), now);
    const lost = f.store.queue(await f.message(), now);
    for (const { id } of [before, filed, lost]) f.store.claim(id);
    f.store.dataStarted(filed.id, now);
    f.store.dataStarted(lost.id, now);
    // The provider filed `filed` in Sent (the server took it before the sender died).
    const client = await connectImap(f.account, SECRETS);
    try {
      await client.append('Sent', f.store.raw(filed.id), ['\\Seen']);
    } finally {
      await client.logout();
    }
    f.db.prepare('UPDATE accounts SET provider_files_sent = 1').run();
    const next = sender();
    await next.recover();
    expect(f.store.require(before.id).state).toBe('queued');
    expect(f.store.require(filed.id)).toMatchObject({ state: 'sent', sentCopy: 'provider' });
    expect(f.store.require(lost.id)).toMatchObject({
      state: 'unknown',
      reason: expect.stringContaining('the server may have it') as string,
    });
    expect((await next.sendDue()).sent).toEqual([before.id]);
    expect(f.receivedIds()).toEqual([before.messageId]);
  });

  it('puts a message back in the queue when its send could not be recorded (nothing went out)', async () => {
    const queued = f.store.queue(await f.message(), now);
    const failing = sender({ submit: () => Promise.reject(new Error('database is locked')) });
    expect((await failing.sendDue()).retrying).toEqual([queued.id]);
    expect(f.store.require(queued.id)).toMatchObject({
      state: 'queued',
      error: 'the send could not be recorded: database is locked',
    });
    now += 30_000;
    expect((await sender().sendDue()).sent).toEqual([queued.id]);
    expect(f.receivedIds()).toEqual([queued.messageId]);
  });

  it("leaves a dead sender's message sending while the provider's Sent cannot be asked, and decides once it can", async () => {
    f.db.prepare('UPDATE accounts SET provider_files_sent = 1').run();
    const queued = f.store.queue(await f.message(), now);
    f.store.claim(queued.id);
    f.store.dataStarted(queued.id, now);
    let reachable = false;
    const copies = imapSentCopies(f.db, imapConnectionPool(SECRETS, 2000));
    const flaky = sender({
      sentCopies: {
        append: (sending, raw, sentAt) => copies.append(sending, raw, sentAt),
        holds: (sending, entry) =>
          reachable ? copies.holds(sending, entry) : Promise.reject(new Error('offline')),
      },
    });
    await flaky.recover();
    expect(f.store.require(queued.id).state).toBe('sending');
    reachable = true;
    await flaky.recover();
    expect(f.store.require(queued.id)).toMatchObject({ state: 'unknown' });
  });

  it('files a copy a dead sender left to file, once, looking in Sent first', async () => {
    const queued = f.store.queue(await f.message(), now);
    f.store.claim(queued.id);
    f.store.dataStarted(queued.id, now);
    f.store.accepted(queued.id, now, 'pending');
    await sender().recover();
    expect(f.store.require(queued.id).sentCopy).toBe('appended');
    expect(await inSent(queued.messageId)).toBe(true);
    // Asked again (the append's answer was lost, say): found, not appended twice.
    f.db.prepare("UPDATE outbox SET sent_copy = 'failed' WHERE id = ?").run(queued.id);
    await sender().recover();
    const client = await connectImap(f.account, SECRETS);
    try {
      const lock = await client.getMailboxLock('Sent', { readOnly: true });
      try {
        const found = await client.search(
          { header: { 'message-id': `<${queued.messageId}>` } },
          { uid: true },
        );
        expect(found).toHaveLength(1);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });
});
