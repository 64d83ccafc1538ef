import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName } from '../../src/app/contract/inputs.js';
import { cacheFile, syncLockFile } from '../../src/app/data-dir.js';
import { environmentSecretStore } from '../../src/app/environment-secret-store.js';
import { openSwitchboard } from '../../src/app/open-switchboard.js';
import { acquireSyncLock } from '../../src/app/sync-lock.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { Dovecot } from '../helpers/dovecot.js';
import { cli } from '../sync/support/cli.js';
import { openSyncedFacade, type SyncedFacade } from './support/synced-facade.js';
import {
  changedFrom,
  closeAll,
  conversationsOf,
  eventOf,
  startMailbox,
  startTeam,
  type Team,
  TEAM_SETTINGS,
  teammate,
  USER,
} from './support/team-fixture.js';

/*
 * team.* through the facade and its dispatcher against a real sync server and a real Dovecot:
 * where a data directory stands, joining (solo work carried), leaving, discarding what the server
 * never accepted, the directory; each with input refused naming its field, and the core's
 * refusals as codes.
 */

let dovecot: Dovecot;
let team: Team;
let ada: SyncedFacade;
let refund: string;
let printer: string;
/** Facades made by a test, closed at the end. */
const opened: SyncedFacade[] = [];

beforeAll(async () => {
  dovecot = await startMailbox();
  team = await startTeam();
  ada = await teammate(dovecot, team, team.adminToken);
  ({ refund, printer } = await conversationsOf(ada));
  await ada.app.triage.tag({ conversationId: refund, add: ['urgent'] });
}, 120_000);

afterAll(() => closeAll([ada, ...opened], team, dovecot));

async function synced(): Promise<SyncedFacade> {
  const facade = await openSyncedFacade(dovecot, USER, { settings: TEAM_SETTINGS });
  opened.push(facade);
  return facade;
}

