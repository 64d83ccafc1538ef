import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/server/close-codes.js';
import { TokenBucket } from '../../src/server/rate-limiter.js';
import { selfSignedCert } from '../helpers/self-signed-cert.js';
import { until } from '../helpers/wait.js';
import {
  AckTracker,
  connectClient,
  destroyClients,
  rawClient,
  updateFrame,
  waitSynced,
  type RawClient,
} from './support/clients.js';
import {
  openSlowSocket,
  partialUpgradeHead,
  serverLetGo,
  upgradeHead,
  type SlowSocket,
} from './support/slow-socket.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/*
 * The server's quotas (src/server/quotas.ts), each against real clients of a real server: over
 * the limit refused with its own code or HTTP status, under it served, and other members and
 * addresses unaffected.
 */

const AWARENESS_BYTES = 1024;
const MEMBER_BURST = 40;

let t: TestServer;
const raws: RawClient[] = [];
const slow: SlowSocket[] = [];

beforeAll(async () => {
  t = await startTestServer({
    quotas: {
      connectionsPerMember: 3,
      newRoomsBurst: 2,
      // No refill within a test run: a refused room stays refused.
      newRoomsPerMinute: 0.01,
      awarenessBytesPerConnection: AWARENESS_BYTES,
      memberRate: { burstMessages: MEMBER_BURST, messagesPerSecond: 1 },
    },
  });
});
afterEach(() => {
  destroyClients();
  for (const client of raws.splice(0)) client.ws.terminate();
  for (const socket of slow.splice(0)) socket.socket.destroy();
});
afterAll(async () => {
  await t?.close();
});

let members = 0;
/** A member of its own for each use: quotas are per member. */
const newMember = (server: TestServer = t) => server.addMember('agent', `member${++members}`);

function raw(...args: Parameters<typeof rawClient>): RawClient {
  const client = rawClient(...args);
  raws.push(client);
  return client;
}

/** A raw client the server accepted and greeted (its step 1). */
async function greeted(client: RawClient): Promise<RawClient> {
  expect(await client.upgrade).toBe('open');
  await until('the server to greet the client', () => client.messages.length > 0);
  return client;
}

/** The code the server closes the client with (waited for 10 s at most). */
async function closeCode(client: RawClient): Promise<number> {
  let code: number | undefined;
  void client.closed.then((closed) => (code = closed.code));
  await until('the server to close the connection', () => code !== undefined);
  return code!;
}

/** A raw client the server accepted, then closed before sending it anything. */
async function refusedWith(client: RawClient): Promise<number> {
  expect(await client.upgrade).toBe('open');
  const code = await closeCode(client);
  expect(client.messages).toEqual([]);
  return code;
}

