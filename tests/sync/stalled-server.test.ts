import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccounts } from '../../src/accounts/account-store.js';
import { environmentSecrets } from '../../src/accounts/secrets.js';
import { openDatabase } from '../../src/db/open-database.js';
import { isUserError } from '../../src/errors.js';
import { MailConnectionError } from '../../src/imap/connection-errors.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { syncAccountOnce } from '../../src/sync/sync-runner.js';
import { appendMessage, seedCorpus, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { until } from '../helpers/wait.js';
import { assertBuildIsCurrent } from './support/build.js';
import { cachePath, withCache } from './support/cache.js';
import { addAccount, makeDataDir, removeDir, runBin } from './support/cli.js';
import { plainMessage, uniqueMessageId } from './support/mail.js';

/*
 * A server that stops answering in the middle of a sync (frozen: the connection stays open and
 * nothing arrives, as with a hung Dovecot or a dead link behind a NAT) must not hold `sync --once`
 * for minutes: it fails within a minute with one line naming the server and what it waited for.
 * A sync that is merely slow reports its progress on stderr instead of staying silent.
 *
 * Runs bin/switchboard.js (→ dist/): `npm run build` first.
 */

const USER = 'support';
const MESSAGES = 3000;
/** What the issue asks: a stalled server fails within 60 s. */
const STALL_LIMIT_MS = 60_000;

let dovecot: Dovecot;
const dirs: string[] = [];
const proxies: TcpProxy[] = [];

/** Deadlines short enough for quick tests (src/imap/deadlines.ts has the real ones). */
const SHORT = { connectMs: 2000, greetingMs: 2000, stallMs: 1000, idleRestartMs: 400 };
const IDLE_TEST = { ...SHORT, stallMs: 3000, idleRestartMs: 250 };

async function proxyTo(options: Parameters<typeof startTcpProxy>[1] = {}): Promise<TcpProxy> {
  const proxy = await startTcpProxy(dovecot.port, options);
  proxies.push(proxy);
  return proxy;
}

async function dataDirFor(port: number): Promise<string> {
  const dir = await makeDataDir();
  dirs.push(dir);
  await addAccount(dir, dovecot, USER, { port });
  return dir;
}

beforeAll(async () => {
  assertBuildIsCurrent();
  dovecot = await startDovecot();
  await seedCorpus(dovecot, USER, MESSAGES, 300, 8);
});

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  await dovecot?.stop();
  for (const dir of dirs) await removeDir(dir);
});

describe('sync --once against a server that freezes mid-sync', () => {
  it('fails within 60 s with one line naming the server and what it was waiting for', async () => {
    // The second connection is the bulk one that fetches the headers: freeze the whole server
    // once it is well into them.
    const proxy = await proxyTo({ freeze: { afterServerBytes: 200_000, onConnection: 1 } });
    const data = await dataDirFor(proxy.port);
    // Before the fix this took 20 minutes (5-minute socket timeout, 4 attempts).
    const result = await runBin(['--data', data, 'sync', '--once'], { timeoutMs: 150_000 });
    const finished = Date.now();
    const frozenAt = proxy.frozenAt();
    expect(frozenAt, 'the proxy never froze: the sync finished first').toBeDefined();
    expect(result.code, result.err).toBe(1);
    expect(result.err).not.toMatch(/internal error|^\s+at /m);
    const lines = result.err.trimEnd().split('\n');
    const last = lines[lines.length - 1]!;
    expect(last).toMatch(/^switchboard: support@example\.com: /);
    expect(last).toContain(`127.0.0.1:${proxy.port}`);
    expect(last).toMatch(/stopped answering while fetching message headers of INBOX/);
    expect(last).toMatch(/no data for \d+ s/);
    expect(finished - frozenAt!).toBeLessThan(STALL_LIMIT_MS);
  }, 180_000);
});

describe('sync --once that is slow', () => {
  it('reports progress on stderr, and --json stdout stays pure JSON', async () => {
    // About 3 MB of headers and 17 MB of texts at 500 kB/s: each phase outlasts the quiet seconds.
    const proxy = await proxyTo({ serverBytesPerSecond: 500_000 });
    const data = await dataDirFor(proxy.port);
    const result = await runBin(['--data', data, 'sync', '--once', '--json'], {
      timeoutMs: 150_000,
    });
    expect(result.code, result.err).toBe(0);
    const summary = JSON.parse(result.out) as Array<{ added: number }>;
    expect(summary[0]?.added).toBe(MESSAGES);
    const lines = result.err.trimEnd().split('\n');
    expect(
      lines.some((line) => /INBOX: \d+ of \d+ headers/.test(line)),
      result.err,
    ).toBe(true);
    expect(
      lines.some((line) => /INBOX: \d+ of \d+ message texts/.test(line)),
      result.err,
    ).toBe(true);
    for (const line of lines) expect(line).toMatch(/^switchboard: support@example\.com: /);
  }, 180_000);
});

