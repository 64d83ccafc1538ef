import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { cacheFile } from '../../../src/app/data-dir.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { hashToken } from '../../../src/server/access/credentials.js';
import { startSyncServer } from '../../../src/server/start-sync-server.js';
import {
  openServerDatabase,
  serverDatabaseFile,
} from '../../../src/server/store/open-server-database.js';
import { writeTeamConfig } from '../../../src/team/client/team-config.js';
import { TeamSync } from '../../../src/team/client/team-sync.js';
import { TeamWorkspace } from '../../../src/team/client/team-workspace.js';

/*
 * A running `switchboard sync` on a large workspace, against a real server: what it costs to
 * start, to sit idle, and to take in one teammate's change (time until the change is in the
 * projection the inbox lists from, and the CPU it took), with the server's "rooms changed"
 * announcement (src/team/room-versions.ts) and without it (the client then visits the state
 * documents in turns every 5 s).
 *
 * The server's database is filled the way a team's would be after months of use: the workspace's
 * directory rows and every room of the built workspace, one compacted update each. The client is
 * the replica the cold-open measurement used, pointed at this server; it runs in its own process
 * (its CPU is what is reported), the server and the teammate in this one.
 */

export interface FollowMember {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'agent' | 'viewer';
}

export interface FollowOptions {
  /** Where workspace-open-bench persisted the split (`split/`) and the replica (`replica/`). */
  dir: string;
  workspaceId: string;
  members: readonly FollowMember[];
  /** The replica's member; the teammate is another agent. */
  clientMember: string;
  /** Conversations the teammate assigns, one change each. */
  conversationIds: readonly string[];
  /** This bench's script, run as `node script follow DATA_DIR` for the client. */
  script: string;
  announce: boolean;
}

export interface FollowResult {
  startMs: number;
  startCpuMs: number;
  idleCpuPercent: number;
  /** Per change: until the projection has it, and the client's CPU until 1 s after. */
  changes: Array<{ ms: number; cpuMs: number }>;
  /**
   * A new teammate's first `sync --once`: everything from the server into an empty replica
   * (measured once, with announcements: it does not depend on them).
   */
  firstSync?: FirstSync;
  /** The following client's `sync --once` after it stopped, nothing changed since. */
  again?: FirstSync;
}

export interface FirstSync {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  conversations: number;
  confirmed: boolean;
}

const IDLE_MS = 10_000;
const tokenOf = (memberId: string) => `sb_bench_${memberId}`;

export async function measureFollowing(options: FollowOptions): Promise<FollowResult> {
  const mode = options.announce ? 'announced' : 'polled';
  const serverDir = join(options.dir, `server-${mode}`);
  seedServer(serverDir, options);
  const server = await startSyncServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: serverDir,
    announceRoomVersions: options.announce,
    log: () => undefined,
  });
  const clientDir = join(options.dir, `client-${mode}`);
  const teammateDir = join(options.dir, `teammate-${mode}`);
  const teammateMember = options.members.find(
    (m) => m.role === 'agent' && m.id !== options.clientMember,
  )!;
  mkdirSync(clientDir, { recursive: true });
  copyFileSync(cacheFile(join(options.dir, 'replica')), cacheFile(clientDir));
  for (const [dir, memberId] of [
    [clientDir, options.clientMember],
    [teammateDir, teammateMember.id],
  ] as const) {
    const db = openDatabase(cacheFile(dir));
    writeTeamConfig(db, dir, {
      workspaceId: options.workspaceId,
      serverUrl: server.url,
      memberId,
      token: tokenOf(memberId),
    });
    db.close();
  }

  const child = spawn(process.execPath, [options.script, 'follow', clientDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const line: IteratorResult<string> = await lines.next();
    if (line.done) throw new Error('the following client exited early');
    return JSON.parse(line.value) as T;
  };
  const teammateDb = openDatabase(cacheFile(teammateDir));
  let teammate: TeamWorkspace | undefined;
  try {
    const started = await next<{ startMs: number; startCpuMs: number }>();
    const idle = await next<{ idleCpuPercent: number }>();
    teammate = await TeamWorkspace.open(teammateDb, teammateDir, {
      me: teammateMember,
      firstSyncMs: 30_000,
    });
    const changes: FollowResult['changes'] = [];
    for (const [index, id] of options.conversationIds.entries()) {
      const assignee = options.members.filter((m) => m.role === 'agent')[index % 3]!;
      const conversation = await teammate.workspace.conversation(id);
      // The teammate's shards are loaded first, so what is timed is the change, not their load.
      await teammate.session.confirmed(30_000);
      child.stdin.write(`${JSON.stringify({ id, email: assignee.email })}\n`);
      await next<{ watching: true }>();
      conversation.assign(assignee.id);
      changes.push(await next<{ ms: number; cpuMs: number }>());
    }
    child.stdin.end();
    await new Promise((resolve) =>
      child.exitCode === null ? child.once('exit', resolve) : resolve(undefined),
    );
    if (!options.announce) return { ...started, ...idle, changes };
    const again = await syncOnceIn(options.script, clientDir);
    return { ...started, ...idle, changes, again, firstSync: await firstSync(options, server.url) };
  } finally {
    child.stdin.end();
    await teammate?.close();
    teammateDb.close();
    await new Promise((resolve) =>
      child.exitCode === null ? child.once('exit', resolve) : resolve(undefined),
    );
    await server.close();
  }
}

