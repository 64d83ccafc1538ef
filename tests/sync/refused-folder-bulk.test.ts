import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addAccount } from '../../src/accounts/account-store.js';
import { environmentSecrets, envSecretRef } from '../../src/accounts/secrets.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { syncAccountOnce } from '../../src/sync/sync-runner.js';
import { appendMessage, createFolder, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { plainMessage, uniqueMessageId } from './support/mail.js';

/*
 * A first sync opens the bulk connection ahead of each folder and EXAMINEs the folder on it
 * while the main connection SELECTs. When the server refuses the SELECT, that EXAMINE may still
 * be on its way: the next folder must wait for it, not run into it ("the bulk connection runs
 * one command at a time") and fail too. The bulk connection (the proxy's second) is slowed down
 * so that the EXAMINE is always still out when the SELECT fails.
 */

const USER = 'lagged';
const SECRET = 'Secret';
const TICKETS = 'Tickets';

let dovecot: Dovecot;
let proxy: TcpProxy;
let db: Db | undefined;
let dir: string | undefined;

const secretDir = () => join(dovecot.maildir(USER), `.${SECRET}`);

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

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: 'secret' }] });
  await createFolder(dovecot, USER, SECRET);
  await appendMessage(dovecot, USER, SECRET, message('Locked', 5));
  await createFolder(dovecot, USER, TICKETS);
  await appendMessage(dovecot, USER, TICKETS, message('Ticket', 6));
  proxy = await startTcpProxy(dovecot.port, { lag: { fromConnection: 1, ms: 150 } });
});

afterAll(async () => {
  db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  await chmod(secretDir(), 0o700).catch(() => undefined);
  await proxy?.stop();
  await dovecot?.stop();
});

it("a refused folder costs only itself: the next folder's fetch waits for its EXAMINE", async () => {
  await chmod(secretDir(), 0);
  dir = await mkdtemp(join(tmpdir(), 'switchboard-refused-'));
  db = openDatabase(join(dir, 'cache.db'));
  const account = addAccount(db, {
    name: 'Lagged',
    email: 'lagged@example.com',
    imap: {
      protocol: 'imap',
      host: '127.0.0.1',
      port: proxy.port,
      user: USER,
      secure: false,
      requireStartTls: false,
    },
    passwordRef: envSecretRef('LAGGED_PASSWORD'),
  });
  const result = await syncAccountOnce(
    db,
    account,
    environmentSecrets({ LAGGED_PASSWORD: 'secret' }),
  );
  expect(result.failures).toEqual([{ path: SECRET, error: expect.stringMatching(/NO/) as string }]);
  expect(result.folders.find((folder) => folder.path === TICKETS)?.added).toBe(1);
});
