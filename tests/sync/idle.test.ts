import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccounts } from '../../src/accounts/account-store.js';
import { environmentSecrets } from '../../src/accounts/secrets.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import type { AccountSyncResult } from '../../src/sync/account-sync.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { cachePath, openCache } from './support/cache.js';
import { addAccount, makeDataDir, removeDir, search } from './support/cli.js';
import { imapSessions } from './support/sessions.js';
import { plainMessage, uniqueMessageId, uniqueWord } from './support/mail.js';

/*
 * The long-running sync (SyncEngine, what `switchboard sync` without --once runs): a change in the
 * Inbox is pushed by IDLE, so a new message reaches the cache without waiting for the poll
 * interval (set far beyond the test here). How fast is for the benchmarks to say.
 */

const USER = 'support';
/** Far beyond the test: only IDLE can bring new mail in. */
const POLL_INTERVAL_MS = 10 * 60_000;

const EARLY_ID = uniqueMessageId('early');

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
      messageId: EARLY_ID,
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

const hasMessage = (cache: Db, messageId: string, where = '1 = 1'): boolean =>
  cache.prepare(`SELECT 1 FROM messages WHERE message_id = ? AND ${where}`).get(messageId) !==
  undefined;

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
      { pollIntervalMs: POLL_INTERVAL_MS },
    );
    engine.start(listAccounts(db));
    await until('the first pass', () => passes.length > 0, 15_000);
    expect(passes[0]!.folders.map((folder) => folder.path)).toContain('INBOX');
    expect(errors).toEqual([]);
  });

  it('has a message another client appends to INBOX in the cache, pushed by IDLE', async () => {
    const reader = openCache(data);
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
        // Back in IDLE after the previous round.
        await until('the engine to IDLE on the Inbox', () => clients.some((c) => c.idling));
        const passesBefore = passes.length;
        await appendMessage(dovecot, USER, 'INBOX', raw);
        await until(
          // On failure, say what the engine did meanwhile (e.g. a pass that skipped INBOX as unchanged).
          () =>
            `round ${round}: the pushed message in the cache; passes meanwhile: ${JSON.stringify(
              passes
                .slice(passesBefore)
                .map((pass) =>
                  pass.folders
                    .map((f) => `${f.path}${f.skipped ? ' skipped' : ` +${f.added}`}`)
                    .join(', '),
                ),
            )}`,
          () => hasMessage(reader, id),
          15_000,
        );
        // Its text follows in the same pass.
        await until(`round ${round}: its text`, () =>
          hasMessage(reader, id, "body_state = 'done'"),
        );
        expect(await search(data, word)).toHaveLength(1);
      }
    } finally {
      reader.close();
    }
    expect(errors).toEqual([]);
  });

  it('stops: stop() resolves and every connection it opened is closed', async () => {
    expect(clients.length).toBeGreaterThanOrEqual(2); // one that works, one that IDLEs
    expect(await imapSessions(dovecot, USER)).toBeGreaterThanOrEqual(2);
    await engine!.stop();
    engine = undefined;
    await until('every connection of the engine to close', () =>
      clients.every((client) => !client.usable),
    );
    // The server agrees: no session of the engine is left (logouts reach it asynchronously).
    await until(
      "Dovecot to count no session of the engine's",
      async () => (await imapSessions(dovecot, USER)) === 0,
    );
  });

  it('syncs nothing once stopped: a running engine gets a new message, the stopped one does not', async () => {
    const passesAtStop = passes.length;
    // The control: an engine that runs, on a cache of its own, IDLEing before the message comes.
    const controlData = await makeDataDir();
    await addAccount(controlData, dovecot, USER);
    const controlDb = openDatabase(cachePath(controlData));
    const controlClients: ImapFlow[] = [];
    const control = new SyncEngine(
      controlDb,
      environmentSecrets(process.env),
      { imap: { onClient: (client) => controlClients.push(client) } },
      { pollIntervalMs: POLL_INTERVAL_MS },
    );
    try {
      control.start(listAccounts(controlDb));
      await until("the control's first pass", () => hasMessage(controlDb, EARLY_ID), 15_000);
      await until('the control to IDLE', () => controlClients.some((client) => client.idling));
      const late = uniqueMessageId('after-stop');
      await appendMessage(
        dovecot,
        USER,
        'INBOX',
        plainMessage({
          from: 'Late Customer <late@example.org>',
          to: 'Support <support@example.com>',
          subject: 'After the engine stopped',
          date: new Date(),
          messageId: late,
          text: 'Only the control is listening.',
        }),
      );
      // The positive signal: pushed to a running engine. The stopped one would have it by now.
      await until('the control to have the new message', () => hasMessage(controlDb, late), 15_000);
      expect(passes.length).toBe(passesAtStop);
      expect(hasMessage(db, late)).toBe(false);
    } finally {
      await control.stop();
      controlDb.close();
      await removeDir(controlData);
    }
  });
});
