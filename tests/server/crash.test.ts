import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { cli } from '../sync/support/cli.js';
import { AckTracker, connectClient, destroyClients, waitSynced } from './support/clients.js';
import { spawnServer, type ServerProcess } from './support/server-process.js';
import { until } from '../helpers/wait.js';

/*
 * kill -9 of the server process while a client writes as fast as it can: a restarted server on
 * the same data directory must have every update the client saw acknowledged (the ack trick:
 * the server's step 1 after ours).
 */

let dataDir: string;
let workspaceId: string;
let token: string;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  assertBuildIsCurrent();
  dataDir = await mkdtemp(join(tmpdir(), 'switchboard-server-crash-'));
  const created = await cli(
    dataDir,
    'server-admin',
    'create-workspace',
    '--name',
    'Crash team',
    '--json',
  );
  expect(created.code).toBe(0);
  ({ workspaceId, token } = JSON.parse(created.out) as { workspaceId: string; token: string });
});
afterEach(() => destroyClients());
afterAll(async () => {
  for (const server of processes)
    if (server.child.exitCode === null && server.child.signalCode === null)
      server.child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
});

describe('server killed with SIGKILL', () => {
  it('loses no acknowledged update', async () => {
    const first = await spawnServer(['--data', dataDir, 'server', '--port', '0']);
    processes.push(first);
    expect(first.stdout()).toMatch(/^listening on ws:\/\/127\.0\.0\.1:\d+\n$/);

    const room = `${workspaceId}/crash`;
    const writer = connectClient(first.url, room, token);
    await waitSynced(writer);
    const tracker = new AckTracker(writer);
    const items = writer.doc.getArray<number>('items');
    const clockAfter: number[] = [];
    const askForAck = () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint8Array(encoder, Y.encodeStateVector(writer.doc));
      writer.provider.ws?.send(encoding.toUint8Array(encoder));
    };
    const acked = () => {
      const serverClock = tracker.serverState.get(writer.doc.clientID) ?? 0;
      return clockAfter.filter((clock) => clock <= serverClock).length;
    };
    // Writes in bursts, asking for an ack after each burst, without waiting for the answers.
    const timer = setInterval(() => {
      for (let burst = 0; burst < 5; burst += 1) {
        items.push([clockAfter.length]);
        clockAfter.push(Y.getState(writer.doc.store, writer.doc.clientID));
      }
      askForAck();
    }, 4);
    const killed = await (async () => {
      try {
        await until('some acknowledged updates', () => acked() >= 200, 20_000);
        // Kill while writes are in flight; what was acknowledged is counted in the same
        // synchronous step as the kill, so no later answer can count.
        await new Promise((resolve) => setTimeout(resolve, 30));
        const counts = { acked: acked(), written: clockAfter.length };
        first.child.kill('SIGKILL');
        return counts;
      } finally {
        clearInterval(timer);
      }
    })();
    const ackedAtKill = killed.acked;
    const writtenAtKill = killed.written;
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    writer.destroy();
    expect(ackedAtKill).toBeGreaterThanOrEqual(200);
    expect(writtenAtKill).toBeGreaterThanOrEqual(ackedAtKill);

    const second = await spawnServer(['--data', dataDir, 'server', '--port', '0']);
    processes.push(second);
    const reader = connectClient(second.url, room, token);
    await waitSynced(reader);
    const recovered = reader.doc.getArray<number>('items').toArray();
    expect(recovered.length).toBeGreaterThanOrEqual(ackedAtKill);
    expect(recovered.slice(0, ackedAtKill)).toEqual([...Array(ackedAtKill).keys()]);
    reader.destroy();

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });
});
