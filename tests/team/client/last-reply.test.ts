import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listConversations } from '../../../src/queries/conversation-queries.js';
import { createWorkspaceWithDocument } from '../../../src/server/create-workspace.js';
import { writeTeamConfig } from '../../../src/team/client/team-config.js';
import { TeamSync } from '../../../src/team/client/team-sync.js';
import { TeamWorkspace } from '../../../src/team/client/team-workspace.js';
import { until } from '../../helpers/wait.js';
import { startTestServer, type TestServer } from '../../server/support/test-server.js';
import { MailKit } from '../../threading/support/mail-kit.js';

/*
 * The last reply of a conversation in its team state, between two members' apps over a real sync
 * server: written with the reply's activity entry, merged alike on both machines (the later reply
 * wins, whichever arrives last), projected into each cache and listed as "replied by X at T" on
 * the teammate's machine by the team sync alone (these caches have no mail server at all).
 */

const T = Date.UTC(2026, 2, 3, 10, 0, 0);
const ME = { name: 'x', email: 'x@example.com' };

let server: TestServer;
let workspaceId: string;
const dirs: string[] = [];

interface App {
  dir: string;
  kit: MailKit;
  member: { memberId: string; token: string };
}

function app(member: { memberId: string; token: string }): App {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-last-reply-'));
  dirs.push(dir);
  const kit = MailKit.open();
  writeTeamConfig(kit.db, dir, { workspaceId, serverUrl: server.url, ...member });
  return { dir, kit, member };
}

/** A customer's message filed in both caches: the same conversation id on both machines. */
function customerWrites(label: string): string {
  let id = '';
  for (const a of [ana, ben]) {
    a.kit.file({
      messageId: `${label}@customer.example`,
      subject: label,
      from: `Customer <${label}@customer.example>`,
      to: ['support@example.com'],
      date: new Date(T).toISOString(),
    });
    id = a.kit.conversationOf(`${label}@customer.example`);
  }
  return id;
}

/** Opens the app's workspace with its clock pinned at `at`, records a reply, closes. */
async function reply(a: App, id: string, at: number, online: boolean): Promise<void> {
  const team = await TeamWorkspace.open(a.kit.db, a.dir, {
    me: ME,
    online,
    firstSyncMs: 10_000,
    now: () => at,
  });
  try {
    const conversation = await team.workspace.conversation(id);
    team.atomically(() => conversation.recordReply(`<${at}@example.com>`));
    if (online) expect(await team.session.confirmed(10_000)).toBe(true);
  } finally {
    await team.close();
  }
}

/** `sync --once`'s team half. */
async function syncOnce(a: App): Promise<void> {
  const started = await TeamSync.start(a.kit.db, a.dir, {
    me: ME,
    timeoutMs: 10_000,
    keepOpen: false,
  });
  expect(started!.result.confirmed).toBe(true);
  await started!.sync.stop();
}

/** The conversation's last reply, as the app's model reads it from its replica. */
async function lastReply(a: App, id: string) {
  const team = await TeamWorkspace.open(a.kit.db, a.dir, { me: ME, online: false });
  try {
    return (await team.workspace.conversation(id)).state().lastReply;
  } finally {
    await team.close();
  }
}

/** TeamWorkspace.projectionBasis as the version before last replies computed it. */
async function basisBefore(a: App): Promise<string> {
  const team = await TeamWorkspace.open(a.kit.db, a.dir, { me: ME, online: false });
  try {
    const { team: directory, settings } = team.workspace;
    const members = directory
      .members()
      .map((m) => [m.id, m.email])
      .sort();
    const tags = settings
      .tags()
      .map((t) => [t.id, t.name])
      .sort();
    return createHash('sha256').update(JSON.stringify({ members, tags })).digest('base64url');
  } finally {
    await team.close();
  }
}

const projected = (a: App, id: string) =>
  a.kit.db
    .prepare(
      `SELECT last_reply_member AS member, last_reply_email AS email, last_reply_at AS at
       FROM conversation_team_state WHERE conversation_id = ?`,
    )
    .get(id);

