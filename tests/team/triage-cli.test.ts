import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncServer, type SyncServer } from '../../src/server/start-sync-server.js';
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

/*
 * Team triage through the CLI, end to end: a real Dovecot holds the shared mailbox, a real sync
 * server holds the workspace (created with server-admin), and two teammates' data directories
 * sync the mail, join the team and triage. Contract names from the issue: assign (--to, --me,
 * --none), status (--until), tag (+TAG -TAG), note; conversations' and show's JSON fields.
 */

const USER = 'support';
process.env.SWITCHBOARD_TEAM_CONFIRM_MS = '3000';
process.env.SWITCHBOARD_TEAM_SYNC_MS = '3000';

let dovecot: Dovecot;
let serverDir: string;
let server: SyncServer;
let port: number;
let ana: string;
let ben: string;
let viewer: string;
let conversation: string;
let workspaceId: string;

async function admin(...args: string[]): Promise<Record<string, string>> {
  return cliJson<Record<string, string>>(serverDir, 'server-admin', ...args);
}

async function startServer(): Promise<void> {
  server = await startSyncServer({
    host: '127.0.0.1',
    port,
    dataDir: serverDir,
    log: () => undefined,
  });
  port = server.port;
}

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: 'secret' }] });
  await appendMessage(
    dovecot,
    USER,
    'INBOX',
    customerMail(
      'refund@customer.example',
      'Refund for order 1001',
      'Carla <carla@customer.example>',
    ),
  );
  await appendMessage(
    dovecot,
    USER,
    'INBOX',
    customerMail('printer@customer.example', 'Printer on fire', 'Dan <dan@customer.example>'),
  );
  serverDir = mkdtempSync(join(tmpdir(), 'switchboard-team-server-'));
  const workspace = await admin(
    'create-workspace',
    '--name',
    'Support team',
    '--admin-name',
    'Ana',
    '--admin-email',
    'ana@example.com',
  );
  workspaceId = workspace.workspaceId!;
  const benMember = await admin(
    'add-member',
    '--workspace',
    workspace.workspaceId!,
    '--name',
    'Ben',
    '--email',
    'ben@example.com',
    '--role',
    'agent',
  );
  const viewerMember = await admin(
    'add-member',
    '--workspace',
    workspace.workspaceId!,
    '--name',
    'Vic',
    '--email',
    'vic@example.com',
    '--role',
    'viewer',
  );
  port = 0;
  await startServer();
  [ana, ben, viewer] = await Promise.all([makeDataDir(), makeDataDir(), makeDataDir()]);
  for (const [dir, token] of [
    [ana, workspace.token],
    [ben, benMember.token],
    [viewer, viewerMember.token],
  ] as const) {
    await addAccount(dir, dovecot, USER);
    await syncOnce(dir);
    const joined = await cli(
      dir,
      'team',
      'join',
      '--server',
      server.url,
      '--workspace',
      workspace.workspaceId!,
      '--token',
      token!,
    );
    expect(joined.code, joined.err).toBe(0);
  }
  conversation = (await listConversations(ana)).find(
    (row) => row.subject === 'Refund for order 1001',
  )!.id;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await dovecot?.stop();
  for (const dir of [ana, ben, viewer]) if (dir) await removeDir(dir);
  rmSync(serverDir, { recursive: true, force: true });
});

const row = (rows: ConversationItem[], id = conversation) => rows.find((item) => item.id === id);

