import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  homeDir,
  maildirOf,
  rawlogDir,
  renderConfig,
  renderUsers,
  type DovecotConfigInput,
  type DovecotUser,
  type MailOwner,
} from './dovecot-config.js';
import { chownTree } from './chown-tree.js';
import { freePort } from './free-port.js';

export type { DovecotUser } from './dovecot-config.js';
export { rawlogDir } from './dovecot-config.js';
export {
  appendMessage,
  createFolder,
  deleteFolder,
  expunge,
  resetUidValidity,
  setFlags,
  withImap,
} from './imap-client.js';
export { seedCorpus, type CorpusSummary } from './corpus.js';

export interface Dovecot {
  host: '127.0.0.1';
  port: number;
  dir: string;
  /** The user's INBOX Maildir; other folders are its `.Name` subfolders. */
  maildir(user: string): string;
  users: DovecotUser[];
  /** uid/gid of the mail processes: files written behind Dovecot's back must belong to them. */
  owner: { uid: number; gid: number };
  stop(): Promise<void>;
}

export interface StartDovecotOptions {
  users?: DovecotUser[];
  /** Replaces the advertised CAPABILITY list, e.g. to test against a server without CONDSTORE. */
  capabilities?: string;
  /** Which special-use folders exist (dovecot-config.ts); default: all, from the start. */
  specialUse?: DovecotConfigInput['specialUse'];
  /** Records every session's IMAP traffic in rawlogDir(dovecot.dir). */
  rawlog?: boolean;
}

/**
 * Dovecot 2.3's CAPABILITY list minus CONDSTORE and QRESYNC, for `startDovecot({ capabilities })`.
 * Dovecot still obeys those commands if a client sends them anyway; it only stops offering them.
 */
export const CAPABILITIES_WITHOUT_CONDSTORE =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES ' +
  'THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE ' +
  'UIDPLUS LIST-EXTENDED I18NLEVEL=1 ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS ' +
  'BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE';

const DOVECOT_BIN = '/usr/sbin/dovecot';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 8_000;
const PORT_ATTEMPTS = 4;

/*
 * The watchdog shell owns Dovecot and takes it down as soon as its stdin reaches EOF: that happens
 * when stop() closes the pipe, and also when the test process dies in any way, even SIGKILL, so no
 * daemon outlives its test. Everything shares one process group (`detached`), and the shell stops
 * the group with one SIGTERM: a SIGTERM to the master alone takes over a second, because the master
 * waits on its log process, while the group is gone in milliseconds. The shell ignores that signal
 * itself so it can reap Dovecot (no zombies) and remove the folder.
 * If Dovecot exits on its own (bad config, port taken), the folder is kept so its log can be read.
 */
const WATCHDOG = `
dir=$1
exec 3<&0 </dev/null
${DOVECOT_BIN} -F -c "$dir/dovecot.conf" &
dovecot=$!
cat <&3 >/dev/null &
watch=$!
exec 3<&-
wait -n "$dovecot" "$watch"
kill -0 "$dovecot" 2>/dev/null && asked=1 || asked=0
trap '' TERM
kill -TERM 0
for _ in $(seq 100); do kill -0 "$dovecot" 2>/dev/null || break; sleep 0.05; done
kill -KILL "$dovecot" 2>/dev/null
wait
[ "$asked" = 1 ] || exit 1
rm -rf "$dir"
`;

interface Running {
  child: ChildProcess;
  dir: string;
}

/** Instances not stopped yet, for the exit hook. */
const live = new Set<Running>();

