import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCorpus, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { assertBuildIsCurrent } from './support/build.js';
import { addAccount, makeDataDir, removeDir, runBin } from './support/cli.js';

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
    const proxy = await startTcpProxy(dovecot.port, {
      freeze: { afterServerBytes: 200_000, onConnection: 1 },
    });
    proxies.push(proxy);
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
    const proxy = await startTcpProxy(dovecot.port, { serverBytesPerSecond: 500_000 });
    proxies.push(proxy);
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
