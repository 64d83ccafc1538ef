import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccounts } from '../../src/accounts/account-store.js';
import type { SecretSource } from '../../src/accounts/secrets.js';
import { openDatabase } from '../../src/db/open-database.js';
import { syncAccountOnce } from '../../src/sync/sync-runner.js';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { freePort } from '../helpers/free-port.js';
import { assertBuildIsCurrent } from './support/build.js';
import { cachePath } from './support/cache.js';
import {
  addAccount,
  makeDataDir,
  passwordVariable,
  removeDir,
  runBin,
  type CliResult,
} from './support/cli.js';

/*
 * What a user sees when something goes wrong, through the real executable: a non-zero exit and
 * exactly one line on stderr that says what is wrong, never a stack trace.
 *
 * Runs bin/switchboard.js (→ dist/): `npm run build` first.
 */

const USER = 'support';

let dovecot: Dovecot;
const dirs: string[] = [];

async function dataDir(): Promise<string> {
  const dir = await makeDataDir();
  dirs.push(dir);
  return dir;
}

/** One line of stderr, no stack frames, no "internal error". */
function expectOneLineError(result: CliResult): string {
  expect(result.code, `exit code; stderr: ${result.err}`).not.toBe(0);
  const lines = result.err.trimEnd().split('\n');
  expect(lines, `stderr: ${result.err}`).toHaveLength(1);
  const [line] = lines;
  expect(line).toMatch(/^switchboard: \S/);
  expect(line).not.toMatch(/internal error|^\s+at |\bat .+:\d+:\d+/);
  expect(line!.length).toBeLessThan(300);
  return line!;
}

beforeAll(async () => {
  assertBuildIsCurrent();
  dovecot = await startDovecot();
});

afterAll(async () => {
  await dovecot?.stop();
  for (const dir of dirs) await removeDir(dir);
});

describe('errors of the CLI', () => {
  it('wrong password: sync --once fails with one line about authentication', async () => {
    const data = await dataDir();
    await addAccount(data, dovecot, USER, { password: 'not-the-password' });
    const result = await runBin(['--data', data, 'sync', '--once']);
    const line = expectOneLineError(result);
    expect(line).toMatch(/authenticat/i);
    expect(line).toContain(`${USER}@example.com`);
    expect(line).not.toContain('not-the-password');
  });

  it('unreachable server (nothing listens on the port): one clear line', async () => {
    const data = await dataDir();
    const closedPort = await freePort();
    await addAccount(data, dovecot, USER, { port: closedPort });
    const result = await runBin(['--data', data, 'sync', '--once']);
    const line = expectOneLineError(result);
    expect(line).toContain(`127.0.0.1:${closedPort}`);
    expect(line).toMatch(/cannot reach|unreachable|refused/i);
  });

  it('password variable not set: one line naming the variable', async () => {
    const data = await dataDir();
    await addAccount(data, dovecot, USER);
    const env = { ...process.env };
    delete env[passwordVariable(USER)];
    const result = await runBin(['--data', data, 'sync', '--once'], { env });
    const line = expectOneLineError(result);
    expect(line).toContain(passwordVariable(USER));
  });

  it('show with an unknown conversation id: one line', async () => {
    const data = await dataDir();
    await addAccount(data, dovecot, USER);
    const result = await runBin(['--data', data, 'show', 'c0000000000000000deadbeef', '--json']);
    const line = expectOneLineError(result);
    expect(line).toContain('c0000000000000000deadbeef');
    expect(result.out).toBe('');
  });

  it('--limit abc: a usage error', async () => {
    const data = await dataDir();
    const result = await runBin(['--data', data, 'conversations', '--limit', 'abc', '--json']);
    const line = expectOneLineError(result);
    expect(line).toContain('--limit');
    expect(line).toContain('abc');
    expect(result.out).toBe('');
  });

  it('an unknown option: a usage error, not a crash', async () => {
    const data = await dataDir();
    const result = await runBin(['--data', data, 'conversations', '--colour']);
    const line = expectOneLineError(result);
    expect(line).toContain('--colour');
  });
});

describe('errors that retrying cannot fix are not retried', () => {
  /** syncAccountOnce with a secret source that counts how often the password is asked for. */
  async function attempts(
    password: string | undefined,
  ): Promise<{ asked: number; connections: number; error: unknown }> {
    const data = await dataDir();
    await addAccount(data, dovecot, USER);
    const db = openDatabase(cachePath(data));
    let asked = 0;
    let connections = 0;
    const secrets: SecretSource = {
      resolve: () => {
        asked += 1;
        return password;
      },
    };
    try {
      const [account] = listAccounts(db);
      const error = await syncAccountOnce(db, account!, secrets, {
        imap: { onClient: () => (connections += 1) },
      }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      return { asked, connections, error };
    } finally {
      db.close();
    }
  }

  it('a wrong password is tried once', async () => {
    const { connections, error } = await attempts('not-the-password');
    expect((error as Error | undefined)?.message).toMatch(/authenticat/i);
    expect(connections).toBe(1);
  });

  it('a missing password is asked for once, not retried with backoff', async () => {
    const { asked, error } = await attempts(undefined);
    expect((error as Error | undefined)?.message).toMatch(/password/i);
    expect(asked).toBe(1);
  });
});
