import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncServer, type SyncServer } from '../../src/server/start-sync-server.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { withCache } from '../sync/support/cache.js';
import { addAccount, BIN, cli, cliJson, listConversations, makeDataDir, removeDir, syncOnce } from '../sync/support/cli.js';

/*
 * A running `switchboard sync` (the real executable) keeps the team connection beside IMAP: a
 * teammate's change reaches its projection while it runs, without another sync.
 */

const USER = 'support';
process.env.SWITCHBOARD_TEAM_TIMEOUT_MS = '3000';

let dovecot: Dovecot;
let serverDir: string;
let server: SyncServer;
let daemonDir: string;
let teammateDir: string;

beforeAll(async () => {
  assertBuildIsCurrent();
  dovecot = await startDovecot({ users: [{ user: USER, password: 'secret' }] });
  await appendMessage(
    dovecot,
    USER,
    'INBOX',
    ['Message-ID: <live@customer.example>', 'From: Eve <eve@customer.example>', 'To: support@example.com', 'Subject: Live one', '', 'Hello.', ''].join('\r\n'),
  );
  serverDir = mkdtempSync(join(tmpdir(), 'switchboard-live-server-'));
  const workspace = await cliJson<Record<string, string>>(serverDir, 'server-admin', 'create-workspace', '--name', 'Team', '--admin-name', 'Ana', '--admin-email', 'ana@example.com');
  const ben = await cliJson<Record<string, string>>(serverDir, 'server-admin', 'add-member', '--workspace', workspace.workspaceId!, '--name', 'Ben', '--email', 'ben@example.com', '--role', 'agent');
  server = await startSyncServer({ host: '127.0.0.1', port: 0, dataDir: serverDir, log: () => undefined });
  [daemonDir, teammateDir] = await Promise.all([makeDataDir(), makeDataDir()]);
  for (const [dir, token] of [[daemonDir, workspace.token], [teammateDir, ben.token]] as const) {
    await addAccount(dir, dovecot, USER);
    await syncOnce(dir);
    expect((await cli(dir, 'team', 'join', '--server', server.url, '--workspace', workspace.workspaceId!, '--token', token!)).code).toBe(0);
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
  await dovecot?.stop();
  for (const dir of [daemonDir, teammateDir]) if (dir) await removeDir(dir);
  rmSync(serverDir, { recursive: true, force: true });
});

describe('switchboard sync with a team', () => {
  // A small workspace's state documents stay open; a large one's are visited in turns (forced
  // here with a budget of 0 bytes).
  it.each([
    ['keeping every state document open', undefined, 'ben@example.com'],
    ['visiting the state documents in turns', '0', 'ana@example.com'],
  ] as const)('shows a teammate\'s change while it runs (%s), and stops cleanly', async (_label, budget, assignee) => {
    const env = { ...process.env, ...(budget === undefined ? {} : { SWITCHBOARD_TEAM_KEEP_OPEN_BYTES: budget }) };
    const child = spawn(process.execPath, [BIN, '--data', daemonDir, 'sync'], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      // Its first team pass is done: what follows must arrive live.
      await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => /^team: workspace /m.test(chunk.toString()) && resolve()));
      const id = (await listConversations(teammateDir))[0]!.id;
      const assigned = await cli(teammateDir, 'assign', id, '--to', assignee);
      expect(assigned.out).toBe(`assigned to ${assignee}`);
      const projected = () =>
        withCache(daemonDir, (db) => db.prepare('SELECT assignee_email FROM conversation_team_state WHERE conversation_id = ?').get(id) as { assignee_email: string } | undefined);
      const deadline = Date.now() + 15_000;
      while (projected()?.assignee_email !== assignee && Date.now() < deadline) await sleep(50);
      expect(projected(), stderr).toEqual({ assignee_email: assignee });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);
    expect(stderr).toBe('');
  });
});
