import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCert, type SelfSignedCert } from '../helpers/self-signed-cert.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { runBin } from '../sync/support/cli.js';
import { cookieOf, fetchRaw, TestSocket, upgradeStatus } from './support/host-clients.js';
import { makeStaticSite, type StaticSite } from './support/static-site.js';
import { spawnServe, stopAll, type ServeProcess } from './support/serve-process.js';

/*
 * `switchboard serve`'s options through the real executable: loopback unless the network is
 * asked for with TLS (or explicitly without), TLS itself, and the one-line refusals.
 */

let dir: string;
let site: StaticSite;
let cert: SelfSignedCert;
const processes: ServeProcess[] = [];

beforeAll(async () => {
  assertBuildIsCurrent();
  dir = await mkdtemp(join(tmpdir(), 'switchboard-serve-options-'));
  site = await makeStaticSite(dir);
  const made = selfSignedCert(dir);
  if (!made) throw new Error('openssl is needed for the TLS tests (apt-get install openssl)');
  cert = made;
});

afterAll(async () => {
  await stopAll(processes);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const data = (name: string) => join(dir, name);

async function serve(args: string[]): Promise<ServeProcess> {
  const served = await spawnServe(args, { rendererDir: site.root });
  processes.push(served);
  return served;
}

/** `serve` run to its end, with the renderer the tests serve. */
function serveOnce(args: string[], rendererDir = site.root) {
  return runBin(['serve', ...args], {
    env: { ...process.env, SWITCHBOARD_RENDERER_DIR: rendererDir },
  });
}

describe('switchboard serve: where it listens', () => {
  it('refuses a non-loopback --host without TLS or --insecure-public, in one line, serving nothing', async () => {
    for (const host of ['0.0.0.0', '192.0.2.10', 'example.com']) {
      const result = await serveOnce(['--data', data('public'), '--host', host, '--port', '0']);
      expect(result.code, host).toBe(1);
      expect(result.out, host).toBe('');
      const lines = result.err.trimEnd().split('\n');
      expect(lines, host).toHaveLength(1);
      expect(lines[0], host).toMatch(/^switchboard: .*--tls-cert.*--insecure-public/);
    }
  });

  it('serves a non-loopback --host with --insecure-public, saying what that means', async () => {
    const served = await serve([
      '--data',
      data('insecure'),
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--insecure-public',
    ]);
    expect(served.stderr()).toMatch(/unencrypted/);
    const origin = `http://127.0.0.1:${served.url.port}`;
    const visit = await fetchRaw(origin, `/?key=${served.key}`);
    expect(visit.status).toBe(200);
    const page = await fetchRaw(origin, '/', { headers: { cookie: cookieOf(visit) } });
    expect(page.body).toBe(site.index);
    expect((await fetchRaw(origin, '/')).status).toBe(401);
    served.child.kill('SIGINT');
    expect(await served.exited).toEqual({ code: 0, signal: null });
  });

  it('serves https and wss with --tls-cert and --tls-key (also on a non-loopback host)', async () => {
    const served = await serve([
      '--data',
      data('tls'),
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--tls-cert',
      cert.certFile,
      '--tls-key',
      cert.keyFile,
    ]);
    expect(served.url.protocol).toBe('https:');
    const origin = `https://127.0.0.1:${served.url.port}`;
    const visit = await fetchRaw(origin, `/?key=${served.key}`, { ca: cert.cert });
    expect(visit.status).toBe(200);
    expect(visit.headers['set-cookie']![0]).toMatch(/; Secure/i);
    const cookie = cookieOf(visit);
    const page = await fetchRaw(origin, '/', { headers: { cookie }, ca: cert.cert });
    expect(page.body).toBe(site.index);
    expect(String(page.headers['content-security-policy'])).toContain(
      `connect-src 'self' wss://127.0.0.1:${served.url.port}`,
    );
    const socketUrl = `wss://127.0.0.1:${served.url.port}/ws`;
    // The page's origin is https: an http one is another origin.
    expect(
      (
        await upgradeStatus(socketUrl, {
          origin: `http://127.0.0.1:${served.url.port}`,
          cookie,
          ca: cert.cert,
        })
      ).status,
    ).toBe(403);
    const socket = await TestSocket.open(socketUrl, { origin, cookie, ca: cert.cert });
    expect(await socket.call('session.whoami')).toMatchObject({ ok: true });
    socket.close();
    served.child.kill('SIGTERM');
    expect(await served.exited).toEqual({ code: 0, signal: null });
  });

  it('says in one line that the renderer is not built', async () => {
    const result = await serveOnce(
      ['--data', data('unbuilt'), '--port', '0'],
      join(dir, 'nothing'),
    );
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
    expect(result.err).toMatch(/npm run build/);
  });

  it('says in one line that its port is taken', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const result = await serveOnce(['--data', data('taken'), '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.out).toBe('');
      expect(result.err.trimEnd().split('\n')).toHaveLength(1);
      expect(result.err).toContain(`port ${port}`);
      expect(result.err).toMatch(/--port/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('takes --tls-cert and --tls-key together only', async () => {
    const result = await serveOnce([
      '--data',
      data('half'),
      '--port',
      '0',
      '--tls-cert',
      cert.certFile,
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/--tls-cert and --tls-key go together/);
  });

  it('is in the usage', async () => {
    const result = await runBin(['help', 'serve']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/serve \[--host 127\.0\.0\.1\] \[--port 4780\]/);
    expect(result.out).toMatch(/--insecure-public/);
  });
});
