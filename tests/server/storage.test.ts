import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AckTracker, connectClient, destroyClients, waitSynced } from './support/clients.js';
import { startTestServer, storedRows, type TestServer } from './support/test-server.js';
import { until } from '../helpers/wait.js';

/* SQLite storage: compaction, idle rooms leaving memory, a restart on the same data. */

const COMPACT_AFTER = 20;
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ compactAfterUpdates: COMPACT_AFTER, roomIdleMs: 100 });
});
afterEach(() => destroyClients());
afterAll(async () => {
  await t?.close();
});

describe('storage', () => {
  it('compacts a room into fewer rows with the same content', async () => {
    const room = `${t.workspaceId}/compaction`;
    const writer = connectClient(t.url, room, t.adminToken);
    await waitSynced(writer);
    const tracker = new AckTracker(writer);
    const text = writer.doc.getText('body');
    let peak = 0;
    for (let index = 0; index < 80; index += 1) {
      text.insert(text.length, `line ${index}\n`);
      if (index % 7 === 3) text.delete(0, 3);
      await tracker.ack();
      peak = Math.max(peak, storedRows(t.db, room));
    }
    expect(peak).toBeLessThanOrEqual(COMPACT_AFTER + 2);
    expect(storedRows(t.db, room)).toBeLessThanOrEqual(COMPACT_AFTER + 1);

    const reader = connectClient(t.url, room, t.adminToken);
    await waitSynced(reader);
    expect(reader.doc.getText('body').toJSON()).toBe(text.toJSON());
  });

  it('unloads a room once its clients are gone, compacted to one row, and loads it again', async () => {
    const room = `${t.workspaceId}/idle`;
    const writer = connectClient(t.url, room, t.adminToken);
    await waitSynced(writer);
    const tracker = new AckTracker(writer);
    for (let index = 0; index < 5; index += 1) {
      writer.doc.getMap('state').set(`k${index}`, index);
      await tracker.ack();
    }
    expect(t.server.hub.stats().rooms).toBeGreaterThan(0);
    writer.destroy();
    await until('the room to unload', () => t.server.hub.stats().rooms === 0, 5000);
    expect(storedRows(t.db, room)).toBe(1);

    const back = connectClient(t.url, room, t.adminToken);
    await waitSynced(back);
    expect(back.doc.getMap('state').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 });
  });

  it('serves the same documents after a restart on the same data directory', async () => {
    const room = `${t.workspaceId}/restart`;
    const writer = connectClient(t.url, room, t.adminToken);
    await waitSynced(writer);
    writer.doc.getArray('items').push(['kept across restarts']);
    await new AckTracker(writer).ack();
    writer.destroy();

    await t.restart();
    const reader = connectClient(t.url, room, t.adminToken, { doc: new Y.Doc() });
    await waitSynced(reader);
    expect(reader.doc.getArray('items').toArray()).toEqual(['kept across restarts']);
  });
});
