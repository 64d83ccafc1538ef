import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/wait.js';
import { connectClient, destroyClients, waitSynced, type Client } from './support/clients.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/*
 * The stock y-websocket client closes a connection on which it received no message for 30 s
 * (`messageReconnectTimeout`; WebSocket pings do not count, it watches messages). However quiet
 * its room, the server must keep it talking: a lone client, one whose presence is null (it then
 * renews nothing), and an idle pair, watched for 70 s (twice the client's limit and more), at
 * once to keep the suite short. Long by nature, hence a file of its own.
 */

const WATCH_MS = 70_000;
/** y-websocket's `messageReconnectTimeout`, a constant of its module. */
const STOCK_CLIENT_SILENCE_MS = 30_000;

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => destroyClients());
afterAll(async () => {
  await t?.close();
});

interface Watched {
  name: string;
  client: Client;
  /** The provider's socket once synced: a reconnect replaces it. */
  socket: unknown;
  events: string[];
}

function watch(name: string, client: Client): Watched {
  const watched: Watched = { name, client, socket: undefined, events: [] };
  client.provider.on('connection-close', (event: unknown) =>
    watched.events.push(`close ${(event as { code?: number } | null)?.code ?? 'by the client'}`),
  );
  client.provider.on('status', ({ status }: { status: string }) =>
    watched.events.push(`status ${status}`),
  );
  return watched;
}

describe('stock clients in quiet rooms', () => {
  it(
    'stay connected for 70 s: alone, alone without presence, and as an idle pair',
    async () => {
      const lone = connectClient(t.url, `${t.workspaceId}/lone`, t.adminToken);
      const silent = connectClient(t.url, `${t.workspaceId}/silent`, t.adminToken);
      // No local state: y-protocols renews nothing, so this client never sends a heartbeat.
      silent.provider.awareness.setLocalState(null);
      const pair = [0, 1].map(() => connectClient(t.url, `${t.workspaceId}/pair`, t.adminToken));
      const all = [
        watch('lone', lone),
        watch('silent', silent),
        watch('pair 1', pair[0]!),
        watch('pair 2', pair[1]!),
      ];
      await Promise.all(all.map(({ client }) => waitSynced(client)));
      const start = Date.now();
      for (const watched of all) {
        watched.socket = watched.client.provider.ws;
        watched.events.length = 0;
      }

      // The positive signal: the watch lasted 70 s, and every client heard from the server
      // after its 30 s limit had passed, on the socket it synced on.
      const heardLate = (watched: Watched) =>
        watched.client.provider.wsLastMessageReceived > start + STOCK_CLIENT_SILENCE_MS;
      await until(() => Date.now() - start >= WATCH_MS, WATCH_MS + 1000);
      const survived = await until(
        () => all.every((watched) => heardLate(watched) || watched.events.length > 0),
        5000,
      );
      expect(survived).toBe(true);

      expect(all.map(({ name, events }) => ({ name, events }))).toEqual(
        all.map(({ name }) => ({ name, events: [] })),
      );
      for (const watched of all) {
        expect(watched.client.provider.ws, watched.name).toBe(watched.socket);
        expect(watched.client.provider.wsconnected, watched.name).toBe(true);
        expect(heardLate(watched), watched.name).toBe(true);
      }
      expect(t.server.hub.stats().sessions).toBe(4);
    },
    WATCH_MS + 30_000,
  );
});