/** A new machine joins: `sync --once` into an empty cache, in its own process. */
async function firstSync(options: FollowOptions, serverUrl: string): Promise<FirstSync> {
  const dir = join(options.dir, `newcomer-${options.announce ? 'announced' : 'polled'}`);
  const member = options.members.find((m) => m.role === 'viewer')!;
  const db = openDatabase(cacheFile(dir));
  writeTeamConfig(db, dir, {
    workspaceId: options.workspaceId,
    serverUrl,
    memberId: member.id,
    token: tokenOf(member.id),
  });
  db.close();
  return syncOnceIn(options.script, dir);
}

/** `sync --once`'s team half on a data directory, in its own process. */
async function syncOnceIn(script: string, dir: string): Promise<FirstSync> {
  const child = spawn(process.execPath, [script, 'first-sync', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`sync --once in ${dir} exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop() as string) as FirstSync;
}

/** The newcomer's process: `switchboard sync --once`'s team half. */
export async function firstSyncClient(dataDir: string): Promise<void> {
  const db = openDatabase(cacheFile(dataDir));
  const t = performance.now();
  const started = await TeamSync.start(db, dataDir, {
    me: { name: 'New', email: 'new@example.com' },
    timeoutMs: 600_000,
    keepOpen: false,
  });
  if (!started) throw new Error('no team configured');
  const ms = performance.now() - t;
  const used = process.cpuUsage();
  await started.sync.stop();
  db.close();
  const { conversations, confirmed } = started.result;
  process.stdout.write(
    `${JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, conversations, confirmed })}\n`,
  );
}

/** The server's database as a team's would be: directory rows, and each room compacted. */
function seedServer(serverDir: string, options: FollowOptions): void {
  const db = openServerDatabase(serverDatabaseFile(serverDir));
  try {
    const now = Date.now();
    db.transaction(() => {
      db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)').run(
        options.workspaceId,
        'Bench',
        now,
      );
      for (const member of options.members) {
        db.prepare(
          'INSERT INTO members (id, workspace_id, name, email, role, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(member.id, options.workspaceId, member.name, member.email, member.role, now);
        db.prepare('INSERT INTO tokens (hash, member_id, created_at) VALUES (?, ?, ?)').run(
          hashToken(tokenOf(member.id)),
          member.id,
          now,
        );
      }
      const splitDir = join(options.dir, 'split');
      for (const file of readdirSync(splitDir)) {
        db.prepare('INSERT INTO room_updates (room, data) VALUES (?, ?)').run(
          file.replace(/\.bin$/, '').replaceAll('+', '/'),
          readFileSync(join(splitDir, file)),
        );
      }
    })();
  } finally {
    db.close();
  }
}

/** The client: `switchboard sync`'s team half, then one line per measurement on stdout. */
export async function followingClient(dataDir: string): Promise<void> {
  const db = openDatabase(cacheFile(dataDir));
  const cpu = () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  };
  const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  let t = performance.now();
  let c = cpu();
  const started = await TeamSync.start(db, dataDir, {
    me: { name: 'Bench', email: 'bench@example.com' },
    timeoutMs: 120_000,
    keepOpen: true,
  });
  if (!started) throw new Error('no team configured');
  say({ startMs: performance.now() - t, startCpuMs: cpu() - c });
  t = performance.now();
  c = cpu();
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  say({ idleCpuPercent: ((cpu() - c) / (performance.now() - t)) * 100 });
  const projected = db.prepare<[string], { assignee_email: string | null }>(
    'SELECT assignee_email FROM conversation_team_state WHERE conversation_id = ?',
  );
  for await (const line of createInterface({ input: process.stdin })) {
    const { id, email } = JSON.parse(line) as { id: string; email: string };
    t = performance.now();
    c = cpu();
    say({ watching: true });
    while (projected.get(id)?.assignee_email !== email) {
      if (performance.now() - t > 60_000) throw new Error(`the change to ${id} never arrived`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const ms = performance.now() - t;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    say({ ms, cpuMs: cpu() - c });
  }
  await started.sync.stop();
  db.close();
}
