import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../src/accounts/account-store.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { isUserError } from '../../src/errors.js';
import { OutboxStore, type NewOutboxMessage } from '../../src/outbox/outbox-store.js';

let dir: string;
let db: Db;
let store: OutboxStore;
let accountId: string;
const T0 = 1_800_000_000_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-outbox-'));
  db = openDatabase(join(dir, 'cache.sqlite'));
  store = new OutboxStore(db);
  accountId = addAccount(db, {
    name: 'Support',
    email: 'support@example.com',
    imap: {
      protocol: 'imap',
      host: 'imap.example.com',
      port: 993,
      user: 'support',
      secure: true,
      requireStartTls: false,
    },
  }).id;
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let serial = 0;
const message = (more: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  accountId,
  conversationId: 'c1',
  kind: 'reply',
  messageId: `m${(serial += 1)}@example.com`,
  raw: Buffer.from('Subject: Re: Printer\r\n\r\nFixed.\r\n'),
  envelope: { from: 'support@example.com', to: ['alice@example.net'] },
  subject: 'Re: Printer',
  authorId: null,
  authorEmail: 'me@example.com',
  sendMode: 'send-as',
  startedAt: T0 - 60_000,
  sendAt: T0 + 10_000,
  scheduled: false,
  skipGuard: false,
  ...more,
});

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (isUserError(error)) return error.code;
    throw error;
  }
  return undefined;
};

describe('the outbox store', () => {
  it('keeps a queued message with its bytes and Message-ID, due once its undo window is over', () => {
    const queued = store.queue(message(), T0);
    expect(queued).toMatchObject({
      state: 'queued',
      attempts: 0,
      envelope: { from: 'support@example.com', to: ['alice@example.net'] },
      sendAt: T0 + 10_000,
      createdAt: T0,
    });
    expect(store.raw(queued.id).toString()).toBe('Subject: Re: Printer\r\n\r\nFixed.\r\n');
    expect(store.due(T0 + 9_999)).toEqual([]);
    expect(store.due(T0 + 10_000).map((entry) => entry.id)).toEqual([queued.id]);
    expect(store.nextDueAt()).toBe(T0 + 10_000);
    // A scheduled one (send later) is due at its time, and listed as scheduled.
    const later = store.queue(message({ scheduled: true, sendAt: T0 + 3_600_000 }), T0);
    expect(later.state).toBe('scheduled');
    expect(store.due(T0 + 3_600_000).map((entry) => entry.id)).toEqual([queued.id, later.id]);
  });

  it('refuses a second message with the same Message-ID (one id, one message)', () => {
    store.queue(message({ messageId: 'same@example.com' }), T0);
    expect(() => store.queue(message({ messageId: 'same@example.com' }), T0)).toThrow(/UNIQUE/);
  });

  it('lets one sender claim a message: a second connection that tries too gets false', () => {
    const id = store.queue(message({ sendAt: T0 }), T0).id;
    const other = openDatabase(join(dir, 'cache.sqlite'));
    try {
      expect(store.claim(id)).toBe(true);
      expect(new OutboxStore(other).claim(id)).toBe(false);
      expect(store.require(id)).toMatchObject({ state: 'sending', attempts: 1 });
      expect(store.due(T0 + 60_000)).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('retries a temporary failure after its backoff, keeping the last error', () => {
    const id = store.queue(message({ sendAt: T0 }), T0).id;
    store.claim(id);
    store.dataStarted(id, T0 + 1);
    store.retryLater(id, '451 4.3.0 try again later', T0 + 30_000);
    expect(store.require(id)).toMatchObject({
      state: 'queued',
      error: '451 4.3.0 try again later',
      nextAttemptAt: T0 + 30_000,
      dataStartedAt: null,
    });
    expect(store.due(T0 + 29_999)).toEqual([]);
    expect(store.nextDueAt()).toBe(T0 + 30_000);
    expect(store.claim(id)).toBe(true);
    expect(store.require(id).attempts).toBe(2);
    store.accepted(id, T0 + 31_000, 'pending');
    expect(store.require(id)).toMatchObject({
      state: 'sent',
      sentAt: T0 + 31_000,
      error: null,
      sentCopy: 'pending',
    });
    store.sentCopy(id, 'appended');
    expect(store.require(id).sentCopy).toBe('appended');
  });

  it('records that the data started only for a message being sent, and says so otherwise', () => {
    const id = store.queue(message({ sendAt: T0 }), T0).id;
    expect(() => store.dataStarted(id, T0)).toThrow(/no longer being sent/);
    store.claim(id);
    store.dataStarted(id, T0 + 5);
    expect(store.require(id).dataStartedAt).toBe(T0 + 5);
  });

  it('finds what a dead sender left: requeues a message whose data never started, never one whose data did', () => {
    const before = store.queue(message({ sendAt: T0 }), T0).id;
    const during = store.queue(message({ sendAt: T0 }), T0).id;
    store.claim(before);
    store.claim(during);
    store.dataStarted(during, T0 + 1);
    expect(store.orphans().map((entry) => entry.id)).toEqual([before, during]);
    store.requeue(before);
    store.requeue(during);
    expect(store.require(before).state).toBe('queued');
    expect(store.require(during).state).toBe('sending');
    store.unknown(during, 'the sender stopped after the message went out');
    expect(store.require(during)).toMatchObject({
      state: 'unknown',
      reason: 'the sender stopped after the message went out',
    });
    expect(store.orphans()).toEqual([]);
  });

  it('cancels (undo) only what has not started sending', () => {
    const waiting = store.queue(message(), T0).id;
    expect(store.cancel(waiting).id).toBe(waiting);
    expect(store.get(waiting)).toBeUndefined();
    const sending = store.queue(message({ sendAt: T0 }), T0).id;
    store.claim(sending);
    expect(codeOf(() => store.cancel(sending))).toBe('usage');
    store.accepted(sending, T0, 'provider');
    expect(codeOf(() => store.cancel(sending))).toBe('usage');
    expect(codeOf(() => store.cancel(999))).toBe('not-found');
  });

  it('holds, then sends anyway; resends only failed or unknown messages', () => {
    const id = store.queue(message({ sendAt: T0 }), T0).id;
    store.claim(id);
    const finding = { kind: 'teammate-replied', who: 'bob@example.com', at: T0 - 1000 } as const;
    expect(store.hold(id, finding, 'bob@example.com replied since')).toBe(true);
    expect(store.require(id)).toMatchObject({ state: 'held', held: finding, skipGuard: false });
    expect(codeOf(() => store.release(id, { anyway: false, now: T0 }))).toBe('usage');
    expect(store.release(id, { anyway: true, now: T0 + 5 })).toMatchObject({
      state: 'queued',
      held: null,
      reason: null,
      skipGuard: true,
    });
    store.claim(id);
    store.failed(id, '550 5.1.1 no such user');
    expect(store.require(id)).toMatchObject({ state: 'failed', error: '550 5.1.1 no such user' });
    expect(codeOf(() => store.release(id, { anyway: true, now: T0 }))).toBe('usage');
    expect(store.release(id, { anyway: false, now: T0 + 10 }).state).toBe('queued');
    expect(store.unsent(accountId)).toBe(1);
  });
});
