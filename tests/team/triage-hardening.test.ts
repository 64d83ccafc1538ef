import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFile } from '../../src/app/data-dir.js';
import { openDatabase } from '../../src/db/open-database.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import {
  addAccount,
  cli,
  cliJson,
  listConversations,
  makeDataDir,
  removeDir,
  showConversation,
  syncOnce,
  type ConversationItem,
} from '../sync/support/cli.js';
import { customerMail } from './support/customer-mail.js';
import { createWorkspaceWithDocument } from '../../src/server/create-workspace.js';
import { startTestServer, type TestServer } from '../server/support/test-server.js';

/*
 * The triage and team commands where they used to go wrong (issue 8), through the CLI against a
 * real Dovecot and a real sync server: a command's edits all or none, reads that create nothing,
 * a join that fails leaving nothing behind, and messages that say what is wrong.
 */

const USER = 'support';
process.env.SWITCHBOARD_TEAM_CONFIRM_MS = '3000';
process.env.SWITCHBOARD_TEAM_SYNC_MS = '3000';

let dovecot: Dovecot;
let team: TestServer;
/** The workspace (with its core document, as `server-admin create-workspace` makes it). */
let workspaceId: string;
let adminToken: string;
/** The admin's and an agent's data directories, both joined. */
let ada: string;
let ben: string;
let refund: string;

async function join(dir: string, token: string, workspace = workspaceId) {
  return cli(dir, 'team', 'join', '--server', team.url, '--workspace', workspace, '--token', token);
}

const addMember = (name: string, role: 'admin' | 'agent' | 'viewer' = 'agent') =>
  team.directory.addMember(workspaceId, { name, email: `${name}@example.com`, role });

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: 'secret' }] });
  await appendMessage(
    dovecot,
    USER,
    'INBOX',
    customerMail('refund@customer.example', 'Refund 1001'),
  );
  await appendMessage(dovecot, USER, 'INBOX', customerMail('printer@customer.example', 'Printer'));
  await appendMessage(
    dovecot,
    USER,
    'INBOX',
    customerMail('invoice@customer.example', 'Invoice 7'),
  );
  team = await startTestServer();
  ({ workspaceId, token: adminToken } = createWorkspaceWithDocument(team.db, 'Support', {
    name: 'Ada',
    email: 'ada@example.com',
  }));
  [ada, ben] = await Promise.all([makeDataDir(), makeDataDir()]);
  for (const [dir, token] of [
    [ada, adminToken],
    [ben, addMember('ben').token],
  ] as const) {
    await addAccount(dir, dovecot, USER);
    await syncOnce(dir);
    const joined = await join(dir, token);
    expect(joined.code, joined.err).toBe(0);
  }
  refund = (await listConversations(ada)).find((row) => row.subject === 'Refund 1001')!.id;
  for (const args of [
    ['tag', refund, '+urgent', '+billing'],
    ['assign', refund, '--to', 'ben@example.com'],
  ]) {
    const result = await cli(ada, ...args);
    expect(result.code, result.err).toBe(0);
  }
  await syncOnce(ben);
}, 60_000);

afterAll(async () => {
  await team?.close();
  await dovecot?.stop();
  for (const dir of [ada, ben]) if (dir) await removeDir(dir);
});

const row = (rows: ConversationItem[], id = refund) => rows.find((item) => item.id === id);

