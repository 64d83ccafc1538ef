import type { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, destroyClients, waitSynced, type Client } from './support/clients.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { until } from '../helpers/wait.js';

/* Presence (y-protocols awareness) relayed through the server, and removed when a client goes. */

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => destroyClients());
afterAll(async () => {
  await t?.close();
});

const names = (client: Client) =>
  [...client.provider.awareness.getStates().values()]
    .map((state) => (state as { name?: string }).name)
    .filter(Boolean)
    .sort();

describe('presence', () => {
  it('shows who is here to the others, and to clients that come later', async () => {
    const room = `${t.workspaceId}/presence`;
    const ada = connectClient(t.url, room, t.adminToken);
    ada.provider.awareness.setLocalState({ name: 'Ada' });
    const bob = connectClient(t.url, room, t.adminToken);
    bob.provider.awareness.setLocalState({ name: 'Bob' });
    await Promise.all([waitSynced(ada), waitSynced(bob)]);
    await until('both to see both', () => names(ada).length === 2 && names(bob).length === 2);
    const late = connectClient(t.url, room, t.adminToken);
    await until('a late client to see both', () => names(late).join() === 'Ada,Bob');
  });

  it('removes the presence of a client whose connection drops without a goodbye', async () => {
    const room = `${t.workspaceId}/presence-drop`;
    const ada = connectClient(t.url, room, t.adminToken);
    ada.provider.awareness.setLocalState({ name: 'Ada' });
    const bob = connectClient(t.url, room, t.adminToken);
    bob.provider.awareness.setLocalState({ name: 'Bob' });
    await until('ada to see bob', () => names(ada).join() === 'Ada,Bob');

    // Cut bob's socket without the awareness "null" a clean disconnect sends: only the server
    // can tell the others that bob is gone.
    bob.provider.shouldConnect = false;
    (bob.provider.ws as unknown as WebSocket).terminate();
    await until('bob to disappear for ada', () => names(ada).join() === 'Ada');
    expect(names(ada)).toEqual(['Ada']);
  });

  it('removes the presence of a client that leaves cleanly', async () => {
    const room = `${t.workspaceId}/presence-leave`;
    const ada = connectClient(t.url, room, t.adminToken);
    ada.provider.awareness.setLocalState({ name: 'Ada' });
    const bob = connectClient(t.url, room, t.adminToken);
    bob.provider.awareness.setLocalState({ name: 'Bob' });
    await until('ada to see bob', () => names(ada).join() === 'Ada,Bob');
    bob.destroy();
    await until('bob to disappear for ada', () => names(ada).join() === 'Ada');
  });
});
