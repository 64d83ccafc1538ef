import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import {
  connectHost,
  HostCallError,
  socketUrlOf,
  WIRE_PROTOCOL,
  type HostConnection,
  type LinkState,
} from '../../renderer/transport/index.js';
import { SOCKET_PATH as PAGE_SOCKET_PATH } from '../../renderer/transport/wire.js';
import type { AppEvent, MethodOutput } from '../../src/app/index.js';
import { SOCKET_PATH, WIRE_PROTOCOL as HOST_PROTOCOL } from '../../src/host/index.js';
import { newLaunchKey } from '../../src/host/launch-key.js';
import { until } from '../helpers/wait.js';
import { cookieOf, fetchRaw } from './support/host-clients.js';
import { startServedApp, type ServedApp } from './support/served-app.js';
import { makeStaticSite, type StaticSite } from './support/static-site.js';

/*
 * The page's transport (renderer/transport/) against the real host in this process, in Node with
 * ws's WebSocket told what a browser sends by itself: the page's origin and its cookie.
 */

let dir: string;
let site: StaticSite;
const hosts: ServedApp[] = [];
const links: HostConnection[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-transport-'));
  site = await makeStaticSite(dir);
});

afterEach(async () => {
  for (const link of links.splice(0)) link.close();
  for (const host of hosts.splice(0)) await host.close();
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The WebSocket class of a page opened from `origin` holding `cookie`. */
function pageWebSocket(origin: string, cookie: string): typeof WebSocket {
  class PageWebSocket extends NodeWebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin, headers: { cookie } });
    }
  }
  return PageWebSocket as unknown as typeof WebSocket;
}

async function serve(name: string, options: Parameters<typeof startServedApp>[2] = {}) {
  const served = await startServedApp(join(dir, name), site.root, options);
  hosts.push(served);
  return served;
}

/** A link as the page makes it: the key traded for the cookie, then the socket of its origin. */
async function link(served: ServedApp): Promise<HostConnection> {
  const cookie = cookieOf(await fetchRaw(served.origin, `/?key=${served.key}`));
  const connection = connectHost(socketUrlOf(new URL(served.origin)), {
    WebSocket: pageWebSocket(served.origin, cookie),
    backoff: { firstMs: 20, maxMs: 100 },
  });
  links.push(connection);
  return connection;
}

describe('the page transport', () => {
  it('speaks the host’s protocol version on the host’s endpoint', () => {
    expect(WIRE_PROTOCOL).toBe(HOST_PROTOCOL);
    expect(PAGE_SOCKET_PATH).toBe(SOCKET_PATH);
  });

  it('calls the app as the contract types it, names the field of a refused call, and hears events', async () => {
    const served = await serve('calls');
    const connection = await link(served);
    expect(connection.state).toBe('connecting');
    const events: AppEvent[] = [];
    connection.onEvent((event) => events.push(event));

    // Made before the link is open: it waits for it.
    const me: MethodOutput<'session.whoami'> = await connection.call('session.whoami');
    expect(me).toMatchObject({ solo: true, memberId: null });
    expect(connection.state).toBe('online');
    expect(await connection.call('accounts.list', {})).toEqual([]);

    const refused = await connection
      .call('accounts.add', {
        name: 'Support',
        email: 'not an address',
        imapUrl: 'imap://s@127.0.0.1:1',
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HostCallError);
    expect(refused).toMatchObject({ code: 'invalid', field: 'email' });

    const added = await connection.call('accounts.add', {
      name: 'Support',
      email: 'support@example.com',
      imapUrl: 'imap://support@127.0.0.1:1',
    });
    expect(added.email).toBe('support@example.com');
    await until('the accounts.changed event', () =>
      events.find((event) => event.type === 'accounts.changed' && event.account === added.id),
    );

    if (Date.now() < 0) {
      // Type checks only (tsc runs over the tests): the contract's names and inputs, nothing else.
      // @ts-expect-error an unknown method
      await connection.call('accounts.explode');
      // @ts-expect-error a field the input does not have
      await connection.call('accounts.list', { actor: 'x' });
    }
  });

  it('goes offline when the host goes, fails calls at once while offline, and comes back online', async () => {
    const key = newLaunchKey();
    const first = await serve('restart', { key });
    const connection = await link(first);
    const states: LinkState[] = [];
    connection.onState((state) => states.push(state));
    await connection.call('accounts.list');

    await first.close();
    hosts.splice(hosts.indexOf(first), 1);
    await until('the link to go offline', () => connection.state === 'offline');
    const whileOffline = await connection.call('accounts.list').catch((error: unknown) => error);
    expect(whileOffline).toMatchObject({ code: 'unreachable' });

    // The same launch again (its key, its port): the page's cookie still opens it.
    const again = await serve('restart', { key, port: first.host.port });
    await until('the link to come back', () => connection.state === 'online');
    expect(await connection.call('accounts.list')).toEqual([]);
    expect(states).toEqual(['online', 'offline', 'online']);
    expect(again.host.port).toBe(first.host.port);
  });

  it('fails a call whose host is lost while it runs, saying it may have been done', async () => {
    // A host that takes calls and dies before it answers them.
    const server = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      handleProtocols: () => WIRE_PROTOCOL,
    });
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    server.on('connection', (socket) =>
      socket.on('message', () => {
        socket.terminate();
      }),
    );
    try {
      const connection = connectHost(`ws://127.0.0.1:${port}${SOCKET_PATH}`, {
        WebSocket: NodeWebSocket as unknown as typeof WebSocket,
        backoff: { firstMs: 20, maxMs: 100 },
      });
      links.push(connection);
      const lost = await connection.call('accounts.list').catch((error: unknown) => error);
      expect(lost).toMatchObject({ code: 'unreachable' });
      expect((lost as Error).message).toMatch(/may or may not/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('fails a call when no host answers at all, and a closed link fails calls with closed', async () => {
    const nowhere = await serve('nowhere');
    const port = nowhere.host.port;
    await nowhere.close();
    hosts.splice(hosts.indexOf(nowhere), 1);
    const connection = connectHost(`ws://127.0.0.1:${port}${SOCKET_PATH}`, {
      WebSocket: NodeWebSocket as unknown as typeof WebSocket,
      backoff: { firstMs: 20, maxMs: 100 },
    });
    links.push(connection);
    expect(await connection.call('accounts.list').catch((error: unknown) => error)).toMatchObject({
      code: 'unreachable',
    });
    expect(connection.state).toBe('offline');
    connection.close();
    expect(await connection.call('accounts.list').catch((error: unknown) => error)).toMatchObject({
      code: 'closed',
    });
  });
});
