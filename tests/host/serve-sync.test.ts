import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { addAccount } from '../sync/support/cli.js';
import { customerMessage as message } from '../sync/support/mail.js';
import { cookieOf, fetchRaw, TestSocket } from './support/host-clients.js';
import { makeStaticSite } from './support/static-site.js';
import { spawnServe, stopAll, type ServeProcess } from './support/serve-process.js';

/*
 * `switchboard serve` runs the app as the desktop app will: its running sync (IDLE and polls, the
 * outbox, the team) from the start, against a real Dovecot, followed by a page over the socket.
 */

let dir: string;
let dovecot: Dovecot;
let served: ServeProcess;
let page: TestSocket;
const processes: ServeProcess[] = [];

beforeAll(async () => {
  assertBuildIsCurrent();
  dir = await mkdtemp(join(tmpdir(), 'switchboard-serve-sync-'));
  dovecot = await startDovecot();
  await appendMessage(dovecot, 'support', 'INBOX', message('First', 1));
  await appendMessage(dovecot, 'support', 'INBOX', message('Second', 2));
  const dataDir = join(dir, 'data');
  // The password's variable is in this process's environment, which serve inherits.
  await addAccount(dataDir, dovecot, 'support');
  const site = await makeStaticSite(dir);
  served = await spawnServe(['--data', dataDir, '--port', '0'], { rendererDir: site.root });
  processes.push(served);
  const cookie = cookieOf(await fetchRaw(served.origin, `/?key=${served.key}`));
  page = await TestSocket.open(served.socketUrl, { origin: served.origin, cookie });
});

afterAll(async () => {
  page?.close();
  await stopAll(processes);
  await dovecot?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function subjects(): Promise<string[]> {
  const answer = await page.call('mail.conversations', {});
  if (!answer.ok) throw new Error(answer.error.message);
  return (answer.result as Array<{ subject: string }>).map((row) => row.subject).sort();
}

describe('switchboard serve keeps the app in sync', () => {
  it('syncs its accounts from the start, and pushes new mail to the page as it arrives', async () => {
    await until('the mail of the account', async () => (await subjects()).length === 2);
    expect(await subjects()).toEqual(['First question', 'Second question']);
    expect(await page.call('sync.status')).toMatchObject({ ok: true, result: { running: true } });

    await appendMessage(dovecot, 'support', 'INBOX', message('Third', 3));
    expect(await page.event('mail.received')).toMatchObject({ messages: 1 });
    expect(await subjects()).toContain('Third question');
  });

  it('restarts the running sync with an account added from the page', async () => {
    const added = await page.call('accounts.add', {
      name: 'Sales',
      email: 'sales@example.com',
      imapUrl: `imap://sales@127.0.0.1:${dovecot.port}`,
    });
    expect(added).toMatchObject({ ok: true });
    // A page cannot give it a password here (no keychain, no variable): the restarted sync
    // tries it, and says so.
    expect(await page.event('sync.failed')).toMatchObject({
      account: 'sales@example.com',
      mailbox: null,
      code: 'missing-secret',
    });
    expect(await page.call('sync.status')).toMatchObject({ ok: true, result: { running: true } });
  });
});