describe('a triage command makes all its edits or none', () => {
  it('an agent removing a tag and adding one nobody defined changes nothing', async () => {
    expect(row(await listConversations(ben))).toMatchObject({ tags: ['billing', 'urgent'] });
    const refused = await cli(ben, 'tag', refund, '-urgent', '+nosuchtag');
    expect(refused.code).toBe(1);
    expect(refused.err).toBe('switchboard: no tag named nosuchtag: an admin defines tags');
    // Not here, and not at the team's either.
    expect(row(await listConversations(ben))).toMatchObject({ tags: ['billing', 'urgent'] });
    const applied = await cli(ben, 'tag', refund, '-billing');
    expect(applied.code, applied.err).toBe(0);
    await syncOnce(ada);
    expect(row(await listConversations(ada))).toMatchObject({ tags: ['urgent'] });
    expect(row(await listConversations(ben))).toMatchObject({ tags: ['urgent'] });
  });

  it("an admin's tags are defined and applied in the same go, or not at all", async () => {
    const refused = await cli(ada, 'tag', refund, '+vip', `+${'x'.repeat(101)}`);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^switchboard: not a valid tag name$/);
    const db = openDatabase(cacheFile(ada));
    try {
      const rows = db.prepare('SELECT count(*) AS n FROM workspace_updates').pluck().get();
      expect(await cli(ada, 'tag', refund, '+vip', '+billing')).toMatchObject({ code: 0 });
      // One update each: the core (vip defined), the state shard, the timeline shard.
      expect(db.prepare('SELECT count(*) AS n FROM workspace_updates').pluck().get()).toBe(
        (rows as number) + 3,
      );
    } finally {
      db.close();
    }
    expect(row(await listConversations(ada))).toMatchObject({ tags: ['billing', 'urgent', 'vip'] });
  });
});

describe('messages that say what is wrong', () => {
  it('snoozing without a time names --until', async () => {
    const result = await cli(ben, 'status', refund, 'snoozed');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^switchboard: .*--until/);
  });

  it('a malformed workspace id is refused before asking the server, and says why', async () => {
    const fresh = await makeDataDir();
    try {
      const result = await join(fresh, adminToken, 'not/a workspace');
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/^switchboard: not a workspace id: "not\/a workspace" \(/);
      expect(result.err).not.toMatch(/HTTP/);
      expect(readdirSync(fresh)).toEqual([]);
    } finally {
      await removeDir(fresh);
    }
  });
});

describe('reads create nothing; a failed join leaves nothing behind', () => {
  it('conversations --assignee me with no team: an empty list, and no workspace made', async () => {
    const solo = await makeDataDir();
    try {
      await addAccount(solo, dovecot, USER);
      await syncOnce(solo);
      const before = readdirSync(solo).sort();
      expect(await cliJson(solo, 'conversations', '--assignee', 'me')).toEqual([]);
      expect(await cliJson(solo, 'conversations', '--assignee', 'support@example.com')).toEqual([]);
      expect((await showConversation(solo, refund)).notes).toEqual([]);
      expect(readdirSync(solo).sort()).toEqual(before);
      expect(existsSync(`${solo}/embedded-server`)).toBe(false);
      const db = openDatabase(cacheFile(solo));
      try {
        expect(db.prepare('SELECT count(*) FROM team_workspaces').pluck().get()).toBe(0);
        expect(db.prepare('SELECT count(*) FROM workspace_updates').pluck().get()).toBe(0);
      } finally {
        db.close();
      }
    } finally {
      await removeDir(solo);
    }
  });

  it('a join with a refused token, or to a server that is down, leaves a fresh directory empty', async () => {
    const fresh = await makeDataDir();
    try {
      const refused = await join(fresh, 'sb_not-a-token');
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/^switchboard: the team server refused this token/);
      const down = await cli(
        fresh,
        'team',
        'join',
        '--server',
        'ws://127.0.0.1:1',
        '--workspace',
        workspaceId,
        '--token',
        adminToken,
      );
      expect(down.code).toBe(1);
      expect(down.err).toMatch(/^switchboard: cannot reach the team server/);
      expect(readdirSync(fresh)).toEqual([]);
    } finally {
      await removeDir(fresh);
    }
  });
});

