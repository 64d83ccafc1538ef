import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { cookieOf, fetchRaw, TestSocket } from './support/host-clients.js';
import { makeStaticSite } from './support/static-site.js';
import { spawnServe, stopAll, type ServeProcess } from './support/serve-process.js';

/*
 * `switchboard serve --demo` (what `npm run demo` runs): the demo team's shared inbox, seeded into
 * the data directory on the way and served like any other, with no mail server anywhere.
 */

let dir: string;
let served: ServeProcess;
let page: TestSocket;
const processes: ServeProcess[] = [];

beforeAll(async () => {
  assertBuildIsCurrent();
  dir = await mkdtemp(join(tmpdir(), 'switchboard-serve-demo-'));
  const site = await makeStaticSite(dir);
  served = await spawnServe(['--demo', '--data', join(dir, 'data'), '--port', '0'], {
    rendererDir: site.root,
    timeoutMs: 120_000,
  });
  processes.push(served);
  const cookie = cookieOf(await fetchRaw(served.origin, `/?key=${served.key}`));
  page = await TestSocket.open(served.socketUrl, { origin: served.origin, cookie });
}, 150_000);

afterAll(async () => {
  page?.close();
  await stopAll(processes);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('switchboard serve --demo', () => {
  it("serves the demo team's inbox: its user, its mailboxes and its conversations", async () => {
    expect(await page.call('session.whoami')).toMatchObject({
      ok: true,
      result: { name: 'Maya Chen', role: 'admin' },
    });
    const accounts = await page.call('accounts.list');
    expect(accounts).toMatchObject({ ok: true });
    expect(
      (accounts as { result: Array<{ email: string }> }).result.map((account) => account.email),
    ).toEqual(['support@acme.example', 'sales@acme.example']);
    const listed = await page.call('mail.conversations', { limit: 500 });
    expect((listed as { result: unknown[] }).result).toHaveLength(200);
  });
});
