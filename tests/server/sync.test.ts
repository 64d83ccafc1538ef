import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { until } from '../helpers/wait.js';
import { AckTracker, connectClient, destroyClients, waitSynced } from './support/clients.js';
import { startTestServer, storedRows, type TestServer } from './support/test-server.js';

/* Stock y-websocket clients against a real server: convergence, offline work, rooms, the ack. */

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => destroyClients());
afterAll(async () => {
  await t?.close();
});

const text = (doc: Y.Doc) => doc.getText('body').toJSON();

describe('sync server', () => {
  it('makes three clients editing at once converge', async () => {
    const clients = [0, 1, 2].map(() => connectClient(t.url, t.workspaceId, t.adminToken));
    await Promise.all(clients.map((client) => waitSynced(client)));
    for (let round = 0; round < 20; round += 1) {
      clients.forEach((client, index) => {
        client.doc.getText('body').insert(0, `${index}`);
        client.doc.getMap('tags').set(`c${index}`, round);
      });
    }
    await until('convergence', () =>
      clients.every(
        (client) => text(client.doc) === text(clients[0]!.doc) && text(client.doc).length === 60,
      ),
    );
    expect(clients.map((client) => client.doc.getMap('tags').toJSON())).toEqual(
      clients.map(() => ({ c0: 19, c1: 19, c2: 19 })),
    );
  });

  it('merges the edits of a client that went offline when it reconnects', async () => {
    const room = `${t.workspaceId}/conversation-1`;
    const a = connectClient(t.url, room, t.adminToken);
    const b = connectClient(t.url, room, t.adminToken);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    a.doc.getArray('notes').push(['before']);
    a.provider.awareness.setLocalState({ name: 'a' });
    const seesA = () => b.provider.awareness.getStates().has(a.doc.clientID);
    await until(
      'b to see a and its presence',
      () => b.doc.getArray('notes').length === 1 && seesA(),
    );

    a.provider.disconnect();
    a.doc.getArray('notes').push(['offline a']);
    b.doc.getArray('notes').push(['online b']);
    // The server removes a's presence when it reads the end of a's connection: whatever a sent
    // before is in by then. A client joining afterwards is answered once every write the server
    // received is applied (the ack), so it sees all the server has.
    await until("the server to see a leave (b loses a's presence)", () => !seesA());
    await new AckTracker(b).ack();
    const late = connectClient(t.url, room, t.adminToken);
    await waitSynced(late);
    expect(late.doc.getArray('notes').toArray()).toEqual(['before', 'online b']);
    expect(b.doc.getArray('notes').toArray()).not.toContain('offline a');

    a.provider.connect();
    const both = (doc: Y.Doc) =>
      ['before', 'offline a', 'online b'].every((note) =>
        doc.getArray('notes').toArray().includes(note),
      );
    await until('both to merge', () => both(a.doc) && both(b.doc));
    expect(a.doc.getArray('notes').toArray()).toEqual(b.doc.getArray('notes').toArray());
  });

  it('keeps the rooms of a workspace independent', async () => {
    const one = connectClient(t.url, `${t.workspaceId}/room-one`, t.adminToken);
    const two = connectClient(t.url, `${t.workspaceId}/room-two`, t.adminToken);
    await Promise.all([waitSynced(one), waitSynced(two)]);
    one.doc.getText('body').insert(0, 'only in one');
    const tracker = new AckTracker(one);
    await tracker.ack();
    const late = connectClient(t.url, `${t.workspaceId}/room-two`, t.adminToken);
    await waitSynced(late);
    expect(text(late.doc)).toBe('');
    expect(text(two.doc)).toBe('');
  });

  it('acknowledges with its state vector only once the update is stored', async () => {
    const room = `${t.workspaceId}/ack`;
    const client = connectClient(t.url, room, t.adminToken);
    await waitSynced(client);
    const tracker = new AckTracker(client);
    for (let index = 0; index < 50; index += 1) client.doc.getArray('items').push([index]);
    const acked = await tracker.ack();
    expect(tracker.covers(acked)).toBe(true);
    expect(storedRows(t.db, room)).toBeGreaterThan(0);
    // What the server acknowledged is in its database: a fresh doc from the rows has it all.
    const rows = t.db.prepare('SELECT data FROM room_updates WHERE room = ?').all(room) as Array<{
      data: Buffer;
    }>;
    const stored = new Y.Doc();
    for (const row of rows) Y.applyUpdate(stored, row.data);
    expect(stored.getArray('items').toArray()).toEqual([...Array(50).keys()]);
  });
});