let ana: App;
let ben: App;

beforeAll(async () => {
  server = await startTestServer();
  const created = createWorkspaceWithDocument(server.db, 'Team', {
    name: 'Ana',
    email: 'ana@example.com',
  });
  workspaceId = created.workspaceId;
  const benMember = server.directory.addMember(workspaceId, {
    name: 'Ben',
    email: 'ben@example.com',
    role: 'agent',
  });
  ana = app({ memberId: created.memberId, token: created.token });
  ben = app(benMember);
  await syncOnce(ana);
  await syncOnce(ben);
}, 30_000);

afterAll(async () => {
  ana?.kit.close();
  ben?.kit.close();
  await server?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("a conversation's last reply", () => {
  it('converges on both machines to the later of two replies made apart, whichever arrives last', async () => {
    // Ben replies offline; Ana replies online; Ben's reply reaches the server last.
    const laterOffline = customerWrites('later-offline');
    await reply(ben, laterOffline, T + 2000, false);
    await reply(ana, laterOffline, T + 1000, true);
    // The same, but the reply that arrives last is the earlier one.
    const earlierOffline = customerWrites('earlier-offline');
    await reply(ben, earlierOffline, T + 1000, false);
    await reply(ana, earlierOffline, T + 2000, true);
    await syncOnce(ben);
    await syncOnce(ana);

    const benMember = ben.member.memberId;
    const anaMember = ana.member.memberId;
    for (const a of [ana, ben]) {
      expect(await lastReply(a, laterOffline)).toEqual({
        member: benMember,
        at: T + 2000,
        messageId: `<${T + 2000}@example.com>`,
      });
      expect(await lastReply(a, earlierOffline)).toEqual({
        member: anaMember,
        at: T + 2000,
        messageId: `<${T + 2000}@example.com>`,
      });
      // Projected, though nothing else of these conversations' team state was ever set.
      expect(projected(a, laterOffline)).toEqual({
        member: benMember,
        email: 'ben@example.com',
        at: T + 2000,
      });
      expect(projected(a, earlierOffline)).toEqual({
        member: anaMember,
        email: 'ana@example.com',
        at: T + 2000,
      });
      const listed = listConversations(a.kit.db, { now: T });
      expect(listed.find((row) => row.id === earlierOffline)?.lastReply).toEqual({
        by: 'ana@example.com',
        at: new Date(T + 2000).toISOString(),
      });
    }
  });

  it('reaches a cache projected by the version before last replies at its next sync', async () => {
    const id = customerWrites('projected-before');
    await reply(ben, id, T + 7000, true);
    await syncOnce(ana);
    expect(projected(ana, id)).toMatchObject({ email: 'ben@example.com' });
    // That version projected no row for a conversation with nothing but a reply, and stored the
    // basis it built the projection with, its members and tags alone.
    ana.kit.db.prepare('DELETE FROM conversation_team_state WHERE conversation_id = ?').run(id);
    ana.kit.db
      .prepare('UPDATE team_projection_basis SET fingerprint = ?')
      .run(await basisBefore(ana));
    await syncOnce(ana);
    expect(projected(ana, id)).toEqual({
      member: ben.member.memberId,
      email: 'ben@example.com',
      at: T + 7000,
    });
  });

  it("is listed on a teammate's machine by its running team sync, with no mail sync", async () => {
    const id = customerWrites('while-running');
    const running = await TeamSync.start(ben.kit.db, ben.dir, {
      me: ME,
      timeoutMs: 10_000,
      keepOpen: true,
    });
    try {
      const row = () => listConversations(ben.kit.db, { now: T }).find((item) => item.id === id);
      expect(row()?.lastReply).toBeNull();
      await reply(ana, id, T + 5000, true);
      expect(await until('the reply in the list', () => row()?.lastReply)).toEqual({
        by: 'ana@example.com',
        at: new Date(T + 5000).toISOString(),
      });
    } finally {
      await running!.sync.stop();
    }
  });
});