describe('a change made with a refused token', () => {
  const NOT_ACCEPTED =
    /^switchboard: the team server refused this app's token \(HTTP 401: unknown or revoked\); the change \(.+\) is kept here but not accepted: "switchboard team join" with a new token sends it, "switchboard team discard" drops it$/;

  it('is kept and said not accepted by every command; a new token sends it, discard drops it', async () => {
    const printer = (await listConversations(ada)).find((item) => item.subject === 'Printer')!.id;
    const [cara, dan] = await Promise.all([makeDataDir(), makeDataDir()]);
    try {
      const members = { cara: addMember('cara'), dan: addMember('dan') };
      for (const [dir, member] of [
        [cara, members.cara],
        [dan, members.dan],
      ] as const) {
        await addAccount(dir, dovecot, USER);
        expect((await join(dir, member.token)).code).toBe(0);
        await syncOnce(dir);
        team.directory.revokeTokens(workspaceId, member.memberId);
      }

      // Every triage command: exit 1, one line, the change kept here.
      for (const args of [
        ['status', printer, 'pending'],
        ['assign', printer, '--me'],
        ['tag', printer, '+urgent'],
        ['note', printer, 'Called the customer back'],
      ]) {
        const result = await cli(cara, ...args);
        expect(result.code, args.join(' ')).toBe(1);
        expect(result.err).toMatch(NOT_ACCEPTED);
        expect(result.out).toBe('');
      }
      expect(row(await listConversations(cara), printer)).toMatchObject({
        status: 'pending',
        assignee: 'cara@example.com',
        tags: ['urgent'],
      });
      // sync: "token refused", not "cannot be reached", and a failure.
      const synced = await cli(cara, 'sync', '--once');
      expect(synced.code).toBe(1);
      expect(synced.out).toMatch(
        /^team: \d+ conversations with team state \(token refused: the team server refused this app's token \(HTTP 401: unknown or revoked\); \d+ updates made here are kept but not accepted: "switchboard team join" with a new token sends them, "switchboard team discard" drops them\)$/m,
      );
      expect(synced.out).not.toMatch(/cannot be reached/);
      const status = await cli(cara, 'team', 'status');
      expect(status.code).toBe(1);
      expect(status.out).toMatch(/refused this token .*kept but not accepted/);

      // Dan's change is discarded: gone here, and never reaches the team, even once he rejoins.
      const tagged = await cli(dan, 'tag', printer, '+billing');
      expect(tagged.err).toMatch(NOT_ACCEPTED);
      expect(row(await listConversations(dan), printer)!.tags).toEqual(['billing']);
      const discarded = await cli(dan, 'team', 'discard');
      expect(discarded.code, discarded.err).toBe(0);
      expect(discarded.out).toMatch(/^discarded \d+ updates the team server never accepted/);
      expect(row(await listConversations(dan), printer)!.tags).toEqual([]);
      expect((await cli(dan, 'team', 'discard')).out).toMatch(/^nothing to discard/);
      expect(
        (await join(dan, team.directory.issueToken(workspaceId, members.dan.memberId))).code,
      ).toBe(0);
      await syncOnce(dan);

      // Cara's changes go out once she joins again with a new token.
      expect(
        (await join(cara, team.directory.issueToken(workspaceId, members.cara.memberId))).code,
      ).toBe(0);
      const resent = await cli(cara, 'sync', '--once');
      expect(resent.code, resent.err).toBe(0);
      expect(resent.out).toMatch(/^team: \d+ conversations with team state$/m);
      await syncOnce(ada);
      expect(row(await listConversations(ada), printer)).toMatchObject({
        status: 'pending',
        assignee: 'cara@example.com',
        tags: ['urgent'],
      });
      expect((await showConversation(ada, printer)).notes.map((note) => note.text)).toEqual([
        'Called the customer back',
      ]);
    } finally {
      await removeDir(cara);
      await removeDir(dan);
    }
  });
  it('fails sync --once even before the workspace ever reached this machine', async () => {
    const eve = await makeDataDir();
    try {
      const member = addMember('eve');
      await addAccount(eve, dovecot, USER);
      expect((await join(eve, member.token)).code).toBe(0);
      team.directory.revokeTokens(workspaceId, member.memberId);
      const synced = await cli(eve, 'sync', '--once');
      expect(synced.code).toBe(1);
      expect(synced.err).toMatch(/^switchboard: team: .*refused this app's token/m);
      expect(synced.err).not.toMatch(/\n\s+at /);
    } finally {
      await removeDir(eve);
    }
  });
});

describe('solo work, when the data directory joins a team', () => {
  /** A data directory that triaged alone (a solo workspace), then these commands. */
  async function soloWith(commands: string[][]): Promise<string> {
    const dir = await makeDataDir();
    await addAccount(dir, dovecot, USER);
    await syncOnce(dir);
    for (const args of commands) {
      const result = await cli(dir, ...args);
      expect(result.code, `${args.join(' ')}: ${result.err}`).toBe(0);
    }
    return dir;
  }

  it('is carried into the team: show still has it, and a teammate sees it', async () => {
    const invoice = (await listConversations(ada)).find((item) => item.subject === 'Invoice 7')!.id;
    const erin = await soloWith([
      ['assign', invoice, '--me'],
      ['status', invoice, 'snoozed', '--until', '2099-01-01T09:00:00Z'],
      ['tag', invoice, '+urgent', '+brand-new'],
      ['note', invoice, 'Asked for the PO number'],
    ]);
    try {
      const joined = await join(erin, addMember('erin', 'admin').token);
      expect(joined.code, joined.err).toBe(0);
      const expected = {
        status: 'snoozed',
        assignee: 'erin@example.com',
        tags: ['brand-new', 'urgent'],
      };
      expect(await showConversation(erin, invoice)).toMatchObject({
        ...expected,
        notes: [{ author: 'erin@example.com', text: 'Asked for the PO number' }],
      });
      expect(joined.out).toMatch(
        /; carried the solo work on 1 conversation \(1 assignment, 1 status, 2 tags, 1 note\)$/,
      );
      await syncOnce(ada);
      expect(await showConversation(ada, invoice)).toMatchObject({
        ...expected,
        notes: [{ author: 'erin@example.com', text: 'Asked for the PO number' }],
      });
      expect(row(await listConversations(ada, '--status', 'snoozed'), invoice)).toBeDefined();
    } finally {
      await removeDir(erin);
    }
  });

  it('asks first, with counts, before leaving behind what cannot be carried', async () => {
    const printer = (await listConversations(ada)).find((item) => item.subject === 'Printer')!.id;
    const fay = await soloWith([
      ['tag', printer, '+solo-only'],
      ['assign', refund, '--me'],
      ['note', refund, 'Solo note'],
    ]);
    try {
      const token = addMember('fay').token;
      const asked = await join(fay, token);
      expect(asked.code).toBe(1);
      expect(asked.err).toBe(
        'switchboard: joining would leave solo work behind: tags the team has not defined (an admin defines them): solo-only on 1 conversation; 1 assignment where the team assigned someone else. Nothing was changed: join again with --leave-solo-work to leave it behind (it stays stored here, unshown)',
      );
      expect((await cli(fay, 'team', 'status')).out).toMatch(/^solo workspace /);
      expect((await showConversation(fay, refund)).notes.map((note) => note.text)).toEqual([
        'Solo note',
      ]);
      const joined = await cli(
        fay,
        'team',
        'join',
        '--server',
        team.url,
        '--workspace',
        workspaceId,
        '--token',
        token,
        '--leave-solo-work',
      );
      expect(joined.code, joined.err).toBe(0);
      expect(joined.out).toMatch(
        /; carried the solo work on 1 conversation \(1 note\); left behind: tags the team has not defined/,
      );
      expect(await showConversation(fay, refund)).toMatchObject({
        assignee: 'ben@example.com',
        notes: [{ author: 'fay@example.com', text: 'Solo note' }],
      });
    } finally {
      await removeDir(fay);
    }
  });
});
