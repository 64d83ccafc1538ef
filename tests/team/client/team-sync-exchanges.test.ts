import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFile } from '../../../src/app/data-dir.js';
import { openDatabase, type Db } from '../../../src/db/open-database.js';
import { WorkspaceDirectory } from '../../../src/server/access/workspace-directory.js';
import { createWorkspaceWithDocument } from '../../../src/server/create-workspace.js';
import { startSyncServer, type SyncServer } from '../../../src/server/start-sync-server.js';
import {
  openServerDatabase,
  serverDatabaseFile,
} from '../../../src/server/store/open-server-database.js';
import { writeTeamConfig } from '../../../src/team/client/team-config.js';
import { TeamSync } from '../../../src/team/client/team-sync.js';
import { TeamWorkspace } from '../../../src/team/client/team-workspace.js';
import { parseRoom, shardOf, shardRoom } from '../../../src/team/workspace/index.js';
import { conversationIdFor } from '../../../src/threading/conversation-id.js';

/*
 * A sync that starts (`sync --once`, the app after a restart) exchanges only the shard documents
 * that changed since its last exchange, on the server (the rooms-changed announcement) or here
 * (rows stored since), against a real server whose joins are observed.
 */

let serverDir: string;
let server: SyncServer;
let workspaceId: string;
let admin: { memberId: string; token: string };
let ben: { memberId: string; token: string };
const joined: string[] = [];
const dirs: string[] = [];

async function startServer(): Promise<void> {
  server = await startSyncServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: serverDir,
    log: () => undefined,
  });
  const join = server.hub.join.bind(server.hub);
  // Observed, not replaced: which rooms clients open.
  server.hub.join = (peer, room, principal) => {
    joined.push(room);
    return join(peer, room, principal);
  };
}

interface App {
  dir: string;
  db: Db;
  member: { memberId: string; token: string };
}

function app(member: { memberId: string; token: string }): App {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-exchanges-'));
  dirs.push(dir);
  const db = openDatabase(cacheFile(dir));
  writeTeamConfig(db, dir, {
    workspaceId,
    serverUrl: server.url,
    memberId: member.memberId,
    token: member.token,
  });
  return { dir, db, member };
}

/** After a server restart (a new port): the app's team config points at it. */
function repoint(a: App): void {
  writeTeamConfig(a.db, a.dir, {
    workspaceId,
    serverUrl: server.url,
    memberId: a.member.memberId,
    token: a.member.token,
  });
}

/** `sync --once`'s team half; the shard rooms it opened on the server. */
async function syncOnce(a: App): Promise<{ rooms: string[]; confirmed: boolean }> {
  joined.length = 0;
  const started = await TeamSync.start(a.db, a.dir, {
    me: { name: 'x', email: 'x@example.com' },
    timeoutMs: 10_000,
    keepOpen: false,
  });
  await started!.sync.stop();
  const rooms = joined.filter(
    (room) => parseRoom(room)?.kind === 'state' || parseRoom(room)?.kind === 'timeline',
  );
  return { rooms: [...new Set(rooms)].sort(), confirmed: started!.result.confirmed };
}

async function change(
  a: App,
  online: boolean,
  edit: (ws: TeamWorkspace) => Promise<void>,
): Promise<void> {
  const team = await TeamWorkspace.open(a.db, a.dir, {
    me: { name: 'x', email: 'x@example.com' },
    online,
    firstSyncMs: 10_000,
  });
  try {
    await edit(team);
    if (online) expect(await team.session.confirmed(10_000)).toBe(true);
  } finally {
    await team.close();
  }
}

const projected = (a: App, id: string) =>
  a.db
    .prepare(
      'SELECT assignee_email AS assignee, tags_json AS tags FROM conversation_team_state WHERE conversation_id = ?',
    )
    .get(id) as { assignee: string | null; tags: string } | undefined;

/** The conversation's state and timeline rooms, as joined. */
const roomsOf = (id: string) =>
  [
    shardRoom(workspaceId, 'state', shardOf(id)),
    shardRoom(workspaceId, 'timeline', shardOf(id)),
  ].sort();