process.on('exit', () => {
  // Synchronous last resort for a test that forgot stop(); the watchdog covers harder deaths.
  for (const { child } of live) killGroup(child, 'SIGKILL');
  for (const { dir } of live) rmSync(dir, { recursive: true, force: true });
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function mailOwner(): MailOwner {
  const uid = process.getuid?.() ?? 0;
  if (uid === 0) return { uid: 65534, gid: 65534 };
  const gid = process.getgid?.() ?? uid;
  const me = userInfo();
  return { uid, gid, unprivileged: { user: me.username, group: groupName(gid) ?? me.username } };
}

function groupName(gid: number): string | undefined {
  try {
    return readFileSync('/etc/group', 'utf8')
      .split('\n')
      .map((line) => line.split(':'))
      .find((fields) => fields[2] === String(gid))?.[0];
  } catch {
    return undefined;
  }
}

async function logTail(dir: string, stderr: string): Promise<string> {
  const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
  const tail = log.trimEnd().split('\n').slice(-20).join('\n');
  return [stderr.trim() && `stderr:\n${stderr.trim()}`, tail && `dovecot.log:\n${tail}`]
    .filter(Boolean)
    .join('\n');
}

/** Whether the port answers with an IMAP greeting carrying our unique text. */
function readGreeting(port: number, greeting: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      if (data.includes('\r\n')) done(data.startsWith('* OK') && data.includes(greeting));
    });
    socket.on('end', () => done(false));
  });
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function launch(dir: string, port: number, greeting: string): Promise<Running> {
  const child = spawn('bash', ['-c', WATCHDOG, 'dovecot-watchdog', dir], {
    detached: true,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const running: Running = { child, dir };
  live.add(running);
  child.once('exit', () => live.delete(running));
  // A forgotten server must not keep the test process alive; the watchdog stops it at exit.
  child.unref();
  // Pipes to a child are sockets; unref'd, they stay open (the watchdog needs its stdin) but idle.
  (child.stdin as Socket | null)?.unref();
  (child.stderr as Socket | null)?.unref();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 10_000) stderr += chunk.toString();
  });

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await readGreeting(port, greeting)) return running;
    await sleep(25);
  }
  const exited = child.exitCode !== null || child.signalCode !== null;
  const details = await logTail(dir, stderr);
  await stopRunning(running);
  const error = new Error(
    `dovecot on 127.0.0.1:${port} ${exited ? 'exited during startup' : `did not greet within ${START_TIMEOUT_MS} ms`}` +
      (details ? `\n${details}` : ''),
  );
  (error as Error & { addressInUse?: boolean }).addressInUse = /Address already in use/.test(
    details,
  );
  throw error;
}

async function stopRunning({ child, dir }: Running): Promise<void> {
  child.stdin?.end();
  if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
    killGroup(child, 'SIGKILL');
    await waitForExit(child, 2_000);
  }
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Starts a private Dovecot on a free loopback port; call stop() (e.g. in afterAll) when done. */
export async function startDovecot(options: StartDovecotOptions = {}): Promise<Dovecot> {
  const users = options.users ?? [{ user: 'support', password: 'secret' }];
  const owner = mailOwner();
  for (let attempt = 1; ; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-dovecot-'));
    // mkdtemp makes 0700, and Dovecot's auth process (user `dovecot`) must read the users file.
    await chmod(dir, 0o755);
    await Promise.all(['run', 'state'].map((sub) => mkdir(join(dir, sub))));
    if (options.rawlog) {
      // Written by the mail processes, which run as the mail owner (chmod: mkdir obeys umask).
      await mkdir(rawlogDir(dir));
      await chmod(rawlogDir(dir), 0o777);
    }
    for (const { user } of users) await mkdir(maildirOf(dir, user), { recursive: true });
    if (owner.unprivileged === undefined) {
      for (const { user } of users) await chownTree(homeDir(dir, user), owner.uid, owner.gid);
    }
    await writeFile(join(dir, 'users'), renderUsers(dir, users, owner), { mode: 0o644 });
    const port = await freePort();
    const greeting = `switchboard-test-${randomBytes(6).toString('hex')}`;
    const config = {
      dir,
      port,
      greeting,
      owner,
      ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
      ...(options.specialUse === undefined ? {} : { specialUse: options.specialUse }),
      ...(options.rawlog ? { rawlog: true } : {}),
    };
    await writeFile(join(dir, 'dovecot.conf'), renderConfig(config));
    let running: Running;
    try {
      running = await launch(dir, port, greeting);
    } catch (error) {
      // freePort() cannot reserve the port: another worker may have taken it in between.
      if ((error as { addressInUse?: boolean }).addressInUse === true && attempt < PORT_ATTEMPTS)
        continue;
      throw error;
    }
    let stopping: Promise<void> | undefined;
    return {
      host: '127.0.0.1',
      port,
      dir,
      users,
      owner: { uid: owner.uid, gid: owner.gid },
      maildir: (user) => maildirOf(dir, user),
      stop: () => (stopping ??= stopRunning(running)),
    };
  }
}
