import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { embeddedServer, embeddedServerDir } from '../../src/team/client/embedded-server.js';
import { startRacingChildren, type RacingChildren } from '../helpers/racing-children.js';

/*
 * Solo use: the processes of one data directory (a running `switchboard sync`, a triage command
 * typed meanwhile) share one embedded sync server. Whoever holds the server lock runs it and
 * publishes its address; the others find it there, and never trust an address whose publisher
 * is gone.
 */

const embeddedUrl = new URL('../../src/team/client/embedded-server.ts', import.meta.url).href;
const serverLockUrl = new URL('../../src/app/server-lock.ts', import.meta.url).href;

let root: string;
const children: RacingChildren[] = [];
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'switchboard-embedded-'));
});
afterEach(async () => {
  for (const racers of children.splice(0)) await racers.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function healthy(url: string): Promise<boolean> {
  const response = await fetch(`${url.replace(/^ws/, 'http')}/healthz`);
  return response.status === 200 && (await response.text()).trim() === 'ok';
}

const EMBEDDER = `
  const { embeddedServer } = await import(${JSON.stringify(embeddedUrl)});
  let server;
  async function handle({ op, dataDir }) {
    if (op === 'stop') {
      await server?.close();
      server = undefined;
      return 'stopped';
    }
    const found = await embeddedServer(dataDir);
    server = found.server;
    return { url: found.url, runs: Boolean(found.server) };
  }`;

describe('the embedded server of a data directory', () => {
  it('is one server that two processes starting at once both find', async () => {
    const racers = await startRacingChildren(2, EMBEDDER);
    children.push(racers);
    for (let round = 0; round < 5; round += 1) {
      const dataDir = join(root, `race-${round}`);
      const replies = await racers.all({ op: 'start', dataDir });
      expect(replies.map((reply) => reply.error)).toEqual([undefined, undefined]);
      const found = replies.map((reply) => reply.ok as { url: string; runs: boolean });
      expect(found.filter((one) => one.runs)).toHaveLength(1);
      expect(found[0]!.url).toBe(found[1]!.url);
      expect(await healthy(found[0]!.url)).toBe(true);
      await racers.all({ op: 'stop' });
    }
  }, 300_000);

  it('is started anew when the process that ran it was killed, its address never trusted', async () => {
    const dataDir = join(root, 'killed');
    const racers = await startRacingChildren(1, EMBEDDER);
    children.push(racers);
    const before = (await racers.one(0, { op: 'start', dataDir })).ok as { url: string };
    process.kill(racers.pids[0]!, 'SIGKILL');
    await racers.close();

    const after = await embeddedServer(dataDir);
    try {
      expect(after.server).toBeDefined();
      expect(after.url).not.toBe(before.url);
      expect(await healthy(after.url)).toBe(true);
    } finally {
      await after.server?.close();
    }
  });

  it('is waited for while its holder has not published its address yet; a stale one is not used', async () => {
    const dataDir = join(root, 'unpublished');
    mkdirSync(embeddedServerDir(dataDir), { recursive: true });
    // What a killed server left: an address, and (old scheme) a pid file naming a live pid.
    writeFileSync(join(embeddedServerDir(dataDir), 'url'), 'ws://127.0.0.1:9');
    writeFileSync(join(embeddedServerDir(dataDir), 'server.lock'), '1\n');
    const holder = await startRacingChildren(
      1,
      `
      const lock = await import(${JSON.stringify(serverLockUrl)});
      let release;
      async function handle({ op, dir, url }) {
        if (op === 'lock') release = lock.acquireServerLock(dir);
        if (op === 'publish') lock.publishServerUrl(dir, url);
        if (op === 'release') release();
        return op;
      }`,
    );
    children.push(holder);
    const serverDir = embeddedServerDir(dataDir);
    expect(await holder.one(0, { op: 'lock', dir: serverDir })).toEqual({ ok: 'lock' });

    const finding = embeddedServer(dataDir);
    const published = 'ws://127.0.0.1:7';
    expect(await holder.one(0, { op: 'publish', dir: serverDir, url: published })).toEqual({
      ok: 'publish',
    });
    const found = await finding;
    expect(found).toEqual({ url: published });
    await holder.one(0, { op: 'release', dir: serverDir });
  });
});
