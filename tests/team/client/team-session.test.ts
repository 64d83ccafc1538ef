import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheFile } from '../../../src/app/data-dir.js';
import { openDatabase, type Db } from '../../../src/db/open-database.js';
import { Presence } from '../../../src/team/client/presence.js';
import { readTeamConfig, writeTeamConfig } from '../../../src/team/client/team-config.js';
import { TeamSession } from '../../../src/team/client/team-session.js';
import { until } from '../../helpers/wait.js';
import { startTestServer, type TestServer } from '../../server/support/test-server.js';

/*
 * The client side of the team layer against the real sync server on 127.0.0.1: replicas in the
 * cache database of separate data directories (one per teammate's app), stock y-websocket
 * clients underneath.
 */

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ME = { name: 'Ana', email: 'ana@example.com' };

interface App {
  dataDir: string;
  db: Db;
}

function app(): App {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-team-session-'));
  const db = openDatabase(cacheFile(dataDir));
  cleanups.push(() => {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { dataDir, db };
}

async function server(): Promise<TestServer> {
  const started = await startTestServer();
  cleanups.push(() => started.close());
  return started;
}

/** This app joins the test server's workspace with the token. */
function joinTeam(at: App, team: TestServer, token: string): void {
  writeTeamConfig(at.db, at.dataDir, {
    workspaceId: team.workspaceId,
    serverUrl: team.url,
    memberId: null,
    token,
  });
}

async function session(at: App, options: { online?: boolean } = {}): Promise<TeamSession> {
  const opened = await TeamSession.open(at.db, at.dataDir, {
    me: ME,
    maxBackoffMs: 200,
    ...options,
  });
  cleanups.push(() => opened.close());
  return opened;
}

describe('TeamSession with a team server', () => {
  it("carries one teammate's change to another and confirms the server has it", async () => {
    const team = await server();
    const [ana, ben] = [app(), app()];
    joinTeam(ana, team, team.adminToken);
    joinTeam(ben, team, team.addMember('agent', 'ben').token);
    const a = await session(ana);
    const b = await session(ben);
    const room = `${team.workspaceId}/shard-00`;
    a.doc(room).getMap('state').set('c1:status', 'pending');
    expect(await a.confirmed(3000)).toBe(true);
    const bDoc = b.doc(room);
    await until("b to see a's status", () => bDoc.getMap('state').get('c1:status') === 'pending');
  });

  it('keeps a change made with the server down and sends it when the server is back', async () => {
    const team = await server();
    const ana = app();
    joinTeam(ana, team, team.adminToken);
    const port = team.server.port;
    await team.stop();
    const offline = await session(ana);
    offline.doc(team.workspaceId).getMap('settings').set('greeting', 'hello');
    expect(await offline.confirmed(300)).toBe(false);
    await offline.close();
    // The app quits before the server is back; the change is in its replica.
    await team.restart({ port });
    const again = await session(ana);
    again.doc(team.workspaceId);
    expect(await again.confirmed(5000)).toBe(true);
    const check = app();
    joinTeam(check, team, team.adminToken);
    const other = await session(check);
    const doc = other.doc(team.workspaceId);
    await other.link(team.workspaceId)!.whenSynced(3000);
    expect(doc.getMap('settings').get('greeting')).toBe('hello');
  });

  it('does not call a removal confirmed before the server has it (the state vector does not move)', async () => {
    const team = await server();
    const ana = app();
    joinTeam(ana, team, team.adminToken);
    const a = await session(ana);
    const map = a.doc(team.workspaceId).getMap('settings');
    map.set('greeting', 'hello');
    expect(await a.confirmed(3000)).toBe(true);
    await team.stop();
    // Only a deletion: the document's state vector stays what the server last saw.
    map.delete('greeting');
    expect(await a.confirmed(500)).toBe(false);
    const pending = ana.db
      .prepare('SELECT count(*) FROM workspace_updates WHERE pending = 1')
      .pluck()
      .get();
    expect(pending).toBe(1);
  });

  it('says so when the server refuses the token', async () => {
    const team = await server();
    const ana = app();
    joinTeam(ana, team, 'not-a-token');
    const refused = await session(ana);
    refused.doc(team.workspaceId);
    await expect(refused.link(team.workspaceId)!.whenSynced(3000)).rejects.toMatchObject({
      code: 'token-refused',
    });
    await expect(refused.confirmed(3000)).rejects.toMatchObject({ code: 'token-refused' });
  });

  it('shows presence between teammates through the server', async () => {
    const team = await server();
    const [ana, ben] = [app(), app()];
    joinTeam(ana, team, team.adminToken);
    joinTeam(ben, team, team.addMember('agent', 'ben').token);
    const a = await session(ana);
    const b = await session(ben);
    a.doc(team.workspaceId);
    b.doc(team.workspaceId);
    const anaPresence = new Presence(a.link(team.workspaceId)!.awareness, {
      id: 'm-ana',
      name: 'Ana',
      email: 'ana@example.com',
    });
    const benPresence = new Presence(b.link(team.workspaceId)!.awareness, {
      id: 'm-ben',
      name: 'Ben',
      email: 'ben@example.com',
    });
    anaPresence.typing('c1', 'reply');
    await until('Ben to see a writer of c1', () => benPresence.writers('c1').length === 1);
    expect(benPresence.writers('c1')[0]!.email).toBe('ana@example.com');
    await a.close();
    await until('Ben to see Ana leave', () => benPresence.others().length === 0);
  });
});

describe('TeamSession in solo use (embedded server)', () => {
  it('creates a solo workspace, serves it in-process, and lets a second process use that server', async () => {
    const solo = app();
    const first = await session(solo);
    expect(first.solo).toBe(true);
    const config = readTeamConfig(solo.db, solo.dataDir)!;
    expect(config).toMatchObject({ serverUrl: null, workspaceId: first.workspaceId });
    // The token is a credential: owner-only file, not in the database.
    expect(statSync(join(solo.dataDir, 'team-token')).mode & 0o777).toBe(0o600);
    first.doc(first.workspaceId).getMap('settings').set('signature', 'Ana');
    expect(await first.confirmed(3000)).toBe(true);
    // Another command on the same data directory while this one runs.
    const secondDb = openDatabase(cacheFile(solo.dataDir));
    cleanups.push(() => void secondDb.close());
    const second = await TeamSession.open(secondDb, solo.dataDir, { me: ME, maxBackoffMs: 200 });
    cleanups.push(() => second.close());
    expect(second.workspaceId).toBe(first.workspaceId);
    second.doc(second.workspaceId).getMap('settings').set('footer', 'Thanks');
    expect(await second.confirmed(3000)).toBe(true);
    const firstDoc = first.doc(first.workspaceId);
    await until(
      'the first app to see the footer',
      () => firstDoc.getMap('settings').get('footer') === 'Thanks',
    );
  });

  it('works offline on the replica alone', async () => {
    const solo = app();
    const offline = await session(solo, { online: false });
    offline.doc(offline.workspaceId).getMap('settings').set('x', 1);
    expect(await offline.confirmed(100)).toBe(false);
  });
});
