import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/server/close-codes.js';
import { createWorkspaceWithDocument } from '../../src/server/create-workspace.js';
import { directoryMembersEdit } from '../../src/server/directory-members-sync.js';
import { MemoryRoomStore, type RoomWrite } from '../../src/server/store/room-store.js';
import { SyncHub } from '../../src/server/sync-hub.js';
import { placeholderEmail } from '../../src/team/workspace/directory-members.js';
import {
  DEFAULT_SHARD_COUNT,
  Workspace,
  type DocSource,
  type Member,
} from '../../src/team/workspace/index.js';
import { until } from '../helpers/wait.js';
import { cli } from '../sync/support/cli.js';
import { connectClient, destroyClients, waitSynced, type Client } from './support/clients.js';
import { FakePeer, principal, step1Frame, tick } from './support/fake-peer.js';
import { startTestServer, storedRows, type TestServer } from './support/test-server.js';

/*
 * The directory (server.sqlite) written into each workspace's core document by the server, and
 * workspaces created with their core document: real server on 127.0.0.1, stock y-websocket
 * clients, the workspace model over documents synced through the server.
 */

const servers: TestServer[] = [];
afterEach(async () => {
  destroyClients();
  for (const server of servers.splice(0)) await server.close();
});

async function server(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const started = await startTestServer(options);
  servers.push(started);
  return started;
}

/** Documents of one member, each synced through the server by a stock client. */
class ServerDocs implements DocSource {
  readonly clients = new Map<string, Client>();
  constructor(
    private readonly t: TestServer,
    private readonly token: string,
  ) {}
  open(room: string): Y.Doc {
    const client = connectClient(this.t.url, room, this.token);
    this.clients.set(room, client);
    return client.doc;
  }
}

const openWorkspace = (t: TestServer, workspaceId: string, actor: string, token: string) =>
  Workspace.open(new ServerDocs(t, token), {
    workspaceId,
    actor,
    signal: AbortSignal.timeout(10_000),
  });

const pick = (member: Member | undefined) =>
  member && { name: member.name, email: member.email, role: member.role };

let canaries = 0;

/**
 * Resolves once a periodic check of the server has run from now (and its writes are stored): a
 * canary member of the test server's own workspace loses its token, and the check that closes
 * the canary's connection is the one that also asks every loaded room for the server's edits
 * (one timer, src/server/sync-hub.ts).
 */
async function periodicCheck(t: TestServer): Promise<void> {
  canaries += 1;
  const canary = t.addMember('agent', `canary${canaries}`);
  const client = connectClient(t.url, t.workspaceId, canary.token);
  await waitSynced(client);
  t.directory.revokeTokens(t.workspaceId, canary.memberId);
  await until('a periodic check to close the canary', () =>
    client.closes.includes(CLOSE_CODES.TOKEN_REVOKED),
  );
  client.destroy();
  await t.server.hub.flushed();
}

/** The team as a stock client of the core room sees it. */
function membersOf(doc: Y.Doc): Record<string, Record<string, unknown>> {
  const members: Record<string, Record<string, unknown>> = {};
  doc.getMap('members').forEach((value, key) => {
    const [id = '', field = ''] = key.split(':');
    (members[id] ??= {})[field] = value;
  });
  return members;
}

