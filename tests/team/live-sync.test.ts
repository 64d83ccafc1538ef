import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFile } from '../../src/app/data-dir.js';
import { openDatabase } from '../../src/db/open-database.js';
import { startSyncServer, type SyncServer } from '../../src/server/start-sync-server.js';
import { TeamWorkspace } from '../../src/team/client/team-workspace.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { withCache } from '../sync/support/cache.js';
import {
  addAccount,
  BIN,
  cli,
  cliJson,
  listConversations,
  makeDataDir,
  removeDir,
  syncOnce,
} from '../sync/support/cli.js';

/*
 * A running `switchboard sync` (the real executable) keeps the team connection beside IMAP: a
 * teammate's change reaches its projection while it runs, without another sync.
 */

const USER = 'support';
process.env.SWITCHBOARD_TEAM_CONFIRM_MS = '3000';
process.env.SWITCHBOARD_TEAM_SYNC_MS = '3000';

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
    [
      'Message-ID: <live@customer.example>',
      'From: Eve <eve@customer.example>',
      'To: support@example.com',
      'Subject: Live one',
      '',
      'Hello.',
      '',
    ].join('\r\n'),
  );
  serverDir = mkdtempSync(join(tmpdir(), 'switchboard-live-server-'));
  const workspace = await cliJson<Record<string, string>>(
    serverDir,
    'server-admin',
    'create-workspace',
    '--name',
    'Team',
    '--admin-name',
    'Ana',
    '--admin-email',
    'ana@example.com',
  );
  const ben = await cliJson<Record<string, string>>(
    serverDir,
    'server-admin',
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
  server = await startSyncServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: serverDir,
    log: () => undefined,
  });
  [daemonDir, teammateDir] = await Promise.all([makeDataDir(), makeDataDir()]);
  for (const [dir, token] of [
    [daemonDir, workspace.token],
    [teammateDir, ben.token],
  ] as const) {
    await addAccount(dir, dovecot, USER);
    await syncOnce(dir);
    expect(
      (
        await cli(
          dir,
          'team',
          'join',
          '--server',
          server.url,
          '--workspace',
          workspace.workspaceId!,
          '--token',
          token!,
        )
      ).code,
    ).toBe(0);
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
  await dovecot?.stop();
  for (const dir of [daemonDir, teammateDir]) if (dir) await removeDir(dir);
  rmSync(serverDir, { recursive: true, force: true });
});

