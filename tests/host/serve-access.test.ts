import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import {
  cookieOf,
  fetchRaw,
  landingTarget,
  TestSocket,
  upgradeStatus,
  type RawResponse,
} from './support/host-clients.js';
import { makeStaticSite, type StaticSite } from './support/static-site.js';
import { spawnServe, stopAll, type ServeProcess } from './support/serve-process.js';

/*
 * `switchboard serve` through the real executable: nothing without this launch's key, the key
 * traded for a cookie, the renderer served with strict headers, no file outside it.
 */

let dir: string;
let site: StaticSite;
let served: ServeProcess;
const processes: ServeProcess[] = [];

beforeAll(async () => {
  assertBuildIsCurrent();
  dir = await mkdtemp(join(tmpdir(), 'switchboard-serve-'));
  site = await makeStaticSite(dir);
  served = await spawnServe(['--data', join(dir, 'data'), '--port', '0'], {
    rendererDir: site.root,
  });
  processes.push(served);
});

afterAll(async () => {
  await stopAll(processes);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const withKey = (path: string) => `${path}${path.includes('?') ? '&' : '?'}key=${served.key}`;

async function cookie(): Promise<string> {
  return cookieOf(await fetchRaw(served.origin, withKey('/')));
}

function expectStrictHeaders(response: RawResponse): void {
  const csp = String(response.headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toMatch(/script-src 'self'(;|$)/);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
}

describe('switchboard serve: the launch key', () => {
  it('prints the URL to open, carrying a fresh key of at least 128 bits, as its last line', () => {
    const lines = served.stdout().trimEnd().split('\n');
    expect(lines.at(-1)).toBe(served.url.href);
    expect(served.url.hostname).toBe('127.0.0.1');
    expect(served.url.pathname).toBe('/');
    expect(Buffer.from(served.key, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(served.key).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('serves nothing without the key: 401 for the page, a file, an app route and the WebSocket', async () => {
    for (const path of ['/', '/index.html', '/assets/app-3f2a.js', '/inbox', '/ws']) {
      const response = await fetchRaw(served.origin, path);
      expect(response.status, path).toBe(401);
      expect(response.body, path).not.toContain('Switchboard test page');
      expect(response.body, path).not.toContain('export const app');
      expectStrictHeaders(response);
    }
    expect(await upgradeStatus(served.socketUrl, { origin: served.origin })).toMatchObject({
      status: 401,
    });
  });

  it('refuses a wrong key, in the URL, in a cookie or in the WebSocket upgrade, with 403', async () => {
    const good = await cookie();
    const name = good.split('=')[0]!;
    const wrongKey = `${served.key.slice(0, -1)}${served.key.endsWith('A') ? 'B' : 'A'}`;
    const inUrl = await fetchRaw(served.origin, `/?key=${wrongKey}`);
    expect(inUrl.status).toBe(403);
    expect(inUrl.headers['set-cookie']).toBeUndefined();
    const inCookie = await fetchRaw(served.origin, '/', { headers: { cookie: `${name}=x` } });
    expect(inCookie.status).toBe(403);
    expect(inCookie.body).not.toContain('Switchboard test page');
    expect(
      (await upgradeStatus(served.socketUrl, { origin: served.origin, cookie: `${name}=x` }))
        .status,
    ).toBe(403);
    expect(
      (
        await upgradeStatus(`${served.socketUrl}?key=${wrongKey}`, {
          origin: served.origin,
        })
      ).status,
    ).toBe(403);
  });

  it('trades the key for an HttpOnly, SameSite=Strict cookie and moves on to the address without it', async () => {
    const visit = await fetchRaw(served.origin, withKey('/'));
    expect(visit.status).toBe(200);
    expect(landingTarget(visit)).toBe('/');
    expect(visit.body).not.toContain('Switchboard test page');
    expect(visit.body).not.toContain(served.key);
    expect(visit.headers['cache-control']).toBe('no-store');
    expectStrictHeaders(visit);
    const set = visit.headers['set-cookie']![0]!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    expect(set).toMatch(/Path=\//);
    expect(set).not.toMatch(/Secure/i);
    expect(set).toContain(served.key);
    // The cookie is per port: two hosts on one machine do not take each other's.
    expect(set.split('=')[0]).toContain(served.url.port);

    const route = await fetchRaw(served.origin, withKey('/inbox?view=mine'));
    expect(landingTarget(route)).toBe('/inbox?view=mine');

    // A path that a browser would read as another site's ("//evil.example") goes home instead.
    for (const path of ['//evil.example/', '/\\evil.example/']) {
      const offsite = await fetchRaw(served.origin, withKey(path));
      expect(landingTarget(offsite), path).toBe('/');
    }
  });
});

describe('switchboard serve: the renderer', () => {
  it('serves the page with the cookie (or the key as a bearer token), with strict headers', async () => {
    const page = await fetchRaw(served.origin, '/', { headers: { cookie: await cookie() } });
    expect(page.status).toBe(200);
    expect(page.body).toBe(site.index);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expectStrictHeaders(page);
    expect(String(page.headers['content-security-policy'])).toContain(
      `connect-src 'self' ws://127.0.0.1:${served.url.port}`,
    );

    const bearer = await fetchRaw(served.origin, '/', {
      headers: { authorization: `Bearer ${served.key}` },
    });
    expect(bearer.status).toBe(200);
    expect(bearer.body).toBe(site.index);
  });

  it('serves each file with its content type, app routes with the page, and lists no directory', async () => {
    const headers = { cookie: await cookie() };
    for (const [path, { body, type }] of Object.entries(site.files)) {
      const response = await fetchRaw(served.origin, path, { headers });
      expect(response.status, path).toBe(200);
      expect(response.body, path).toBe(body);
      expect(response.headers['content-type'], path).toBe(type);
      expectStrictHeaders(response);
    }
    for (const route of ['/inbox', '/conversations/abc-123', '/settings/accounts']) {
      const response = await fetchRaw(served.origin, route, { headers });
      expect(response.status, route).toBe(200);
      expect(response.body, route).toBe(site.index);
    }
    // A directory is an app route like any other: the page, never a listing of its files.
    for (const directory of ['/assets', '/assets/', '/fonts/']) {
      const response = await fetchRaw(served.origin, directory, { headers });
      expect(response.body, directory).toBe(site.index);
      expect(response.body, directory).not.toContain('logo.svg');
      expect(response.body, directory).not.toContain('inter.woff2');
    }
    expect((await fetchRaw(served.origin, '/assets/missing-1234.js', { headers })).status).toBe(
      404,
    );
    const dotfile = await fetchRaw(served.origin, '/.env', { headers });
    expect(dotfile.status).toBe(404);
    expect(dotfile.body).not.toContain('DOTFILE');
    const head = await fetchRaw(served.origin, '/assets/app-3f2a.js', { headers, method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(
      String(site.files['/assets/app-3f2a.js']!.body.length),
    );
    const post = await fetchRaw(served.origin, '/', { headers, method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('refuses every path that leaves the renderer directory', async () => {
    const headers = { cookie: await cookie() };
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/%00.js',
      '/%zz',
    ]) {
      const response = await fetchRaw(served.origin, path, { headers });
      expect([400, 404], path).toContain(response.status);
      expect(response.body, path).not.toContain(site.secret);
    }
  });
});

describe('switchboard serve: the WebSocket', () => {
  it('refuses an upgrade from another origin, without an origin, or without the protocol', async () => {
    const key = await cookie();
    for (const origin of ['http://evil.example', 'http://127.0.0.1:1', 'null']) {
      const refused = await upgradeStatus(served.socketUrl, { origin, cookie: key });
      expect(refused.status, origin).toBe(403);
    }
    expect((await upgradeStatus(served.socketUrl, { origin: null, cookie: key })).status).toBe(403);
    expect(
      (
        await upgradeStatus(served.socketUrl, {
          origin: served.origin,
          cookie: key,
          protocols: ['switchboard.v0'],
        })
      ).status,
    ).toBe(400);
    expect(
      (await upgradeStatus(served.socketUrl, { origin: served.origin, cookie: key })).status,
    ).toBe(101);
  });

  it('answers calls through the app, names the field of an invalid one, and pushes events', async () => {
    const options = { origin: served.origin, cookie: await cookie() };
    const socket = await TestSocket.open(served.socketUrl, options);
    const watcher = await TestSocket.open(served.socketUrl, options);
    try {
      expect(await socket.call('session.whoami')).toMatchObject({
        ok: true,
        result: { solo: true, memberId: null },
      });
      expect(await socket.call('accounts.list', {})).toEqual({ id: 2, ok: true, result: [] });

      const invalid = await socket.call('accounts.add', {
        name: 'Support',
        email: 'not an address',
        imapUrl: 'imap://support@127.0.0.1:1',
      });
      expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid', field: 'email' } });
      const unknownKey = await socket.call('accounts.list', { actor: 'someone@example.com' });
      expect(unknownKey).toMatchObject({ ok: false, error: { code: 'invalid', field: 'actor' } });
      expect(await socket.call('accounts.explode', {})).toMatchObject({
        ok: false,
        error: { code: 'usage', field: 'method' },
      });
      // A password named by an environment variable of the host's process is the CLI's only:
      // a page must not make the host send one of its variables to a server of the page's choice.
      const byVariable = await socket.call('accounts.add', {
        name: 'Support',
        email: 'support@example.com',
        imapUrl: 'imap://support@127.0.0.1:1',
        password: { env: 'HOME' },
      });
      expect(byVariable).toMatchObject({
        ok: false,
        error: { code: 'invalid', field: 'password' },
      });

      // A frame that is no call is answered, naming what is wrong, and the connection stays.
      socket.ws.send('{"id": 99, "method": 12}');
      expect(await socket.answer(99)).toMatchObject({
        ok: false,
        error: { code: 'invalid', field: 'method' },
      });
      socket.ws.send('not json');
      expect(await socket.answer(null)).toMatchObject({ ok: false, error: { code: 'invalid' } });

      const added = await socket.call('accounts.add', {
        name: 'Support',
        email: 'support@example.com',
        imapUrl: 'imap://support@127.0.0.1:1',
      });
      expect(added).toMatchObject({ ok: true });
      const id = (added as { result: { id: string } }).result.id;
      // Every connected page hears it.
      expect(await watcher.event('accounts.changed')).toEqual({
        type: 'accounts.changed',
        account: id,
        change: 'added',
      });
      expect(await socket.event('accounts.changed')).toMatchObject({ account: id });
      expect(await socket.call('accounts.list')).toMatchObject({
        ok: true,
        result: [{ id, email: 'support@example.com' }],
      });
    } finally {
      socket.close();
      watcher.close();
    }
  });

  it('stops on SIGTERM with exit code 0, closing its connections as going away', async () => {
    const socket = await TestSocket.open(served.socketUrl, {
      origin: served.origin,
      cookie: await cookie(),
    });
    served.child.kill('SIGTERM');
    expect((await socket.closed).code).toBe(1001);
    expect(await served.exited).toEqual({ code: 0, signal: null });
  });
});