describe('a workspace created with its core document', () => {
  it('opens for its first client, who sees its admin', async () => {
    const t = await server();
    const created = createWorkspaceWithDocument(t.db, 'Support team', {
      name: ' Grace ',
      email: 'Grace@Example.com',
    });
    expect(storedRows(t.db, created.workspaceId)).toBe(1);

    const workspace = await openWorkspace(t, created.workspaceId, created.memberId, created.token);
    expect(workspace.shardCount).toBe(DEFAULT_SHARD_COUNT);
    expect(pick(workspace.team.member(created.memberId))).toEqual({
      name: 'Grace',
      email: 'grace@example.com',
      role: 'admin',
    });
    expect(workspace.team.roleOf(created.memberId)).toBe('admin');
    // The document already said what the directory says: nothing was written on that join.
    await t.server.hub.flushed();
    expect(storedRows(t.db, created.workspaceId)).toBe(1);
  });

  it('is what `server-admin create-workspace` makes, and `add-member` reaches the running server', async () => {
    const t = await server();
    const created = await cli(
      t.dataDir,
      'server-admin',
      'create-workspace',
      '--name',
      'CLI team',
      '--admin-name',
      'Cleo',
      '--json',
    );
    expect(created.code).toBe(0);
    const { workspaceId, token } = JSON.parse(created.out) as {
      workspaceId: string;
      token: string;
    };
    const [admin] = t.directory.listMembers(workspaceId);
    const cleo = await openWorkspace(t, workspaceId, admin!.memberId, token);
    expect(pick(cleo.team.member(admin!.memberId))).toEqual({
      name: 'Cleo',
      email: placeholderEmail(admin!.memberId),
      role: 'admin',
    });

    const added = await cli(
      t.dataDir,
      'server-admin',
      'add-member',
      '--workspace',
      workspaceId,
      '--name',
      'Dan',
      '--email',
      'dan@example.com',
      '--role',
      'viewer',
      '--json',
    );
    expect(added.code).toBe(0);
    const dan = JSON.parse(added.out) as { memberId: string; token: string };
    const dans = await openWorkspace(t, workspaceId, dan.memberId, dan.token);
    expect(dans.team.roleOf(dan.memberId)).toBe('viewer');
    await until('Cleo to see Dan', () => cleo.team.roleOf(dan.memberId) === 'viewer');
  });

  it('gives an admin without an email the placeholder, which the model accepts', async () => {
    const t = await server();
    const created = createWorkspaceWithDocument(t.db, 'No email', { name: 'Nemo' });
    const workspace = await openWorkspace(t, created.workspaceId, created.memberId, created.token);
    expect(pick(workspace.team.member(created.memberId))).toEqual({
      name: 'Nemo',
      email: placeholderEmail(created.memberId),
      role: 'admin',
    });
    expect(placeholderEmail(created.memberId)).toMatch(/\.invalid$/);
    await t.server.hub.flushed();
    expect(storedRows(t.db, created.workspaceId)).toBe(1);
  });

  it('rolls the directory rows back when the document cannot be written', async () => {
    const t = await server();
    const before = t.db.prepare('SELECT count(*) AS n FROM workspaces').get() as { n: number };
    expect(() =>
      createWorkspaceWithDocument(t.db, 'Bad', { name: 'Bad' }, { shardCount: 0 }),
    ).toThrow(RangeError);
    expect(t.db.prepare('SELECT count(*) AS n FROM workspaces').get()).toEqual(before);
  });
});