/** A facade over a data directory that does not exist yet. */
async function fresh() {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-facade-team-'));
  const dataDir = join(dir, 'data');
  const app = await openSwitchboard({
    dataDir,
    secrets: environmentSecretStore({}),
    settings: TEAM_SETTINGS,
  });
  return {
    app,
    dataDir,
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const joinParams = (token: string, more: Record<string, unknown> = {}) => ({
  serverUrl: team.server.url,
  workspaceId: team.workspaceId,
  token,
  ...more,
});

describe('team.status and team.join', () => {
  it('a fresh data directory is in no workspace, and asking creates nothing', async () => {
    const facade = await fresh();
    try {
      expect(await facade.app.team.status()).toMatchObject({ token: 'none', workspaceId: null });
      expect(await facade.app.team.members()).toEqual([]);
      expect(await facade.app.team.tags()).toEqual([]);
      expect(await facade.app.team.presence()).toEqual([]);
      expect(readdirSync(facade.dataDir)).toEqual([]);
    } finally {
      await facade.close();
    }
  });

  it('refuses a join whose token or workspace the server refuses, leaving the directory empty', async () => {
    const facade = await fresh();
    try {
      await expect(facade.app.team.join(joinParams('sb_not-a-token'))).rejects.toMatchObject({
        code: 'token-refused',
        message: expect.stringMatching(/^the team server refused this token/) as unknown,
      });
      await expect(
        facade.app.team.join({ ...joinParams(team.adminToken), workspaceId: 'not/a workspace' }),
      ).rejects.toMatchObject({ code: 'invalid' });
      await expect(
        facade.app.team.join({ ...joinParams(team.adminToken), serverUrl: 'ws://127.0.0.1:1' }),
      ).rejects.toMatchObject({ code: 'unreachable' });
      expect(readdirSync(facade.dataDir)).toEqual([]);
    } finally {
      await facade.close();
    }
  });

  it('joins: the membership, the status, the directory, told as events', async () => {
    const cara = await synced();
    const member = team.addMember('cara');
    const from = cara.events.length;
    expect(await cara.app.team.join(joinParams(member.token))).toEqual({
      workspaceId: team.workspaceId,
      memberId: member.memberId,
      role: 'agent',
      name: 'cara',
      email: 'cara@example.com',
      carried: '',
      leftBehind: [],
      confirmed: true,
    });
    await eventOf(cara, 'team.directory', (event) => event.what === 'members', from);
    await eventOf(cara, 'team.directory', (event) => event.what === 'tags', from);
    expect(await cara.app.team.status()).toMatchObject({
      workspaceId: team.workspaceId,
      server: team.server.url,
      memberId: member.memberId,
      token: 'accepted',
      unconfirmed: 0,
    });
    expect(await cara.app.session.whoami()).toEqual({
      memberId: member.memberId,
      name: 'cara',
      email: 'cara@example.com',
      role: 'agent',
      workspaceId: team.workspaceId,
      // Its name comes with the workspace's documents, not with the join.
      workspaceName: null,
      solo: false,
    });
    // The team's state reaches this machine with its first sync (or its first change).
    await cara.app.triage.assign({ conversationId: printer, to: 'me' });
    expect((await cara.app.session.whoami()).workspaceName).toBe('Support');
    expect(
      (await cara.app.team.members()).map(({ name, email, role }) => [name, email, role]),
    ).toEqual([
      ['Ada', 'ada@example.com', 'admin'],
      ['cara', 'cara@example.com', 'agent'],
    ]);
    expect((await cara.app.team.tags()).map((tag) => tag.name)).toEqual(['urgent']);
  });

  it('carries solo work into the team, and tells the lists what changed', async () => {
    const dan = await synced();
    // Alone first: a solo workspace served in-process.
    const mine = await dan.app.triage.assign({ conversationId: refund, to: 'me' });
    expect(mine).toEqual({
      conversationId: refund,
      done: 'assigned to support@example.com',
      delivery: 'solo',
    });
    await dan.app.triage.note({ conversationId: refund, text: 'Asked for the model number' });
    // A solo workspace has no name: the app shows the product's.
    expect(await dan.app.session.whoami()).toMatchObject({
      solo: true,
      role: 'admin',
      workspaceName: null,
    });
    const member = team.addMember('dan', 'admin');
    const from = dan.events.length;
    const joined = await dan.app.team.join(joinParams(member.token));
    expect(joined).toMatchObject({
      carried: 'carried the solo work on 1 conversation (1 assignment, 1 note)',
      leftBehind: [],
      confirmed: true,
    });
    await eventOf(dan, 'conversations.changed', changedFrom('local', refund), from);
    expect((await dan.app.mail.conversations({})).find((row) => row.id === refund)).toMatchObject({
      assignee: 'dan@example.com',
    });
    expect(
      (await dan.app.mail.conversation({ conversationId: refund })).notes.map((note) => [
        note.author,
        note.text,
      ]),
    ).toEqual([['dan@example.com', 'Asked for the model number']]);
  });

  it('refuses what the contract does not take, naming the field', async () => {
    const cases: Array<[MethodName, Record<string, unknown>, string]> = [
      ['team.join', { workspaceId: team.workspaceId, token: 't' }, 'serverUrl'],
      ['team.join', { serverUrl: ' ', workspaceId: team.workspaceId, token: 't' }, 'serverUrl'],
      ['team.join', { serverUrl: team.server.url, workspaceId: team.workspaceId }, 'token'],
      ['team.join', { ...joinParams('t'), leaveSoloWork: 'yes' }, 'leaveSoloWork'],
      ['team.join', { ...joinParams('t'), memberId: 'someone' }, 'memberId'],
      ['team.leave', { dropUnconfirmed: 1 }, 'dropUnconfirmed'],
      ['team.status', { verbose: true }, 'verbose'],
      ['team.discard', { all: true }, 'all'],
      ['team.members', { workspaceId: team.workspaceId }, 'workspaceId'],
      ['team.tags', { color: '#000000' }, 'color'],
    ];
    for (const [method, params, field] of cases)
      expect(await ada.dispatcher.handle({ method, params }), method).toMatchObject({
        ok: false,
        error: { code: 'invalid', field },
      });
  });
});

/** The refund conversation's team state, as a list shows it. */
function teamStateOf(
  rows: Array<{ id: string; status: string; assignee: string | null; tags: string[] }>,
) {
  const { status, assignee, tags } = rows.find((row) => row.id === refund)!;
  return { status, assignee, tags };
}

describe('a data directory whose team token file is gone', () => {
  it('says so, with not-ready, for every call that needs the membership', async () => {
    const hal = await synced();
    await hal.app.team.join(joinParams(team.addMember('hal').token));
    const tokenFile = join(hal.dataDir, 'team-token');
    const token = readFileSync(tokenFile);
    rmSync(tokenFile);
    const calls: Array<[MethodName, Record<string, unknown>]> = [
      ['team.status', {}],
      ['team.members', {}],
      ['team.tags', {}],
      ['team.presence', {}],
      ['team.setViewing', { conversationId: refund }],
      ['team.setTyping', { conversationId: refund, kind: 'reply' }],
      ['triage.note', { conversationId: refund, text: 'Lost my token' }],
    ];
    for (const [method, params] of calls)
      expect(await hal.dispatcher.handle({ method, params }), method).toMatchObject({
        ok: false,
        error: {
          code: 'not-ready',
          message: expect.stringMatching(
            /team-token is missing: run "switchboard team join" again$/,
          ) as unknown,
        },
      });
    // Put back: closing the app asks where its sync stands, which reads the membership too.
    writeFileSync(tokenFile, token, { mode: 0o600 });
  });
});

describe('team.leave and team.discard', () => {
  /** A teammate whose token is revoked after it joined, with a change kept but not accepted. */
  async function refusedWithAChange(name: string) {
    const facade = await synced();
    const member = team.addMember(name);
    await facade.app.team.join(joinParams(member.token));
    await facade.app.triage.note({ conversationId: printer, text: `${name} was here` });
    // What a sync records of its exchanges, too.
    expect((await facade.app.sync.runOnce()).team).toMatchObject({ delivery: 'confirmed' });
    const teamState = teamStateOf(await facade.app.mail.conversations({}));
    team.server.directory.revokeTokens(team.workspaceId, member.memberId);
    // A fresh start, as the next run of the app: its connections meet the refusal.
    await facade.app.close();
    const reopened = await openSwitchboard({
      dataDir: facade.dataDir,
      secrets: environmentSecretStore({}),
      settings: TEAM_SETTINGS,
    });
    const events: typeof facade.events = [];
    reopened.subscribe((event) => events.push(event));
    await expect(
      reopened.triage.assign({ conversationId: refund, to: 'me' }),
    ).rejects.toMatchObject({
      code: 'token-refused',
      message: expect.stringMatching(
        /^the team server refused this app's token \(HTTP 401: unknown or revoked\); the change \(assigned to \w+@example.com\) is kept here but not accepted/,
      ) as unknown,
    });
    opened.push({ ...facade, app: reopened, events });
    return { app: reopened, events, dataDir: facade.dataDir, member, teamState };
  }

  it('leave: refused with changes the server never had, unless dropped; then nothing of the team is kept', async () => {
    const eve = await refusedWithAChange('eve');
    const { unconfirmed } = await eve.app.team.status();
    expect(await eve.app.team.status()).toMatchObject({ token: 'refused' });
    expect(unconfirmed).toBeGreaterThan(0);
    await expect(eve.app.team.leave({})).rejects.toMatchObject({
      code: 'conflict',
      field: 'dropUnconfirmed',
    });
    // A sync running on the data directory (another process, or this app) holds its documents.
    const release = acquireSyncLock(syncLockFile(eve.dataDir));
    try {
      await expect(eve.app.team.leave({ dropUnconfirmed: true })).rejects.toMatchObject({
        code: 'locked',
      });
    } finally {
      release();
    }
    const stored = (table: string, column: string) => {
      const db = openDatabase(cacheFile(eve.dataDir));
      try {
        return db
          .prepare(`SELECT count(*) FROM ${table} WHERE ${column} LIKE ? || '%'`)
          .pluck()
          .get(team.workspaceId);
      } finally {
        db.close();
      }
    };
    const kept = [
      ['workspace_updates', 'room'],
      ['team_room_exchanges', 'room'],
      ['conversation_notes', 'workspace_id'],
      ['team_members', 'workspace_id'],
    ] as const;
    for (const [table, column] of kept) expect(stored(table, column), table).not.toBe(0);
    const from = eve.events.length;
    expect(await eve.app.team.leave({ dropUnconfirmed: true })).toEqual({
      workspaceId: team.workspaceId,
      dropped: unconfirmed,
    });
    await eventOf(eve, 'conversations.changed', changedFrom('local', refund), from);
    await eventOf(eve, 'team.directory', (event) => event.what === 'members', from);
    // Back to no workspace: the list shows no team state, nothing of the workspace is stored.
    expect(await eve.app.team.status()).toMatchObject({ token: 'none' });
    expect(await eve.app.session.whoami()).toMatchObject({ memberId: null, workspaceId: null });
    expect(
      (await eve.app.mail.conversations({})).map(({ status, assignee, tags }) => [
        status,
        assignee,
        tags,
      ]),
    ).toEqual([
      ['open', null, []],
      ['open', null, []],
    ]);
    expect(existsSync(join(eve.dataDir, 'team-token'))).toBe(false);
    for (const [table, column] of [...kept, ['team_projection_basis', 'workspace_id'] as const])
      expect(stored(table, column), table).toBe(0);
    // Not in a team any more: nothing to leave; a join brings the team's state back.
    await expect(eve.app.team.leave({})).rejects.toMatchObject({ code: 'not-found' });
    await eve.app.team.join(
      joinParams(team.server.directory.issueToken(team.workspaceId, eve.member.memberId)),
    );
    await eve.app.triage.note({ conversationId: refund, text: 'Back again' });
    expect((await eve.app.mail.conversations({})).find((row) => row.id === refund)).toMatchObject({
      tags: ['urgent'],
    });
  });

  it('leave of a data directory that works alone is refused: there is no team', async () => {
    const solo = await synced();
    await solo.app.triage.assign({ conversationId: refund, to: 'me' });
    await expect(solo.app.team.leave({})).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/solo/) as unknown,
    });
    expect((await solo.app.mail.conversations({ assignee: 'me' })).map((row) => row.id)).toEqual([
      refund,
    ]);
  });

  it('discard: drops what the server never accepted, tells the lists; refused while a sync runs', async () => {
    const fay = await refusedWithAChange('fay');
    expect((await fay.app.mail.conversations({})).find((row) => row.id === refund)).toMatchObject({
      assignee: 'fay@example.com',
    });
    // A note the server never accepted is in the notes search reads here, until it is discarded.
    await expect(
      fay.app.triage.note({ conversationId: refund, text: 'Ferret budget approved' }),
    ).rejects.toMatchObject({ code: 'token-refused' });
    const ferrets = () => {
      const db = openDatabase(cacheFile(fay.dataDir));
      try {
        return db
          .prepare("SELECT count(*) FROM conversation_notes WHERE text LIKE 'Ferret%'")
          .pluck()
          .get();
      } finally {
        db.close();
      }
    };
    expect(ferrets()).toBe(1);
    const release = acquireSyncLock(syncLockFile(fay.dataDir));
    try {
      await expect(fay.app.team.discard()).rejects.toMatchObject({ code: 'locked' });
    } finally {
      release();
    }
    const from = fay.events.length;
    const discarded = await fay.app.team.discard();
    expect(discarded).toMatchObject({ workspaceId: team.workspaceId });
    expect(discarded.updates).toBeGreaterThan(0);
    await eventOf(fay, 'conversations.changed', changedFrom('local', refund), from);
    // What the team server had: the change made here is gone.
    expect(teamStateOf(await fay.app.mail.conversations({}))).toEqual(fay.teamState);
    expect(ferrets()).toBe(0);
    expect(
      (await fay.app.mail.conversation({ conversationId: refund })).notes.map((note) => note.text),
    ).not.toContain('Ferret budget approved');
    expect(await fay.app.team.discard()).toMatchObject({ updates: 0, documents: 0 });
  });

  it('discard with no workspace is refused with not-found', async () => {
    const facade = await fresh();
    try {
      await expect(facade.app.team.discard()).rejects.toMatchObject({ code: 'not-found' });
    } finally {
      await facade.close();
    }
  });
});