/** Runs `switchboard sync` on the daemon's data directory; resolves once its first team pass is done. */
async function startDaemon(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, '--data', daemonDir, 'sync'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  // Its first team pass is done: what follows must arrive live.
  await new Promise<void>((resolve, reject) => {
    child.stdout.on(
      'data',
      (chunk: Buffer) => /^team: workspace /m.test(chunk.toString()) && resolve(),
    );
    void exited.then((code) => reject(new Error(`sync exited with ${code}: ${stderr}`)));
  });
  return {
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Restarts the team server on its port (clients reconnect by themselves). */
async function restartServer(options: { announceRoomVersions?: boolean } = {}): Promise<void> {
  const port = Number(new URL(server.url).port);
  await server.close();
  server = await startSyncServer({
    host: '127.0.0.1',
    port,
    dataDir: serverDir,
    log: () => undefined,
    ...options,
  });
}

/** The conversation as the teammate lists it after its own `sync --once`: what the server holds. */
async function teammateRow(id: string) {
  await cli(teammateDir, 'sync', '--once');
  return (await listConversations(teammateDir)).find((row) => row.id === id);
}

const projectedAssignee = (dir: string, id: string) =>
  withCache(
    dir,
    (db) =>
      db
        .prepare('SELECT assignee_email FROM conversation_team_state WHERE conversation_id = ?')
        .get(id) as { assignee_email: string } | undefined,
  );

describe('switchboard sync with a team', () => {
  // A small workspace's state documents stay open; a large one's are opened when the server
  // announces they changed (forced here with a budget of 0 bytes), or, from a server that makes
  // no announcement, visited in turns. Polling is off where the announcement alone must do it.
  it.each([
    [
      'keeping every state document open',
      { SWITCHBOARD_TEAM_TIMELINE_POLL_MS: '600000', SWITCHBOARD_TEAM_STATE_POLL_MS: '600000' },
      'ben@example.com',
      true,
    ],
    [
      'opening the state documents the server announces',
      {
        SWITCHBOARD_TEAM_KEEP_OPEN_BYTES: '0',
        SWITCHBOARD_TEAM_TIMELINE_POLL_MS: '600000',
        SWITCHBOARD_TEAM_STATE_POLL_MS: '600000',
      },
      'ana@example.com',
      true,
    ],
    [
      'visiting the state documents in turns, without announcements',
      {
        SWITCHBOARD_TEAM_KEEP_OPEN_BYTES: '0',
        SWITCHBOARD_TEAM_TIMELINE_POLL_MS: '1000',
        SWITCHBOARD_TEAM_STATE_POLL_MS: '1000',
      },
      'ben@example.com',
      false,
    ],
  ] as const)(
    "shows a teammate's change while it runs (%s), and stops cleanly",
    async (_label, env, assignee, announcing) => {
      if (!announcing) await restartServer({ announceRoomVersions: false });
      try {
        const daemon = await startDaemon(env);
        try {
          const id = (await listConversations(teammateDir))[0]!.id;
          const assigned = await cli(teammateDir, 'assign', id, '--to', assignee);
          expect(assigned.out).toBe(`assigned to ${assignee}`);
          await until(
            () => `the running sync to project ${assignee} (its stderr: ${daemon.stderr()})`,
            () => projectedAssignee(daemonDir, id)?.assignee_email === assignee,
            15_000,
          );
        } finally {
          expect(await daemon.stop(), daemon.stderr()).toBe(0);
        }
        expect(daemon.stderr()).toBe('');
      } finally {
        // The tests after this one expect the usual server.
        if (!announcing) await restartServer();
      }
    },
  );

  it("brings a teammate's note into the local replica while it runs, announced, with no polling", async () => {
    const daemon = await startDaemon({
      SWITCHBOARD_TEAM_KEEP_OPEN_BYTES: '0',
      SWITCHBOARD_TEAM_TIMELINE_POLL_MS: '600000',
      SWITCHBOARD_TEAM_STATE_POLL_MS: '600000',
    });
    try {
      const id = (await listConversations(teammateDir))[0]!.id;
      const text = `live note ${Date.now()}`;
      expect((await cli(teammateDir, 'note', id, text)).code).toBe(0);
      // show reads the replica only (no connection): the note is there because the daemon took it.
      const notes = () =>
        cliJson<{ notes: Array<{ text: string }> }>(daemonDir, 'show', id).then((shown) =>
          shown.notes.map((note) => note.text),
        );
      await until(
        "the teammate's note in the replica",
        async () => (await notes()).includes(text),
        15_000,
        300,
      );
    } finally {
      expect(await daemon.stop(), daemon.stderr()).toBe(0);
    }
  });

  it('sends a change queued by another command while the server was down, once it is back', async () => {
    const daemon = await startDaemon({
      SWITCHBOARD_TEAM_KEEP_OPEN_BYTES: '0',
      SWITCHBOARD_TEAM_TIMELINE_POLL_MS: '600000',
      SWITCHBOARD_TEAM_STATE_POLL_MS: '600000',
    });
    const port = Number(new URL(server.url).port);
    try {
      await server.close();
      const id = (await listConversations(daemonDir))[0]!.id;
      const assigned = await cli(daemonDir, 'assign', id, '--to', 'ana@example.com');
      expect(assigned.out).toContain('(queued: the team server cannot be reached');
      server = await startSyncServer({
        host: '127.0.0.1',
        port,
        dataDir: serverDir,
        log: () => undefined,
      });
      // The teammate hears of it from the server: only the running sync can have sent it.
      await until(
        'the teammate to see the queued assignment',
        async () => (await teammateRow(id))?.assignee === 'ana@example.com',
        30_000,
        500,
      );
    } finally {
      expect(await daemon.stop(), daemon.stderr()).toBe(0);
    }
  });

  it('sends what another process stored without sending it, while the server stays up', async () => {
    const daemon = await startDaemon({
      SWITCHBOARD_TEAM_KEEP_OPEN_BYTES: '0',
      SWITCHBOARD_TEAM_TIMELINE_POLL_MS: '600000',
      SWITCHBOARD_TEAM_STATE_POLL_MS: '600000',
    });
    try {
      const id = (await listConversations(daemonDir))[0]!.id;
      // What an app that lost its connection leaves: the change in the replica only.
      const db = openDatabase(cacheFile(daemonDir));
      const team = await TeamWorkspace.open(db, daemonDir, {
        me: { name: 'Ana', email: 'ana@example.com' },
        online: false,
      });
      try {
        (await team.workspace.conversation(id)).setStatus('pending');
      } finally {
        await team.close();
        db.close();
      }
      await until(
        'the teammate to see the stored status',
        async () => (await teammateRow(id))?.status === 'pending',
        20_000,
        300,
      );
    } finally {
      expect(await daemon.stop(), daemon.stderr()).toBe(0);
    }
  });
});