describe('the directory in the core document', () => {
  it('shows a member added while clients are connected to itself and to the others', async () => {
    const t = await server();
    const created = createWorkspaceWithDocument(t.db, 'Team', {
      name: 'Ada',
      email: 'ada@example.com',
    });
    const ada = await openWorkspace(t, created.workspaceId, created.memberId, created.token);
    const changes: string[] = [];
    ada.onChange((change) => {
      if (change.type === 'core') changes.push(`${change.parts.join(',')} ${change.origin}`);
    });

    // As `server-admin add-member` does, from another connection to the database.
    const bob = t.directory.addMember(created.workspaceId, {
      name: 'Bob',
      email: 'bob@example.com',
      role: 'agent',
    });
    const bobClient = connectClient(t.url, created.workspaceId, bob.token);
    let atFirstSync: Record<string, unknown> | undefined;
    bobClient.provider.once('sync', () => (atFirstSync = membersOf(bobClient.doc)[bob.memberId]));
    await waitSynced(bobClient);
    // Its first sync already has it: the server's write was answered with its step 2.
    expect(atFirstSync).toEqual({ name: 'Bob', email: 'bob@example.com', role: 'agent' });

    await until('Ada to see Bob', () => ada.team.member(bob.memberId) !== undefined);
    expect(pick(ada.team.member(bob.memberId))).toEqual({
      name: 'Bob',
      email: 'bob@example.com',
      role: 'agent',
    });
    expect(changes).toContain('members remote');
    // And the model over Bob's own documents knows him as an agent.
    const bobs = await openWorkspace(t, created.workspaceId, bob.memberId, bob.token);
    expect(bobs.team.roleOf(bob.memberId)).toBe('agent');
    expect(bobs.team.members().map((member) => member.name)).toEqual(['Ada', 'Bob']);
  });

  it('reaches connected clients on the periodic check when nobody joins', async () => {
    const t = await server({ accessCheckMs: 100 });
    const created = createWorkspaceWithDocument(t.db, 'Team', {
      name: 'Ada',
      email: 'ada@example.com',
    });
    const ada = await openWorkspace(t, created.workspaceId, created.memberId, created.token);
    const viewer = t.directory.addMember(created.workspaceId, { name: 'Vera', role: 'viewer' });
    await until('Ada to see Vera', () => ada.team.member(viewer.memberId) !== undefined);
    expect(pick(ada.team.member(viewer.memberId))).toEqual({
      name: 'Vera',
      email: placeholderEmail(viewer.memberId),
      role: 'viewer',
    });
  });

  it('propagates a change of role and name in the directory', async () => {
    const t = await server({ accessCheckMs: 100 });
    const created = createWorkspaceWithDocument(t.db, 'Team', {
      name: 'Ada',
      email: 'ada@example.com',
    });
    const bob = t.directory.addMember(created.workspaceId, {
      name: 'Bob',
      email: 'bob@example.com',
      role: 'agent',
    });
    const ada = await openWorkspace(t, created.workspaceId, created.memberId, created.token);
    expect(ada.team.roleOf(bob.memberId)).toBe('agent');
    // The directory has no command for it yet: its row changed as one would change it.
    t.db
      .prepare("UPDATE members SET role = 'admin', name = 'Robert' WHERE id = ?")
      .run(bob.memberId);
    await until('the new role', () => ada.team.roleOf(bob.memberId) === 'admin');
    expect(pick(ada.team.member(bob.memberId))).toEqual({
      name: 'Robert',
      email: 'bob@example.com',
      role: 'admin',
    });
  });

  it('also fills the core document of a workspace created without one', async () => {
    const t = await server();
    const agent = t.addMember('agent', 'ann');
    const client = connectClient(t.url, t.workspaceId, agent.token);
    await waitSynced(client);
    const members = Object.values(membersOf(client.doc)).sort((a, b) =>
      String(a.name).localeCompare(String(b.name)),
    );
    expect(members).toEqual([
      { name: 'Ada', email: 'ada@example.com', role: 'admin' },
      { name: 'ann', email: 'ann@example.com', role: 'agent' },
    ]);
    // And its name; nothing else: the shard count stays the creator's to set (Workspace.create).
    expect(client.doc.getMap('config').toJSON()).toEqual({ name: 'Test team' });
  });

  it('writes nothing when nothing changed, across joins, checks and a restart', async () => {
    const t = await server({ accessCheckMs: 50 });
    const created = createWorkspaceWithDocument(t.db, 'Team', {
      name: 'Ada',
      email: 'ada@example.com',
    });
    const bob = t.directory.addMember(created.workspaceId, {
      name: 'Bob',
      email: 'bob@example.com',
      role: 'agent',
    });
    const room = created.workspaceId;
    const first = connectClient(t.url, room, created.token);
    await waitSynced(first);
    await t.server.hub.flushed();
    expect(storedRows(t.db, room)).toBe(2); // the creation, then Bob
    const clientsBefore = Y.decodeStateVector(Y.encodeStateVector(first.doc)).size;

    for (let i = 0; i < 3; i += 1) await waitSynced(connectClient(t.url, room, bob.token));
    for (let i = 0; i < 3; i += 1) await periodicCheck(t);
    expect(storedRows(t.db, room)).toBe(2);

    destroyClients();
    await t.restart({ accessCheckMs: 50, roomIdleMs: 60_000 });
    // The restarted server loads the room from its rows and adds none.
    const rows = storedRows(t.db, room);
    const again = connectClient(t.url, room, bob.token);
    await waitSynced(again);
    await periodicCheck(t);
    expect(storedRows(t.db, room)).toBe(rows);
    expect(Y.decodeStateVector(Y.encodeStateVector(again.doc)).size).toBe(clientsBefore);
    const members = membersOf(again.doc);
    expect(Object.keys(members).sort()).toEqual([created.memberId, bob.memberId].sort());
    expect(again.doc.getMap('members').size).toBe(6);
  });
});

