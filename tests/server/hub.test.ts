import { afterEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/server/close-codes.js';
import { MemoryRoomStore, type RoomWrite } from '../../src/server/store/room-store.js';
import { SyncHub, type SyncHubOptions } from '../../src/server/sync-hub.js';
import {
  FakePeer,
  principal,
  step1Frame,
  step2Frame,
  tick,
  updateFrame,
} from './support/fake-peer.js';

/* The hub's logic without sockets: ordering of storage, replies and broadcasts; failures. */

const ROOM = 'workspace0000000/room';
const hubs: SyncHub[] = [];
let logs: string[] = [];

function hubWith(store: MemoryRoomStore, options: Partial<SyncHubOptions> = {}): SyncHub {
  logs = [];
  const hub = new SyncHub({ store, log: (line) => logs.push(line), ...options });
  hubs.push(hub);
  return hub;
}

afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});

/** One edit made on a doc of its own, as the update a client would send. */
function edit(change: (doc: Y.Doc) => void, base?: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, base);
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

const storedDoc = (store: MemoryRoomStore, room = ROOM) => {
  const doc = new Y.Doc();
  for (const update of store.rooms.get(room) ?? []) Y.applyUpdate(doc, update);
  return doc;
};

describe('SyncHub', () => {
  it('greets with its step 1, answers a step 1 with step 2 then step 1 once earlier updates are stored', async () => {
    const events: string[] = [];
    let release: () => void = () => {};
    // A store that holds the commit until released: nothing may be sent about it before.
    class SlowStore extends MemoryRoomStore {
      override async append(writes: readonly RoomWrite[]): Promise<void> {
        events.push('append started');
        await new Promise<void>((resolve) => (release = resolve));
        await super.append(writes);
        events.push('append done');
      }
    }
    const store = new SlowStore();
    const hub = hubWith(store);
    const peer = new FakePeer();
    const originalSend = peer.send.bind(peer);
    peer.send = (message) => {
      originalSend(message);
      events.push(`sent ${peer.sent.at(-1)!.kind}`);
    };
    const session = hub.join(peer, ROOM, principal());
    await tick();
    expect(peer.sent.map((m) => m.kind)).toEqual(['step1']);

    const client = new Y.Doc();
    client.clientID = 42;
    client.getText('t').insert(0, 'durable');
    hub.receive(session, updateFrame(Y.encodeStateAsUpdate(client)));
    hub.receive(session, step1Frame(client));
    await tick();
    expect(events).toEqual(['sent step1', 'append started']);
    release();
    await tick();
    expect(events).toEqual([
      'sent step1',
      'append started',
      'append done',
      'sent step2',
      'sent step1',
    ]);
    const ack = peer.sent.at(-1)!;
    expect(ack.kind === 'step1' && ack.stateVector.get(42)).toBe(7);
  });

  it('stores the updates of one tick in one transaction and broadcasts them once', async () => {
    const store = new MemoryRoomStore();
    const hub = hubWith(store);
    const writers = [0, 1, 2].map((index) => ({ peer: new FakePeer(`writer${index}`), index }));
    const sessions = writers.map(({ peer }) => hub.join(peer, ROOM, principal()));
    const watcher = new FakePeer('watcher');
    hub.join(watcher, ROOM, principal('viewer'));
    await tick();
    sessions.forEach((session, index) =>
      hub.receive(session, updateFrame(edit((doc) => doc.getMap('m').set(`k${index}`, index)))),
    );
    await tick();
    expect(store.appendCalls).toBe(1);
    expect(store.rooms.get(ROOM)).toHaveLength(3);
    const updates = watcher.sent.filter((message) => message.kind === 'update');
    expect(updates).toHaveLength(1);
    const seen = new Y.Doc();
    watcher.applyTo(seen);
    expect(seen.getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2 });
    // A lone sender is not sent its own update back.
    const solo = hub.join(new FakePeer(), ROOM, principal());
    await tick();
    const before = writers[0]!.peer.sent.length;
    hub.receive(sessions[0]!, updateFrame(edit((doc) => doc.getMap('m').set('again', 1))));
    await tick();
    expect(writers[0]!.peer.sent.length).toBe(before);
    expect(solo.state).toBe('open');
  });

  it('does not store a step 2 that brings nothing new', async () => {
    const store = new MemoryRoomStore();
    const hub = hubWith(store);
    const session = hub.join(new FakePeer(), ROOM, principal());
    await tick();
    const update = edit((doc) => doc.getText('t').insert(0, 'x'));
    hub.receive(session, updateFrame(update));
    await tick();
    hub.receive(session, step2Frame(update));
    hub.receive(session, step2Frame(new Uint8Array([0, 0])));
    await tick();
    expect(store.rooms.get(ROOM)).toHaveLength(1);
  });

  it('closes the senders when the store fails, applying nothing', async () => {
    class FullDisk extends MemoryRoomStore {
      override append(): Promise<void> {
        return Promise.reject(
          Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
        );
      }
    }
    const store = new FullDisk();
    const hub = hubWith(store);
    const writer = new FakePeer();
    const reader = new FakePeer();
    const session = hub.join(writer, ROOM, principal());
    const readerSession = hub.join(reader, ROOM, principal());
    await tick();
    hub.receive(session, updateFrame(edit((doc) => doc.getText('t').insert(0, 'lost'))));
    hub.receive(readerSession, step1Frame(new Y.Doc()));
    await tick();
    expect(writer.closed?.code).toBe(CLOSE_CODES.INTERNAL_ERROR);
    expect(reader.closed).toBeUndefined();
    expect(reader.sent.some((message) => message.kind === 'update')).toBe(false);
    const step1s = reader.sent.filter((message) => message.kind === 'step1');
    expect(step1s.at(-1)).toEqual({ kind: 'step1', stateVector: new Map() });
    expect(logs.some((line) => line.includes('storage failed'))).toBe(true);
  });

  it('reloads a room when Yjs fails to apply a stored update, and compacts it away', async () => {
    // Found by mutating one byte of a real update: it decodes, but integrating it throws.
    const base = Buffer.from('01010100040101740b68656c6c6f20776f726c6400', 'hex');
    const poison = Buffer.from('01010200c4020201030358595a00', 'hex');
    expect(() => Y.decodeUpdate(poison)).not.toThrow();
    const store = new MemoryRoomStore();
    store.rooms.set(ROOM, [new Uint8Array(base)]);
    const hub = hubWith(store);
    const hostile = new FakePeer('hostile');
    const bystander = new FakePeer('bystander');
    const session = hub.join(hostile, ROOM, principal());
    hub.join(bystander, ROOM, principal());
    await tick();
    hub.receive(session, updateFrame(poison));
    await tick();
    expect(hostile.closed?.code).toBe(CLOSE_CODES.INVALID_UPDATE);
    expect(bystander.closed?.code).toBe(CLOSE_CODES.ROOM_RESET);
    expect(hub.stats().rooms).toBe(0);

    const back = new FakePeer('back');
    hub.join(back, ROOM, principal());
    await tick();
    await hub.flushed();
    expect(back.closed).toBeUndefined();
    expect(store.rooms.get(ROOM)).toHaveLength(1);
    expect(storedDoc(store).getText('t').toJSON()).toBe('hello world');
    expect(logs.some((line) => line.includes('skipping stored update 2 of 2'))).toBe(true);
  });

  it('compacts a room past the threshold and unloads idle rooms', async () => {
    const store = new MemoryRoomStore();
    const hub = hubWith(store, { compactAfterUpdates: 10, roomIdleMs: 30 });
    const peer = new FakePeer();
    const session = hub.join(peer, ROOM, principal());
    await tick();
    const client = new Y.Doc();
    client.on('update', (update: Uint8Array) => hub.receive(session, updateFrame(update)));
    for (let index = 0; index < 25; index += 1) {
      client.getArray('a').push([index]);
      await tick();
    }
    await hub.flushed();
    expect(store.rooms.get(ROOM)!.length).toBeLessThanOrEqual(10);
    expect(storedDoc(store).getArray('a').toArray()).toEqual([...Array(25).keys()]);

    client.getArray('a').push(['last']);
    await tick();
    hub.disconnected(session);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hub.stats()).toEqual({ rooms: 0, sessions: 0 });
    expect(store.rooms.get(ROOM)).toHaveLength(1);

    const again = new FakePeer();
    hub.receive(hub.join(again, ROOM, principal()), step1Frame(new Y.Doc()));
    await tick();
    const seen = new Y.Doc();
    again.applyTo(seen);
    expect(seen.getArray('a').length).toBe(26);
  });

  it('refuses viewer writes but keeps viewers for harmless step 2s', async () => {
    const store = new MemoryRoomStore();
    store.rooms.set(ROOM, [edit((doc) => doc.getText('t').insert(0, 'abc'))]);
    const hub = hubWith(store);
    const viewer = new FakePeer();
    const session = hub.join(viewer, ROOM, principal('viewer'));
    await tick();
    hub.receive(session, step2Frame(new Uint8Array([0, 0])));
    hub.receive(session, step2Frame(store.rooms.get(ROOM)![0]!));
    await tick();
    expect(viewer.closed).toBeUndefined();
    hub.receive(session, updateFrame(edit((doc) => doc.getText('t').insert(0, 'x'))));
    expect(viewer.closed?.code).toBe(CLOSE_CODES.WRITE_FORBIDDEN);
    await tick();
    expect(store.rooms.get(ROOM)).toHaveLength(1);
  });

  it('keeps the presence of a client that reconnected when its old connection is dropped', async () => {
    const hub = hubWith(new MemoryRoomStore());
    const awareness = (clientId: number, clock: number, state: unknown) => {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, clientId);
      encoding.writeVarUint(inner, clock);
      encoding.writeVarString(inner, JSON.stringify(state));
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
      return encoding.toUint8Array(encoder);
    };
    const watcher = new FakePeer('watcher');
    hub.join(watcher, ROOM, principal());
    const old = hub.join(new FakePeer('old'), ROOM, principal());
    const fresh = hub.join(new FakePeer('new'), ROOM, principal());
    await tick();
    hub.receive(old, awareness(7, 1, { name: 'Ada' }));
    hub.receive(fresh, awareness(7, 2, { name: 'Ada' }));
    // A stale update or an echo (stock clients send back what they receive) through another
    // connection changes nothing, ownership included.
    hub.receive(old, awareness(7, 1, { name: 'Ada (stale)' }));
    hub.receive(
      hub.join(new FakePeer('echo'), ROOM, principal()),
      awareness(7, 2, { name: 'Ada' }),
    );
    await tick();
    const seen = () => watcher.sent.filter((message) => message.kind === 'awareness').length;
    const before = seen();
    hub.disconnected(old);
    await tick();
    expect(seen()).toBe(before);
    hub.disconnected(fresh);
    await tick();
    expect(seen()).toBe(before + 1);
  });
});
