import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { customerMessage as message } from '../sync/support/mail.js';
import { cookieOf, fetchRaw, TestSocket } from './support/host-clients.js';
import { makeStaticSite } from './support/static-site.js';
import { spawnServe, stopAll, type ServeProcess } from './support/serve-process.js';

/*
 * A password typed into the served app (Settings, the welcome) is kept in the data directory
 * (src/platform-node/file-secret-store.ts): the account still syncs after `serve` restarts.
 */

let dir: string;
let dataDir: string;
let rendererDir: string;
let dovecot: Dovecot;
const processes: ServeProcess[] = [];
const pages: TestSocket[] = [];

beforeAll(async () => {
  assertBuildIsCurrent();
  dir = await mkdtemp(join(tmpdir(), 'switchboard-serve-passwords-'));
  dataDir = join(dir, 'data');
  dovecot = await startDovecot({ users: [{ user: 'typed', password: 'typed in the app' }] });
  await appendMessage(dovecot, 'typed', 'INBOX', message('Before', 1));
  rendererDir = (await makeStaticSite(dir)).root;
});

afterAll(async () => {
  for (const page of pages) page.close();
  await stopAll(processes);
  await dovecot?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `serve` on the data directory, without the test password variables of other tests. */
async function serve(): Promise<{ served: ServeProcess; page: TestSocket }> {
  const served = await spawnServe(['--data', dataDir, '--port', '0'], { rendererDir });
  processes.push(served);
  const cookie = cookieOf(await fetchRaw(served.origin, `/?key=${served.key}`));
  const page = await TestSocket.open(served.socketUrl, { origin: served.origin, cookie });
  pages.push(page);
  return { served, page };
}

async function subjects(page: TestSocket): Promise<string[]> {
  const answer = await page.call('mail.conversations', {});
  if (!answer.ok) throw new Error(answer.error.message);
  return (answer.result as Array<{ subject: string }>).map((row) => row.subject).sort();
}

describe('a password typed into the served app', () => {
  it('is kept: the account syncs after serve restarts', async () => {
    const first = await serve();
    const added = await first.page.call('accounts.add', {
      name: 'Typed',
      email: 'typed@example.com',
      imapUrl: `imap://typed@127.0.0.1:${dovecot.port}`,
      password: { value: 'typed in the app' },
    });
    expect(added).toMatchObject({ ok: true });
    if (!added.ok) return;
    const ref = (added.result as { passwordRef: string }).passwordRef;
    // A reference to what was kept, never the password itself.
    expect(ref).not.toContain('typed in the app');
    // A first sync on a loaded machine.
    await until(
      'the mail of the account',
      async () => (await subjects(first.page)).includes('Before question'),
      60_000,
    );
    // Owner-only, as everything in the data directory that holds credentials.
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);

    first.served.child.kill('SIGTERM');
    await first.served.exited;

    await appendMessage(dovecot, 'typed', 'INBOX', message('After', 2));
    const second = await serve();
    await until(
      'the mail that came while serve was stopped',
      async () => (await subjects(second.page)).includes('After question'),
      60_000,
    );
    const status = await second.page.call('sync.status');
    expect(status).toMatchObject({
      ok: true,
      result: { accounts: [{ email: 'typed@example.com', syncError: null }] },
    });
  });
});
