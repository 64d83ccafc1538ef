import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ToFacade } from '../../electron/facade/facade-protocol.js';
import { superviseFacade, type FacadeChild } from '../../electron/main/facade-supervisor.js';
import { keychainSecretStore } from '../../electron/main/keychain-secret-store.js';
import { isUserError, openSwitchboard, type AppEvent, type Logger } from '../../src/app/index.js';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { forkFacade } from '../helpers/facade-child.js';
import { repoRoot } from '../helpers/repo-root.js';
import { until } from '../helpers/wait.js';
import { keychainCipher } from './support/keychain-cipher.js';

/*
 * The facade in a process of its own, as the desktop app runs it: the built entry
 * (out/main/facade.js) forked by Node, which is what Electron's utilityProcess is (a Node
 * process whose messages are structured clones), supervised as main supervises it, with main's
 * keychain store (its cipher AES-GCM here) and a real Dovecot account.
 */

const ENTRY = join(repoRoot(), 'out', 'main', 'facade.js');

let dovecot: Dovecot;
let dir: string;
const children: ChildProcess[] = [];

/** The facade's process as the app runs it (Node's fork standing in for utilityProcess). */
const spawnNode = (): FacadeChild => forkFacade(ENTRY, 'ignore', (child) => children.push(child));

/** A logger that keeps its lines. */
function keptLog() {
  const lines: string[] = [];
  const logger: Logger = { warn: (line) => lines.push(line), error: (line) => lines.push(line) };
  return { lines, logger };
}

function supervised(dataDir: string, extra: Partial<Parameters<typeof superviseFacade>[0]> = {}) {
  const secrets = keychainSecretStore(join(dir, 'passwords.json'), keychainCipher(KEY), () => {});
  const restarted: number[] = [];
  const gaveUp: string[] = [];
  const { lines, logger } = keptLog();
  const supervisor = superviseFacade({
    spawn: spawnNode,
    startMessage: (): Extract<ToFacade, { type: 'start' }> => ({
      type: 'start',
      dataDir,
      secrets: secrets.snapshot(),
    }),
    secrets,
    logger,
    onRestarted: () => restarted.push(Date.now()),
    onGaveUp: (message) => gaveUp.push(message),
    ...extra,
  });
  return { supervisor, secrets, restarted, gaveUp, lines };
}

const KEY = Buffer.alloc(32, 7);

beforeAll(async () => {
  if (!existsSync(ENTRY)) throw new Error('out/main/facade.js is missing: run `npm run build`');
  dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the facade in its own process', () => {
  it('answers the window’s calls, forwards events, keeps passwords in main’s keychain, restarts, and closes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-facade-process-'));
    const dataDir = join(dir, 'data');
    const { supervisor, secrets, restarted, lines } = supervised(dataDir);
    await supervisor.ready;
    const events: AppEvent[] = [];
    supervisor.client.subscribe((event) => events.push(event));

    const added = await supervisor.client.handle({
      method: 'accounts.add',
      params: {
        name: 'Support',
        email: 'support@example.com',
        imapUrl: `imap://support@127.0.0.1:${dovecot.port}`,
        password: { value: 'secret' },
      },
    });
    expect(added).toMatchObject({
      ok: true,
      result: { passwordRef: expect.stringMatching(/^keychain:/u) as unknown },
    });
    const account = (added as { result: { id: string } }).result.id;
    expect(events.map((event) => event.type)).toContain('accounts.changed');
    // The password went to main, which encrypted it into its file.
    await until(
      'main kept the password',
      () => secrets.resolve(`keychain:${account}`) === 'secret',
    );
    // Refusals come back as the dispatcher gives them.
    expect(
      await supervisor.client.handle({ method: 'mail.search', params: { query: 'x', limit: 0 } }),
    ).toMatchObject({ ok: false, error: { code: 'invalid', field: 'limit' } });

    // The process dies unasked: calls meanwhile are unreachable, then a new one serves, with the
    // password from main's keychain.
    const [first] = children;
    first!.kill('SIGKILL');
    await until('restarted', () => restarted.length === 1, 30_000);
    expect(lines.some((line) => line.includes('stopped (exit code'))).toBe(true);
    const tested = await supervisor.client.handle({
      method: 'accounts.testConnection',
      params: { account },
    });
    expect(tested).toMatchObject({ ok: true, result: { imap: { ok: true } } });

    await supervisor.close(5000);
    expect(children.at(-1)!.exitCode ?? (await exitOf(children.at(-1)!))).toBe(0);
    expect(await supervisor.client.handle({ method: 'accounts.list', params: {} })).toMatchObject({
      ok: false,
      error: { code: 'unreachable' },
    });
    // Closed means closed: the data directory opens at once in another process.
    const reopened = await openSwitchboard({
      dataDir,
      secrets: { resolve: () => undefined, readsEnvironment: false },
    });
    expect(await reopened.accounts.list()).toHaveLength(1);
    await reopened.close();
  }, 60_000);

  it('says why it could not start in the app’s one line, and gives up on a process that keeps dying', async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-facade-process-'));
    const dataDir = join(dir, 'data');
    // A data directory that cannot be one (a file is where it should be): one line, nothing lost.
    writeFileSync(dataDir, 'a file of the user’s, not ours to remove');
    const refused = supervised(dataDir);
    const refusal = await refused.supervisor.ready.catch((error: unknown) => error);
    expect(isUserError(refusal), String(refusal)).toBe(true);
    expect((refusal as Error).message).not.toContain('\n');
    expect(readFileSync(dataDir, 'utf8')).toMatch(/^a file of the user/u);
    rmSync(dataDir);

    const dying = supervised(dataDir, { maxRestarts: 1 });
    await dying.supervisor.ready;
    children.at(-1)!.kill('SIGKILL');
    await until('restarted once', () => dying.restarted.length === 1, 30_000);
    children.at(-1)!.kill('SIGKILL');
    await until('gave up', () => dying.gaveUp.length === 1, 30_000);
    expect(dying.gaveUp[0]).toMatch(/stopped 2 times within a minute/u);
  }, 60_000);
});

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
}
