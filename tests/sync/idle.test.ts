import { setTimeout as sleep } from 'node:timers/promises';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccounts } from '../../src/accounts/account-store.js';
import { environmentSecrets } from '../../src/accounts/secrets.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import type { AccountSyncResult } from '../../src/sync/account-sync.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { cachePath, openCache } from './support/cache.js';
import { addAccount, makeDataDir, removeDir, search } from './support/cli.js';
import { imapSessions } from './support/sessions.js';
import { plainMessage, uniqueMessageId, uniqueWord } from './support/mail.js';

/*
 * The long-running sync (SyncEngine, what `switchboard sync` without --once runs): a change in the
 * Inbox is pushed by IDLE, so a new message is in the cache well within a second, without waiting
 * for the poll interval (set far beyond the test here).
 */

const USER = 'support';
const LATENCY_LIMIT_MS = 1000;
const POLL_MS = 20;

let dovecot: Dovecot;
let data: string;
let db: Db;
let engine: SyncEngine | undefined;
const clients: ImapFlow[] = [];
const passes: AccountSyncResult[] = [];
const errors: string[] = [];

beforeAll(async () => {
  dovecot = await startDovecot();
  await appendMessage(
    dovecot,
    USER,
    'INBOX',
    plainMessage({
      from: 'Early Bird <early@example.org>',
      to: 'Support <support@example.com>',
      subject: 'Already here before the engine started',
      date: new Date(Date.UTC(2025, 2, 1)),
      messageId: uniqueMessageId('early'),
      text: 'An old message.',
    }),
  );
  data = await makeDataDir();
  await addAccount(data, dovecot, USER);
  db = openDatabase(cachePath(data));
});

afterAll(async () => {
  await engine?.stop();
  db?.close();
  await dovecot?.stop();
  if (data) await removeDir(data);
});

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(POLL_MS);
  }
  return check();
}

describe('SyncEngine with IDLE', () => {
  it('finishes a first full pass after start', async () => {
    engine = new SyncEngine(
      db,
      environmentSecrets(process.env),
      {
        onPass: (result) => passes.push(result),
        onError: (_account, error) => errors.push(error.message),
        imap: { onClient: (client) => clients.push(client) },
      },
      // Far beyond the test: only IDLE can bring the new mail in time.
      { pollIntervalMs: 10 * 60_000 },
    );
    engine.start(listAccounts(db));
    expect(await waitFor(() => passes.length > 0, 15_000)).toBe(true);
    expect(passes[0]!.folders.map((folder) => folder.path)).toContain('INBOX');
    expect(errors).toEqual([]);
  });

  it(`has a message another client appends to INBOX in the cache within ${LATENCY_LIMIT_MS} ms`, async () => {
    const reader = openCache(data);
    const find = reader.prepare('SELECT 1 FROM messages WHERE message_id = ?');
    const latencies: number[] = [];
    try {
      // A few in a row: each must be pushed, not just the first.
      for (let round = 1; round <= 3; round += 1) {
        const id = uniqueMessageId(`pushed-${round}`);
        const word = uniqueWord('pushed');
        const raw = plainMessage({
          from: 'Fast Customer <fast@example.org>',
          to: 'Support <support@example.com>',
          subject: `Urgent request ${round}`,
          date: new Date(),
          messageId: id,
          text: `Please call me back. ${word}`,
        });
        // Let the engine settle back into IDLE after the previous round.
        await sleep(300);
        const passesBefore = passes.length;
        await appendMessage(dovecot, USER, 'INBOX', raw);
        const appendedAt = performance.now();
        const arrived = await waitFor(() => find.get(id) !== undefined, 5_000);
        const latency = performance.now() - appendedAt;
        // On failure, say what the engine did meanwhile (e.g. a pass that skipped INBOX as unchanged).
        const meanwhile = passes
          .slice(passesBefore)
          .map((pass) =>
            pass.folders
              .map((folder) => `${folder.path}${folder.skipped ? ' skipped' : ` +${folder.added}`}`)
              .join(', '),
          );
        expect(
          arrived,
          `round ${round}: not in the cache after 5 s; passes meanwhile: ${JSON.stringify(meanwhile)}`,
        ).toBe(true);
        latencies.push(Math.round(latency));
        // Its text follows in the same pass.
        expect(
          await waitFor(
            () =>
              reader
                .prepare("SELECT 1 FROM messages WHERE message_id = ? AND body_state = 'done'")
                .get(id) !== undefined,
            5_000,
          ),
        ).toBe(true);
        expect(await search(data, word)).toHaveLength(1);
      }
    } finally {
      reader.close();
    }
    console.log(`IDLE latencies (append resolved → row in cache): ${latencies.join(', ')} ms`);
    for (const latency of latencies) expect(latency).toBeLessThan(LATENCY_LIMIT_MS);
    expect(errors).toEqual([]);
  });

  it('stops: stop() resolves and every connection it opened is closed', async () => {
    expect(clients.length).toBeGreaterThanOrEqual(2); // one that works, one that IDLEs
    expect(await imapSessions(dovecot, USER)).toBeGreaterThanOrEqual(2);
    const closed = clients.map(
      (client) =>
        new Promise<void>((resolve) =>
          client.usable ? client.once('close', () => resolve()) : resolve(),
        ),
    );
    const started = performance.now();
    await engine!.stop();
    const took = performance.now() - started;
    engine = undefined;
    expect(took).toBeLessThan(5_000);
    const allClosed = await Promise.race([
      Promise.all(closed).then(() => true),
      sleep(2_000).then(() => false),
    ]);
    expect(allClosed).toBe(true);
    for (const client of clients) expect(client.usable).toBe(false);
    // The server agrees: no session of the engine is left (logouts reach it asynchronously).
    let sessions = await imapSessions(dovecot, USER);
    for (const deadline = Date.now() + 2_000; sessions > 0 && Date.now() < deadline;) {
      await sleep(50);
      sessions = await imapSessions(dovecot, USER);
    }
    expect(sessions).toBe(0);

    // Nothing keeps syncing afterwards.
    const passesAtStop = passes.length;
    await appendMessage(
      dovecot,
      USER,
      'INBOX',
      plainMessage({
        from: 'Late Customer <late@example.org>',
        to: 'Support <support@example.com>',
        subject: 'After the engine stopped',
        date: new Date(),
        messageId: uniqueMessageId('after-stop'),
        text: 'Nobody is listening.',
      }),
    );
    await sleep(500);
    expect(passes.length).toBe(passesAtStop);
  });
});
