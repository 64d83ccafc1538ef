import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccounts } from '../../src/accounts/account-store.js';
import { environmentSecrets } from '../../src/accounts/secrets.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import type { AccountSyncResult } from '../../src/sync/account-sync.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { syncAccountOnce } from '../../src/sync/sync-runner.js';
import { appendMessage, createFolder, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { assertBuildIsCurrent } from './support/build.js';
import { cachePath, withCache } from './support/cache.js';
import { addAccount, makeDataDir, removeDir, runBin } from './support/cli.js';
import { plainMessage, uniqueMessageId } from './support/mail.js';

/*
 * One folder the server cannot open (its Maildir made unreadable for the mail processes, so
 * Dovecot answers SELECT with NO) costs that folder, nothing else: the other folders' headers
 * and bodies, and the other accounts, still sync; the failure is kept on the folder's row for
 * the UI, and `sync --once` ends with one line per failure and exit code 1, never a stack trace.
 *
 * Runs bin/switchboard.js (→ dist/): `npm run build` first.
 */

const SUPPORT = 'support';
const OTHER = 'other';
const SECRET = 'Secret';

let dovecot: Dovecot;
const dirs: string[] = [];

const secretDir = () => join(dovecot.maildir(SUPPORT), `.${SECRET}`);

function message(label: string, day: number): string {
  return plainMessage({
    from: `${label} <${label.toLowerCase()}@example.org>`,
    to: 'Support <support@example.com>',
    subject: `${label} message`,
    date: new Date(Date.UTC(2025, 3, day)),
    messageId: uniqueMessageId(label.toLowerCase()),
    text: `The text of the ${label} message.`,
  });
}

async function dataDir(): Promise<string> {
  const dir = await makeDataDir();
  dirs.push(dir);
  return dir;
}

/** Adds `support` then `other` (in that order: the failing account comes first). */
async function twoAccounts(data: string): Promise<void> {
  await addAccount(data, dovecot, SUPPORT);
  const after = Date.now();
  // listAccounts orders by creation time: make sure the second one is later.
  await until(() => Date.now() > after, 1000);
  await addAccount(data, dovecot, OTHER);
}

interface MailboxHealth {
  path: string;
  sync_error: string | null;
  sync_error_at: number | null;
}

function mailboxHealth(data: string, email: string): Map<string, MailboxHealth> {
  return withCache(data, (db) => {
    const rows = db
      .prepare(
        `SELECT mb.path, mb.sync_error, mb.sync_error_at FROM mailboxes mb
         JOIN accounts a ON a.id = mb.account_id WHERE a.email = ?`,
      )
      .all(email) as MailboxHealth[];
    return new Map(rows.map((row) => [row.path, row]));
  });
}

/** body_state of every message of `email` in `path`. */
function bodyStates(data: string, email: string, path: string): string[] {
  return withCache(data, (db) =>
    (
      db
        .prepare(
          `SELECT m.body_state FROM messages m
           JOIN message_locations l ON l.message_id = m.id
           JOIN mailboxes mb ON mb.id = l.mailbox_id
           JOIN accounts a ON a.id = m.account_id
           WHERE a.email = ? AND mb.path = ?`,
        )
        .all(email, path) as Array<{ body_state: string }>
    ).map((row) => row.body_state),
  );
}

function stderrLines(err: string): string[] {
  return err.split('\n').filter((line) => line.trim() !== '');
}

beforeAll(async () => {
  assertBuildIsCurrent();
  dovecot = await startDovecot({
    users: [
      { user: SUPPORT, password: 'secret' },
      { user: OTHER, password: 'other-secret' },
    ],
  });
  await appendMessage(dovecot, SUPPORT, 'INBOX', message('First', 1));
  await appendMessage(dovecot, SUPPORT, 'INBOX', message('Second', 2));
  await createFolder(dovecot, SUPPORT, SECRET);
  // The newest message of the account: its body is the first one a sync asks for.
  await appendMessage(dovecot, SUPPORT, SECRET, message('Hidden', 20));
  await appendMessage(dovecot, OTHER, 'INBOX', message('Elsewhere', 3));
});

afterAll(async () => {
  await chmod(secretDir(), 0o700).catch(() => undefined);
  await dovecot?.stop();
  for (const dir of dirs) await removeDir(dir);
});

describe('sync --once with a folder the server cannot open', () => {
  const data = { dir: '' };

  beforeAll(async () => {
    data.dir = await dataDir();
    await twoAccounts(data.dir);
    await chmod(secretDir(), 0);
  });

  afterAll(async () => {
    await chmod(secretDir(), 0o700);
  });

  it('syncs everything else, records the failure on the folder, ends with one line and exit 1', async () => {
    const result = await runBin(['--data', data.dir, 'sync', '--once']);
    expect(result.code, result.err).toBe(1);
    const lines = stderrLines(result.err);
    expect(result.err).not.toMatch(/internal error|^\s+at /m);
    // One line for the one failure, naming the account and the folder.
    expect(lines, result.err).toHaveLength(1);
    expect(lines[0]).toMatch(/^switchboard: support@example\.com: /);
    expect(lines[0]).toContain(SECRET);

    // The other folders' headers and bodies, and the account after it, are in.
    expect(bodyStates(data.dir, 'support@example.com', 'INBOX')).toEqual(['done', 'done']);
    expect(bodyStates(data.dir, 'other@example.com', 'INBOX')).toEqual(['done']);

    const health = mailboxHealth(data.dir, 'support@example.com');
    expect(health.get(SECRET)?.sync_error).toMatch(/\S/);
    expect(health.get(SECRET)?.sync_error_at).toBeGreaterThan(0);
    expect(health.get('INBOX')?.sync_error).toBeNull();
    // stdout still has its summary for both accounts.
    expect(result.out).toContain('support@example.com:');
    expect(result.out).toContain('other@example.com:');
  });

  it('clears the failure once the folder can be read again', async () => {
    expect(mailboxHealth(data.dir, 'support@example.com').get(SECRET)?.sync_error).toMatch(/\S/);
    await chmod(secretDir(), 0o700);
    const result = await runBin(['--data', data.dir, 'sync', '--once']);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toBe('');
    const health = mailboxHealth(data.dir, 'support@example.com');
    expect(health.get(SECRET)?.sync_error).toBeNull();
    expect(health.get(SECRET)?.sync_error_at).toBeNull();
    expect(bodyStates(data.dir, 'support@example.com', SECRET)).toEqual(['done']);
  });
});

describe('a folder that becomes unreadable after its headers were synced', () => {
  it("costs only that folder's bodies: the Inbox's bodies still come", async () => {
    const data = await dataDir();
    await addAccount(data, dovecot, SUPPORT);
    // Headers only, while the folder is readable: its body stays pending.
    const db = openDatabase(cachePath(data));
    try {
      const [account] = listAccounts(db);
      await syncAccountOnce(db, account!, environmentSecrets(process.env), {}, { bodies: false });
    } finally {
      db.close();
    }
    expect(bodyStates(data, 'support@example.com', SECRET)).toEqual(['pending']);
    await chmod(secretDir(), 0);
    try {
      const result = await runBin(['--data', data, 'sync', '--once']);
      expect(result.code, result.err).toBe(1);
      expect(result.err).not.toMatch(/internal error|^\s+at /m);
      // Once per folder, even though both its headers and its bodies failed.
      expect(stderrLines(result.err), result.err).toHaveLength(1);
      expect(bodyStates(data, 'support@example.com', 'INBOX')).toEqual(['done', 'done']);
      expect(bodyStates(data, 'support@example.com', SECRET)).toEqual(['pending']);
    } finally {
      await chmod(secretDir(), 0o700);
    }
  });
});

describe('a running sync (SyncEngine) with a folder the server cannot open', () => {
  let db: Db | undefined;
  let engine: SyncEngine | undefined;

  afterAll(async () => {
    await engine?.stop();
    db?.close();
    await chmod(secretDir(), 0o700);
  });

  it('records the failure, reports it, and keeps syncing the rest', async () => {
    const data = await dataDir();
    await twoAccounts(data);
    await chmod(secretDir(), 0);
    db = openDatabase(cachePath(data));
    const passes: AccountSyncResult[] = [];
    const errors: string[] = [];
    engine = new SyncEngine(
      db,
      environmentSecrets(process.env),
      {
        onPass: (result) => passes.push(result),
        onError: (account, error) => errors.push(`${account.email}: ${error.message}`),
      },
      { pollIntervalMs: 60 * 60_000 },
    );
    engine.start(listAccounts(db));
    // Both accounts finish a pass, bodies included.
    expect(
      await until(
        () =>
          bodyStates(data, 'support@example.com', 'INBOX').join() === 'done,done' &&
          bodyStates(data, 'other@example.com', 'INBOX').join() === 'done',
        30_000,
      ),
      `passes: ${JSON.stringify(passes)}; errors: ${errors.join(' | ')}`,
    ).toBe(true);
    expect(await until(() => passes.length >= 2, 10_000)).toBe(true);
    expect(mailboxHealth(data, 'support@example.com').get(SECRET)?.sync_error).toMatch(/\S/);
    // Reported as a folder failure of the pass, not as the account failing.
    const support = passes.find((pass) => pass.account === 'support@example.com');
    expect(support?.failures.map((failure) => failure.path)).toEqual([SECRET]);
    expect(errors).toEqual([]);

    // And it keeps going: new mail in the Inbox still arrives.
    await appendMessage(dovecot, SUPPORT, 'INBOX', message('Later', 4));
    expect(
      await until(
        () => bodyStates(data, 'support@example.com', 'INBOX').join() === 'done,done,done',
        30_000,
      ),
    ).toBe(true);
  });
});
