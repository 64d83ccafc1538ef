import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/server/close-codes.js';
import {
  AckTracker,
  connectClient,
  destroyClients,
  rawClient,
  updateFrame,
  waitSynced,
  type RawClient,
} from './support/clients.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { until } from '../helpers/wait.js';

/*
 * Hostile input: every bad frame closes only its own connection, with a code, and a log line;
 * nothing of it is applied and the other clients keep syncing.
 */

const MAX_MESSAGE = 64 * 1024;
const PING_MS = 150;

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({
    maxMessageBytes: MAX_MESSAGE,
    pingIntervalMs: PING_MS,
    rateLimit: { burstMessages: 60, messagesPerSecond: 30 },
  });
});
afterEach(() => destroyClients());
afterAll(async () => {
  await t?.close();
});

async function openRaw(options: Parameters<typeof rawClient>[3] = {}): Promise<RawClient> {
  const client = rawClient(t.url, `/${t.workspaceId}/hostile`, t.adminToken, options);
  expect(await client.upgrade).toBe('open');
  await until('the server step 1', () => client.messages.length > 0);
  return client;
}

function frame(...parts: Array<number | Uint8Array>): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const part of parts) {
    if (typeof part === 'number') encoding.writeUint8(encoder, part);
    else encoding.writeUint8Array(encoder, part);
  }
  return encoding.toUint8Array(encoder);
}

/** Two stock clients of the same room still exchange an edit. */
async function othersStillSync(label: string): Promise<void> {
  const room = `${t.workspaceId}/hostile`;
  const a = connectClient(t.url, room, t.adminToken);
  const b = connectClient(t.url, room, t.adminToken);
  await Promise.all([waitSynced(a), waitSynced(b)]);
  a.doc.getArray('log').push([label]);
  await until(`b to see ${label}`, () => b.doc.getArray('log').toArray().includes(label));
  a.destroy();
  b.destroy();
}

const validUpdate = (() => {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, 'this text must never reach the room');
  return Y.encodeStateAsUpdate(doc);
})();

const awarenessFrame = (json: string) => {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, 1234);
  encoding.writeVarUint(inner, 1);
  encoding.writeVarString(inner, json);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
};

const MALFORMED: Array<[string, Uint8Array | string, number]> = [
  ['garbage bytes', frame(0xde, 0xad, 0xbe, 0xef), CLOSE_CODES.MALFORMED_MESSAGE],
  ['a truncated varint', frame(0x80), CLOSE_CODES.MALFORMED_MESSAGE],
  ['an empty frame', new Uint8Array(0), CLOSE_CODES.MALFORMED_MESSAGE],
  ['an unknown message type', frame(7, 0), CLOSE_CODES.MALFORMED_MESSAGE],
  ['an auth message (server to client only)', frame(2, 0, 0), CLOSE_CODES.MALFORMED_MESSAGE],
  ['an unknown sync message type', frame(0, 9, 0), CLOSE_CODES.MALFORMED_MESSAGE],
  ['a payload length past the end', frame(0, 2, 50, 1, 2, 3), CLOSE_CODES.MALFORMED_MESSAGE],
  [
    'a state vector that does not decode',
    frame(0, 0, 3, 0xff, 0xff, 0xff),
    CLOSE_CODES.MALFORMED_MESSAGE,
  ],
  [
    'trailing bytes after a message',
    frame(updateFrame(validUpdate), 0),
    CLOSE_CODES.MALFORMED_MESSAGE,
  ],
  [
    'an awareness state that is not JSON',
    awarenessFrame('{not json'),
    CLOSE_CODES.MALFORMED_MESSAGE,
  ],
  ['a text frame', 'hello', CLOSE_CODES.MALFORMED_MESSAGE],
  [
    'an update of random bytes',
    updateFrame(new Uint8Array([3, 200, 17, 99, 250, 1, 2, 3, 4, 5])),
    CLOSE_CODES.INVALID_UPDATE,
  ],
  [
    'a truncated update',
    updateFrame(validUpdate.subarray(0, validUpdate.length - 12)),
    CLOSE_CODES.INVALID_UPDATE,
  ],
];

describe('hostile input', () => {
  it.each(MALFORMED)('closes a connection that sends %s', async (label, bad, code) => {
    const client = await openRaw();
    const logged = t.logs.length;
    client.ws.send(bad);
    expect((await client.closed).code).toBe(code);
    expect(t.logs.slice(logged).some((line) => line.includes(`: ${code} `))).toBe(true);
    await othersStillSync(label);
    const fresh = connectClient(t.url, `${t.workspaceId}/hostile`, t.adminToken);
    await waitSynced(fresh);
    expect(fresh.doc.getText('body').toJSON()).toBe('');
  });

  it('refuses a frame over the size limit while reading it (1009)', async () => {
    const client = await openRaw();
    client.ws.send(updateFrame(new Uint8Array(MAX_MESSAGE + 1024)));
    expect((await client.closed).code).toBe(CLOSE_CODES.MESSAGE_TOO_BIG);
    expect(t.logs.some((line) => /Max payload size exceeded/i.test(line))).toBe(true);
    await othersStillSync('after the big frame');
  });

  it('drops a client that does not answer pings, not one that does', async () => {
    const deaf = await openRaw({ autoPong: false });
    const healthy = await openRaw();
    const closed = await deaf.closed;
    expect(closed.code).toBe(1006);
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    expect(t.logs.some((line) => line.includes('no answer to the last ping'))).toBe(true);
    // A few more ping rounds: the stock client (and ws) answer, so nothing else is dropped.
    const stock = connectClient(t.url, `${t.workspaceId}/hostile`, t.adminToken);
    await waitSynced(stock);
    await new Promise((resolve) => setTimeout(resolve, PING_MS * 4));
    expect(stock.closes).toEqual([]);
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    healthy.ws.close();
  });

  it('closes a client that floods updates (RATE_LIMITED), and keeps the others', async () => {
    const flooder = await openRaw();
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => {
      if (flooder.ws.readyState === flooder.ws.OPEN) flooder.ws.send(updateFrame(update));
    });
    for (let index = 0; index < 300; index += 1) doc.getArray('flood').push([index]);
    expect((await flooder.closed).code).toBe(CLOSE_CODES.RATE_LIMITED);
    await othersStillSync('after the flood');
  });

  it('keeps a steady writer under the limit connected and acknowledged', async () => {
    const writer = connectClient(t.url, `${t.workspaceId}/steady`, t.adminToken);
    await waitSynced(writer);
    const tracker = new AckTracker(writer);
    for (let index = 0; index < 20; index += 1) {
      writer.doc.getArray('steady').push([index]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await tracker.ack();
    expect(writer.closes).toEqual([]);
  });
});