describe('deadlines inside a sync (shortened)', () => {
  it('a stall on the main connection names what it waited for and is not retried', async () => {
    const proxy = await proxyTo();
    const data = await dataDirFor(proxy.port);
    const db = openDatabase(cachePath(data));
    let connections = 0;
    try {
      const [account] = listAccounts(db);
      const error = await syncAccountOnce(db, account!, environmentSecrets(process.env), {
        imap: { deadlines: SHORT, onClient: () => (connections += 1) },
        // The Inbox's turn: imapflow is about to open it when the server freezes.
        onProgress: (event) => {
          if (event.phase === 'checking' && event.mailbox === 'INBOX') proxy.freeze();
        },
      }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(MailConnectionError);
      expect((error as MailConnectionError).message).toBe(
        `the IMAP server at 127.0.0.1:${proxy.port} stopped answering while opening INBOX (no data for 1 s)`,
      );
      expect(connections, 'a stall is not worth another attempt').toBe(1);
      // Kept on the account's row for a UI.
      expect(
        withCache(data, (cache) => cache.prepare('SELECT sync_error FROM accounts').pluck().get()),
      ).toBe((error as Error).message);
    } finally {
      db.close();
    }
  });

  it('an idle running sync is not taken for a stalled one: IDLE restarts keep it alive', async () => {
    const proxy = await proxyTo();
    const data = await dataDirFor(proxy.port);
    const db = openDatabase(cachePath(data));
    const errors: string[] = [];
    let passes = 0;
    let connections = 0;
    const engine = new SyncEngine(
      db,
      environmentSecrets(process.env),
      {
        onPass: () => (passes += 1),
        onError: (_account, error) => errors.push(error.message),
        imap: { deadlines: IDLE_TEST, onClient: () => (connections += 1) },
      },
      { pollIntervalMs: 60 * 60_000 },
    );
    try {
      engine.start(listAccounts(db));
      expect(await until(() => passes >= 1, 60_000)).toBe(true);
      // The positive signal that the connections sat idle for many stall deadlines: IDLE was
      // broken (DONE) and restarted again and again, every idleRestartMs.
      // Generous deadlines for a loaded machine: a stall of 3 s, IDLE restarted every 250 ms,
      // watched for 40 restarts (over three stall deadlines of quiet).
      const restarts = () => proxy.clientText().split('\r\nDONE\r\n').length - 1;
      const before = restarts();
      expect(await until(() => restarts() >= before + 40, 60_000)).toBe(true);
      expect(errors).toEqual([]);
      expect(connections, 'no connection was dropped and made again').toBe(2);
      // And it still hears of new mail.
      const id = uniqueMessageId('after-quiet');
      await appendMessage(
        dovecot,
        USER,
        'INBOX',
        plainMessage({
          from: 'Patient <patient@example.org>',
          to: 'Support <support@example.com>',
          subject: 'After a quiet while',
          date: new Date(),
          messageId: id,
          text: 'Still there?',
        }),
      );
      expect(
        await until(
          () =>
            withCache(data, (cache) =>
              cache.prepare('SELECT 1 FROM messages WHERE message_id = ?').get(id),
            ) !== undefined,
          30_000,
        ),
      ).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await engine.stop();
      db.close();
    }
  });

  it('a connection dropped at any point fails the sync with one line, never a crash', async () => {
    const crashes: unknown[] = [];
    const onCrash = (error: unknown) => crashes.push(error);
    process.on('unhandledRejection', onCrash);
    process.on('uncaughtException', onCrash);
    try {
      // In the greeting, the login, the folder list, the headers and the bodies.
      for (const cutAt of [40, 400, 4_000, 40_000, 400_000, 4_000_000]) {
        const proxy = await proxyTo();
        const data = await dataDirFor(proxy.port);
        const db = openDatabase(cachePath(data));
        const watcher = setInterval(() => {
          if (proxy.serverBytes() >= cutAt) proxy.cutAll();
        }, 1);
        try {
          const [account] = listAccounts(db);
          const outcome = await syncAccountOnce(
            db,
            account!,
            environmentSecrets(process.env),
            { imap: { deadlines: SHORT } },
            { attempts: 1 },
          ).then(
            () => 'synced',
            (error: unknown) => error,
          );
          expect(
            outcome === 'synced' || isUserError(outcome),
            `cut at ${cutAt}: ${String(outcome)}`,
          ).toBe(true);
        } finally {
          clearInterval(watcher);
          db.close();
        }
      }
      // Late events of the dropped sockets have had a turn to surface.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(crashes).toEqual([]);
    } finally {
      process.off('unhandledRejection', onCrash);
      process.off('uncaughtException', onCrash);
    }
  }, 180_000);
});