describe('SyncHub.writeAsServer', () => {
  it('stores before it applies and broadcasts, and skips an update that changes nothing', async () => {
    const events: string[] = [];
    class WatchedStore extends MemoryRoomStore {
      override async append(writes: readonly RoomWrite[]): Promise<void> {
        events.push(`stored ${writes.length}`);
        await super.append(writes);
      }
    }
    const store = new WatchedStore();
    const hub = new SyncHub({ store, log: () => undefined });
    try {
      const room = 'workspace0000000/notes';
      const peer = new FakePeer();
      const originalSend = peer.send.bind(peer);
      peer.send = (message) => {
        originalSend(message);
        events.push(`sent ${peer.sent.at(-1)!.kind}`);
      };
      hub.join(peer, room, principal());
      await tick();
      const doc = new Y.Doc();
      doc.getMap('m').set('by', 'server');
      const update = Y.encodeStateAsUpdate(doc);
      expect(await hub.writeAsServer(room, update)).toBe(true);
      expect(events).toEqual(['sent step1', 'stored 1', 'sent update']);
      expect(await hub.writeAsServer(room, update)).toBe(false);
      expect(await hub.writeAsServer(room, () => undefined)).toBe(false);
      expect(store.rooms.get(room)).toHaveLength(1);
    } finally {
      await hub.close();
    }
  });

  it("answers a joining client's step 1 with the server's edits of the room in", async () => {
    const store = new MemoryRoomStore();
    const members = [
      {
        memberId: 'member0000000000000001',
        name: 'Ada',
        email: 'ada@example.com',
        role: 'admin' as const,
        createdAt: '',
        activeTokens: 1,
      },
    ];
    const hub = new SyncHub({
      store,
      serverEdits: directoryMembersEdit({ listMembers: () => members }),
      log: () => undefined,
    });
    try {
      const room = 'workspace0000000';
      const peer = new FakePeer();
      const session = hub.join(peer, room, principal());
      // The client's step 1 arrives with the join, before the room is even loaded.
      hub.receive(session, step1Frame(new Y.Doc()));
      await tick();
      await hub.flushed();
      const step2 = peer.sent.findIndex((message) => message.kind === 'step2');
      expect(step2).toBeGreaterThan(-1);
      const seen = new Y.Doc();
      Y.applyUpdate(seen, (peer.sent[step2] as { update: Uint8Array }).update);
      expect(membersOf(seen)).toEqual({
        member0000000000000001: { name: 'Ada', email: 'ada@example.com', role: 'admin' },
      });
      expect(store.rooms.get(room)).toHaveLength(1);
      // A second join finds nothing to write.
      hub.join(new FakePeer(), room, principal());
      await tick();
      await hub.flushed();
      expect(store.rooms.get(room)).toHaveLength(1);
    } finally {
      await hub.close();
    }
  });
});

describe("the workspace's name", () => {
  it('is in the core document from its creation, trimmed; a solo workspace has none', async () => {
    const t = await server();
    const named = createWorkspaceWithDocument(t.db, '  Support team ', { name: 'Grace' });
    const workspace = await openWorkspace(t, named.workspaceId, named.memberId, named.token);
    expect(workspace.name()).toBe('Support team');
    // The document says what the directory says: the join wrote nothing.
    await t.server.hub.flushed();
    expect(storedRows(t.db, named.workspaceId)).toBe(1);

    const solo = createWorkspaceWithDocument(t.db, '', { name: 'Solo user' });
    const alone = await openWorkspace(t, solo.workspaceId, solo.memberId, solo.token);
    expect(alone.name()).toBeUndefined();
  });

  it("follows the directory's: a rename reaches a connected client at the next check", async () => {
    const t = await server({ accessCheckMs: 100 });
    const created = createWorkspaceWithDocument(t.db, 'Support', { name: 'Grace' });
    const workspace = await openWorkspace(t, created.workspaceId, created.memberId, created.token);
    const changes: string[][] = [];
    workspace.onChange((change) => {
      if (change.type === 'core') changes.push(change.parts);
    });
    t.db
      .prepare('UPDATE workspaces SET name = ? WHERE id = ?')
      .run('Acme support', created.workspaceId);
    await until('the new name', () => workspace.name() === 'Acme support');
    expect(changes).toContainEqual(['config']);
  });
});