describe("the CLI's team leave, one call of the facade", () => {
  it('leaves, refuses with unconfirmed changes unless --drop-unconfirmed, and says so in one line', async () => {
    const gil = await synced();
    const member = team.addMember('gil');
    await gil.app.team.join(joinParams(member.token));
    // The workspace reaches this machine with a first change.
    await gil.app.triage.assign({ conversationId: refund, to: 'me' });
    await gil.app.close();
    expect((await cli(gil.dataDir, 'help', 'team')).out).toMatch(
      /^ {2}team leave \[--drop-unconfirmed\] {3}\(stops working in the team workspace here/m,
    );
    team.server.directory.revokeTokens(team.workspaceId, member.memberId);
    expect((await cli(gil.dataDir, 'note', refund, 'Kept here')).code).toBe(1);
    const refused = await cli(gil.dataDir, 'team', 'leave');
    expect(refused).toMatchObject({ code: 1, out: '' });
    expect(refused.err).toMatch(
      /^switchboard: \d+ updates? made here in workspace \w+ never reached its server: .*\(team leave --drop-unconfirmed\)$/,
    );
    const left = await cli(gil.dataDir, 'team', 'leave', '--drop-unconfirmed');
    expect(left).toMatchObject({ code: 0, err: '' });
    expect(left.out).toMatch(
      new RegExp(
        `^left workspace ${team.workspaceId}: its team state is no longer kept here, the mail stays \\(dropped \\d+ updates? the team server never confirmed\\)$`,
      ),
    );
    expect(await cli(gil.dataDir, 'team', 'status')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^no team workspace/) as unknown,
    });
    expect(await cli(gil.dataDir, 'team', 'leave')).toMatchObject({
      code: 1,
      err: 'switchboard: this data directory is in no team workspace',
    });
  });
});