describe('per-member quotas', () => {
  it("closes a member's connection over its limit (4530) before any sync; other members connect", async () => {
    const many = newMember();
    const room = `/${t.workspaceId}/connections`;
    const held = await Promise.all([0, 1, 2].map(() => greeted(raw(t.url, room, many.token))));
    expect(await refusedWith(raw(t.url, room, many.token))).toBe(CLOSE_CODES.TOO_MANY_CONNECTIONS);
    await greeted(raw(t.url, room, newMember().token));
    expect(held.map((client) => client.ws.readyState)).toEqual(held.map(() => WebSocket.OPEN));

    // The stock client is refused before it synced, so its failures add up (its backoff grows
    // instead of a tight loop), and it gets in once a connection of the member is gone.
    const stock = connectClient(t.url, room.slice(1), many.token);
    await until(
      'three refusals',
      () => stock.closes.filter((code) => code === CLOSE_CODES.TOO_MANY_CONNECTIONS).length >= 3,
    );
    expect(stock.provider.wsUnsuccessfulReconnects).toBeGreaterThanOrEqual(3);
    held[0]!.ws.close();
    await waitSynced(stock);
  });

  it('closes a connection that would bring one room too many into memory (4531)', async () => {
    const maker = newMember();
    const path = (name: string) => `/${t.workspaceId}/${name}`;
    await greeted(raw(t.url, path('new-a'), maker.token));
    await greeted(raw(t.url, path('new-b'), maker.token));
    expect(await refusedWith(raw(t.url, path('new-c'), maker.token))).toBe(
      CLOSE_CODES.TOO_MANY_NEW_ROOMS,
    );
    // A room already in memory costs nothing; another member has a budget of its own.
    await greeted(raw(t.url, path('new-a'), maker.token));
    await greeted(raw(t.url, path('new-c'), newMember().token));
  });

  it('refuses presence over the size quota (4413): not applied, not relayed', async () => {
    const room = `${t.workspaceId}/presence-quota`;
    const watcher = connectClient(t.url, room, newMember().token);
    const shown = new Set<string>();
    watcher.provider.awareness.on('change', () => {
      for (const state of watcher.provider.awareness.getStates().values())
        shown.add(JSON.stringify(state));
    });
    const big = connectClient(t.url, room, newMember().token);
    await Promise.all([waitSynced(watcher), waitSynced(big)]);

    big.provider.awareness.setLocalState({ name: 'x'.repeat(2 * AWARENESS_BYTES) });
    await until('the big presence to be refused', () =>
      big.closes.includes(CLOSE_CODES.AWARENESS_TOO_BIG),
    );
    // 44xx: the stock client does not come back to send it again.
    expect(big.provider.shouldConnect).toBe(false);

    const fitting = connectClient(t.url, room, newMember().token);
    fitting.provider.awareness.setLocalState({ name: 'y'.repeat(AWARENESS_BYTES - 100) });
    await until('the watcher to see a presence under the quota', () =>
      [...shown].some((state) => state.includes('y'.repeat(AWARENESS_BYTES - 100))),
    );
    expect([...shown].some((state) => state.includes('xxxx'))).toBe(false);
    expect(watcher.closes).toEqual([]);
    expect(fitting.closes).toEqual([]);
  });

  it('counts every presence one connection holds, whatever the number of client ids', async () => {
    const room = `/${t.workspaceId}/presence-many`;
    const state = JSON.stringify({ name: 'z'.repeat(AWARENESS_BYTES / 3) });
    const under = await greeted(raw(t.url, room, newMember().token));
    under.ws.send(awarenessFrame([101, 102], state));
    const over = await greeted(raw(t.url, room, newMember().token));
    over.ws.send(awarenessFrame([201, 202, 203], state));
    expect(await closeCode(over)).toBe(CLOSE_CODES.AWARENESS_TOO_BIG);

    // The room holds the two states under the quota and none of the three over it.
    const late = connectClient(t.url, room.slice(1), newMember().token);
    await until('a late client to see the two states', () =>
      [101, 102].every((id) => late.provider.awareness.getStates().has(id)),
    );
    expect([201, 202, 203].some((id) => late.provider.awareness.getStates().has(id))).toBe(false);
    expect(under.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("closes a member's connections past their joint rate (4532); another member writes on", async () => {
    const room = `/${t.workspaceId}/member-rate`;
    const flooders = await Promise.all(
      [0, 1, 2].map(() => greeted(raw(t.url, room, newMember().token))),
    );
    const member = newMember();
    const floods = await Promise.all([0, 1].map(() => greeted(raw(t.url, room, member.token))));
    // Each connection stays far under its own limit (500 messages); the member does not.
    for (const client of floods)
      for (let index = 0; index < MEMBER_BURST; index += 1)
        client.ws.send(updateFrame(edit(`flood ${index}`)));
    expect(await Promise.race(floods.map((client) => closeCode(client)))).toBe(
      CLOSE_CODES.MEMBER_RATE_LIMITED,
    );

    const calm = connectClient(t.url, room.slice(1), newMember().token);
    const ack = new AckTracker(calm);
    await waitSynced(calm);
    for (let index = 0; index < 10; index += 1) calm.doc.getArray('log').push([index]);
    await ack.ack();
    expect(calm.closes).toEqual([]);
    expect(flooders.map((client) => client.ws.readyState)).toEqual(
      flooders.map(() => WebSocket.OPEN),
    );
  });

  it('refills budgets over time, up to their burst', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 1, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    now += 1500;
    expect(bucket.take()).toBe(false);
    now += 10_000;
    expect(bucket.full).toBe(true);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });
});

describe('per-address quotas, before authentication', () => {
  it('answers 429 to a socket over the cap of unfinished upgrades; other addresses connect', async () => {
    const a = await startTestServer({
      quotas: { pendingSocketsPerAddress: 3, upgradeTimeoutMs: 60_000 },
    });
    try {
      const path = `/${a.workspaceId}`;
      // Upgraded sockets do not count.
      const upgraded = await Promise.all(
        [0, 1, 2].map(() => greeted(raw(a.url, path, a.adminToken))),
      );
      slow.push(...(await Promise.all([0, 1, 2].map(() => openSlowSocket(a.url)))));
      const over = raw(a.url, path, a.adminToken);
      expect(await over.upgrade).toBe(429);
      await greeted(raw(a.url, path, a.adminToken, { localAddress: '127.0.0.2' }));
      expect(upgraded.map((client) => client.ws.readyState)).toEqual(
        upgraded.map(() => WebSocket.OPEN),
      );

      // One silent socket gone, the address is under the cap again.
      slow[0]!.socket.destroy();
      expect(
        await until(async () => (await raw(a.url, path, a.adminToken).upgrade) === 'open', 10_000),
      ).toBe(true);
      expect(a.logs.some((line) => line.startsWith('refusing sockets of 127.0.0.1'))).toBe(true);
    } finally {
      await a.close();
    }
  });

  it('answers 408 and closes sockets that do not finish their upgrade in time (slowloris)', async () => {
    const a = await startTestServer({ quotas: { upgradeTimeoutMs: 1000 } });
    try {
      const path = `/${a.workspaceId}`;
      const client = await greeted(raw(a.url, path, a.adminToken));
      const partial = await openSlowSocket(a.url, { send: partialUpgradeHead(path) });
      const silent = await openSlowSocket(a.url);
      slow.push(partial, silent);
      expect(await until(() => partial.isClosed() && silent.isClosed(), 20_000)).toBe(true);
      expect(partial.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(silent.received()).toMatch(/^HTTP\/1\.1 408 /);
      // Connected before them, it is older than the limit: upgraded sockets are not timed.
      expect(client.ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      await a.close();
    }
  });

  it('lets go of a socket refused at its upgrade even when the client keeps its side open', async () => {
    const refused = await openSlowSocket(t.url, {
      send: upgradeHead(`/${t.workspaceId}?token=sb_unknown`),
      holdOpen: true,
    });
    slow.push(refused);
    await until('the refusal', () => refused.received().startsWith('HTTP/1.1 401 '));
    expect(await serverLetGo(refused, 15_000)).toBe(true);
  });

  it('does the same over TLS: 408 after the handshake, closed during it, and the cap', async (context) => {
    const made = selfSignedCert(t.dataDir);
    if (!made) {
      context.skip('openssl is not installed: cannot make a self-signed certificate');
      return;
    }
    const tls = { cert: made.cert, key: made.key };
    const a = await startTestServer({
      tls,
      quotas: { pendingSocketsPerAddress: 2, upgradeTimeoutMs: 2000 },
    });
    try {
      const path = `/${a.workspaceId}`;
      const partial = await openSlowSocket(a.url, { tls: true, send: partialUpgradeHead(path) });
      const noHandshake = await openSlowSocket(a.url);
      slow.push(partial, noHandshake);
      // Over the cap: closed without a handshake (the ws client sees the socket end).
      expect(await raw(a.url, path, a.adminToken, { ca: tls.cert }).upgrade).toBe(0);

      expect(await until(() => partial.isClosed() && noHandshake.isClosed(), 20_000)).toBe(true);
      expect(partial.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(noHandshake.received()).toBe('');
      await greeted(raw(a.url, path, a.adminToken, { ca: tls.cert }));
    } finally {
      await a.close();
    }
  });
});

/** A distinct small update. */
function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** An awareness message setting `state` (JSON) for each of `clientIds`, clock 1. */
function awarenessFrame(clientIds: number[], state: string): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, clientIds.length);
  for (const clientId of clientIds) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, 1);
    encoding.writeVarString(update, state);
  }
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, 1);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}