describe('team triage from the CLI', () => {
  it('assigns, sets the status, tags and notes; the server confirms each', async () => {
    for (const args of [
      ['assign', conversation, '--to', 'ben@example.com'],
      ['status', conversation, 'pending'],
      ['tag', conversation, '+billing', '+vip'],
      ['tag', conversation, '-vip'],
      ['note', conversation, 'Refund approved, @ben@example.com please reply'],
    ]) {
      const result = await cli(ana, ...args);
      expect(result.code, result.err).toBe(0);
      expect(result.out).not.toMatch(/queued/);
    }
    expect(row(await listConversations(ana))).toMatchObject({
      status: 'pending',
      assignee: 'ben@example.com',
      tags: ['billing'],
    });
  });

  it('shows a teammate the same state after a sync: list, filters and notes', async () => {
    await syncOnce(ben);
    expect(row(await listConversations(ben))).toMatchObject({
      status: 'pending',
      assignee: 'ben@example.com',
      tags: ['billing'],
    });
    const mine = await cliJson<ConversationItem[]>(ben, 'conversations', '--assignee', 'me');
    expect(mine.map((item) => item.id)).toEqual([conversation]);
    expect(
      (await cliJson<ConversationItem[]>(ben, 'conversations', '--assignee', 'none')).map(
        (item) => item.subject,
      ),
    ).toEqual(['Printer on fire']);
    expect(
      (await cliJson<ConversationItem[]>(ben, 'conversations', '--status', 'pending')).map(
        (item) => item.id,
      ),
    ).toEqual([conversation]);
    expect(
      (await cliJson<ConversationItem[]>(ben, 'conversations', '--tag', 'billing')).map(
        (item) => item.id,
      ),
    ).toEqual([conversation]);
    const shown = await showConversation(ben, conversation);
    expect(shown).toMatchObject({
      status: 'pending',
      assignee: 'ben@example.com',
      tags: ['billing'],
    });
    expect(shown.notes).toEqual([
      {
        author: 'ana@example.com',
        text: 'Refund approved, @ben@example.com please reply',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      },
    ]);
  });

  it('works offline: the change is kept, said to be queued, and reaches the team later', async () => {
    await server.close();
    const offline = await cli(
      ben,
      'status',
      conversation,
      'snoozed',
      '--until',
      '2099-01-01T09:00:00Z',
    );
    expect(offline.code, offline.err).toBe(0);
    expect(offline.out).toMatch(/queued/);
    // Applied locally at once.
    expect(row(await listConversations(ben))).toMatchObject({ status: 'snoozed' });
    await startServer();
    await syncOnce(ben);
    await syncOnce(ana);
    expect(row(await listConversations(ana))).toMatchObject({
      status: 'snoozed',
      assignee: 'ben@example.com',
    });
  });

  it("refuses a viewer's changes, and bad input, with one line", async () => {
    await syncOnce(viewer);
    const refused = await cli(viewer, 'assign', conversation, '--me');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^switchboard: .*viewer/);
    for (const args of [
      ['assign', conversation, '--to', 'nobody@example.com'],
      ['assign', conversation],
      ['status', conversation, 'done'],
      ['status', conversation, 'snoozed', '--until', 'someday'],
      ['assign', 'c0000000000000000000000', '--me'],
    ]) {
      const result = await cli(ana, ...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.err.split('\n')).toHaveLength(1);
    }
  });

  it('says so when the server refuses the token (revoked), rather than "queued"', async () => {
    const members = await cliJson<Array<{ memberId: string; email: string | null }>>(
      serverDir,
      'server-admin',
      'list-members',
      '--workspace',
      workspaceId,
    );
    const benId = members.find((member) => member.email === 'ben@example.com')!.memberId;
    expect(
      (
        await cli(
          serverDir,
          'server-admin',
          'revoke-token',
          '--workspace',
          workspaceId,
          '--member',
          benId,
        )
      ).code,
    ).toBe(0);
    const refused = await cli(ben, 'status', conversation, 'open');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^switchboard: the team server refused this app's token/);
  });

  it('works alone with no team joined: a solo workspace served in-process', async () => {
    const solo = await makeDataDir();
    try {
      await addAccount(solo, dovecot, USER);
      await syncOnce(solo);
      const id = (await listConversations(solo)).find(
        (item) => item.subject === 'Printer on fire',
      )!.id;
      const assigned = await cli(solo, 'assign', id, '--me');
      expect(assigned.code, assigned.err).toBe(0);
      expect(assigned.out).toBe('assigned to support@example.com');
      expect(await cli(solo, 'note', id, 'Called the customer')).toMatchObject({ code: 0 });
      expect(row(await listConversations(solo), id)).toMatchObject({
        assignee: 'support@example.com',
        status: 'open',
      });
      expect((await showConversation(solo, id)).notes.map((note) => note.text)).toEqual([
        'Called the customer',
      ]);
    } finally {
      await removeDir(solo);
    }
  });
});