const conversation = (n: number) =>
  conversationIdFor('support@example.com', `<exchange-${n}@example.com>`);

let ana: App;
let teammate: App;

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'switchboard-exchanges-server-'));
  const db = openServerDatabase(serverDatabaseFile(serverDir));
  const created = createWorkspaceWithDocument(db, 'Team', {
    name: 'Ana',
    email: 'ana@example.com',
  });
  workspaceId = created.workspaceId;
  admin = { memberId: created.memberId, token: created.token };
  ben = new WorkspaceDirectory(db).addMember(workspaceId, {
    name: 'Ben',
    email: 'ben@example.com',
    role: 'agent',
  });
  db.close();
  await startServer();
  ana = app(admin);
  teammate = app(ben);
}, 30_000);

afterAll(async () => {
  ana?.db.close();
  teammate?.db.close();
  await server?.close();
  for (const dir of [...dirs, serverDir]) rmSync(dir, { recursive: true, force: true });
});

describe('a starting sync', () => {
  it('exchanges every shard document the first time, and none when nothing changed', async () => {
    const first = await syncOnce(ana);
    expect(first.confirmed).toBe(true);
    expect(first.rooms).toHaveLength(64);
    expect(await syncOnce(ana)).toEqual({ rooms: [], confirmed: true });
  });

  it("exchanges only the documents of a teammate's change, and projects it", async () => {
    const id = conversation(1);
    await change(teammate, true, async (team) =>
      (await team.workspace.conversation(id)).assign(ben.memberId),
    );
    expect((await syncOnce(ana)).rooms).toEqual(roomsOf(id));
    expect(projected(ana, id)?.assignee).toBe('ben@example.com');
    expect((await syncOnce(ana)).rooms).toEqual([]);
  });

  it('sends a change made here offline at its next start, and only that document', async () => {
    const id = conversation(2);
    await change(ana, false, async (team) =>
      (await team.workspace.conversation(id)).setStatus('pending'),
    );
    const sent = await syncOnce(ana);
    expect(sent.confirmed).toBe(true);
    // The state document has the change; the timeline its activity entry.
    expect(sent.rooms).toEqual(roomsOf(id));
    await syncOnce(teammate);
    const status = teammate.db
      .prepare('SELECT status FROM conversation_team_state WHERE conversation_id = ?')
      .get(id) as { status: string } | undefined;
    expect(status?.status).toBe('pending');
  });

  it('projects every conversation again when a tag is renamed', async () => {
    const id = conversation(3);
    await change(ana, true, async (team) =>
      (await team.workspace.conversation(id)).addTag(
        team.workspace.settings.defineTag({ name: 'Billing', color: '#112233' }).id,
      ),
    );
    await syncOnce(ana);
    expect(projected(ana, id)?.tags).toBe('["Billing"]');
    // Tags are an admin's: Ana renames it, which changes no conversation's state document.
    await change(ana, true, (team) => {
      const tag = team.workspace.settings.tagByName('Billing')!;
      team.workspace.settings.updateTag(tag.id, { name: 'Invoices' });
      return Promise.resolve();
    });
    await syncOnce(ana);
    expect(projected(ana, id)?.tags).toBe('["Invoices"]');
  });

  it('still opens every state document of a small workspace when it keeps running', async () => {
    expect((await syncOnce(ana)).rooms).toEqual([]);
    const running = await TeamSync.start(ana.db, ana.dir, {
      me: { name: 'x', email: 'x@example.com' },
      timeoutMs: 10_000,
      keepOpen: true,
    });
    try {
      expect(running!.sync.team.workspace.loadedShards().state).toHaveLength(32);
    } finally {
      await running!.sync.stop();
    }
  });

  it('exchanges everything again after the server restarted (a new epoch)', async () => {
    expect((await syncOnce(ana)).rooms).toEqual([]);
    await server.close();
    await startServer();
    repoint(ana);
    expect((await syncOnce(ana)).rooms).toHaveLength(64);
    expect((await syncOnce(ana)).rooms).toEqual([]);
  });
});
