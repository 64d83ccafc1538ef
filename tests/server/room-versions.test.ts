import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findRoomVersions, type RoomVersions } from '../../src/team/room-versions.js';
import { shardRoom } from '../../src/team/workspace/index.js';
import { connectClient, destroyClients, waitSynced, type Client } from './support/clients.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { until } from '../helpers/wait.js';

/*
 * The "rooms changed" announcement (src/team/room-versions.ts): the server's own awareness state
 * in a workspace's core room, counting committed writes per shard room, so that a client of a
 * large workspace opens only the shards that changed.
 */

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => destroyClients());
afterAll(async () => {
  await t?.close();
});

const versions = (client: Client): RoomVersions | undefined =>
  findRoomVersions(client.provider.awareness.getStates());

function write(client: Client, key: string): void {
  client.doc.getMap('m').set(key, key);
}

describe('the rooms-changed announcement', () => {
  it('greets a core client, then counts each write to a shard room, live', async () => {
    const core = connectClient(t.url, t.workspaceId, t.adminToken);
    await waitSynced(core);
    await until('the greeting', () => versions(core) !== undefined);
    const before = versions(core)!;
    const state = shardRoom(t.workspaceId, 'state', 3);
    const timeline = shardRoom(t.workspaceId, 'timeline', 3);
    const base = (room: string) => before.rooms[room] ?? 0;

    const writer = connectClient(t.url, state, t.adminToken);
    await waitSynced(writer);
    write(writer, 'a');
    await until('state write announced', () => versions(core)?.rooms[state] === base(state) + 1);
    write(writer, 'b');
    await until('second write announced', () => versions(core)?.rooms[state] === base(state) + 2);
    expect(versions(core)?.epoch).toBe(before.epoch);
    expect(versions(core)?.rooms[timeline]).toBe(before.rooms[timeline]);

    const notes = connectClient(t.url, timeline, t.adminToken);
    await waitSynced(notes);
    write(notes, 'n');
    await until(
      'timeline write announced',
      () => versions(core)?.rooms[timeline] === base(timeline) + 1,
    );

    // A client joining later is greeted with the counts so far.
    const late = connectClient(t.url, t.workspaceId, t.adminToken);
    await until('late greeting', () => versions(late)?.rooms[state] === base(state) + 2);
  });

  it('does not announce draft or core writes, nor rooms of other workspaces', async () => {
    const core = connectClient(t.url, t.workspaceId, t.adminToken);
    await until('the greeting', () => versions(core) !== undefined);
    const draft = connectClient(t.url, `${t.workspaceId}/draft-conv1`, t.adminToken);
    await waitSynced(draft);
    write(draft, 'x');
    write(core, 'y');
    // A shard write after them: once it is announced, the others would have been too.
    const state = shardRoom(t.workspaceId, 'state', 5);
    const writer = connectClient(t.url, state, t.adminToken);
    await waitSynced(writer);
    write(writer, 'z');
    await until('shard write announced', () => (versions(core)?.rooms[state] ?? 0) > 0);
    expect(
      Object.keys(versions(core)!.rooms).every(
        (room) =>
          room.startsWith(`${t.workspaceId}/state-`) ||
          room.startsWith(`${t.workspaceId}/timeline-`),
      ),
    ).toBe(true);
  });

  it('cannot be overwritten or imitated by a client', async () => {
    const honest = connectClient(t.url, t.workspaceId, t.adminToken);
    await until('the greeting', () => versions(honest) !== undefined);
    const genuine = versions(honest)!;
    const serverId = [...honest.provider.awareness.getStates()].find(([, state]) =>
      findRoomVersions(new Map([[0, state]])),
    )![0];

    const forger = connectClient(t.url, t.workspaceId, t.adminToken);
    await until('forger greeted', () => versions(forger) !== undefined);
    const forged = { roomVersions: { epoch: 'forged', rooms: {} } };
    // Its own state claiming to be the announcement, and the server's own id with a newer clock.
    forger.provider.awareness.setLocalState(forged);
    const meta = forger.provider.awareness.meta.get(serverId)!;
    forger.provider.awareness.states.set(serverId, forged);
    meta.clock += 5;
    forger.provider.awareness.emit('update', [
      { added: [], updated: [serverId], removed: [] },
      'local',
    ]);
    // Presence still flows: a marker after the forgeries arrives, the forgeries never do.
    const marker = connectClient(t.url, t.workspaceId, t.adminToken);
    marker.provider.awareness.setLocalState({ name: 'marker' });
    await until('the marker', () =>
      [...honest.provider.awareness.getStates().values()].some(
        (state) => (state as { name?: string }).name === 'marker',
      ),
    );
    const claims = [...honest.provider.awareness.getStates().values()].filter((state) =>
      findRoomVersions(new Map([[0, state]])),
    );
    expect(claims).toEqual([{ roomVersions: genuine }]);
  });

  it('names each server run with its own epoch', async () => {
    const other = await startTestServer();
    try {
      const a = connectClient(other.url, other.workspaceId, other.adminToken);
      await until('greeting', () => versions(a) !== undefined);
      const c = connectClient(t.url, t.workspaceId, t.adminToken);
      await until('greeting', () => versions(c) !== undefined);
      expect(versions(a)!.epoch).not.toBe(versions(c)!.epoch);
    } finally {
      await other.close();
    }
  });
});
