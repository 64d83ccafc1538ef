import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCorpus, startDovecot, type CorpusSummary, type Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { assertBuildIsCurrent } from './support/build.js';
import { cacheFingerprint, countLocations, withCache } from './support/cache.js';
import {
  addAccount,
  BIN,
  listConversations,
  makeDataDir,
  removeDir,
  runBin,
  stderrWithoutProgress,
} from './support/cli.js';
import { expectCompleteFolder } from './support/invariants.js';

/*
 * The sync process is killed outright (kill -9: a crash, a laptop losing power to the process,
 * the OS killing it) in the middle of its first sync. Running it again must finish the job from
 * the cache it left behind (a half-written WAL, a stale sync lock), and the result must be the
 * cache an uninterrupted sync builds.
 *
 * Runs the real executable (bin/switchboard.js → dist/): `npm run build` first.
 */

const USER = 'support';
const MESSAGES = 5000;
/** Kill once this many copies are committed: a few header batches in, well before the end. */
const KILL_AFTER_LOCATIONS = 700;

let dovecot: Dovecot;
let corpus: CorpusSummary;
let crashed: string;
let fresh: string;

beforeAll(async () => {
  assertBuildIsCurrent();
  dovecot = await startDovecot();
  corpus = await seedCorpus(dovecot, USER, MESSAGES, 1200, 11);
  crashed = await makeDataDir();
  fresh = await makeDataDir();
  await addAccount(crashed, dovecot, USER);
  await addAccount(fresh, dovecot, USER);
});

afterAll(async () => {
  await dovecot?.stop();
  for (const dir of [crashed, fresh]) if (dir) await removeDir(dir);
});

describe('sync killed with SIGKILL mid-sync', () => {
  let freshRun: Promise<{ code: number; err: string }> | undefined;

  it('is killed after some messages reached the cache', async () => {
    expect(corpus.messages).toBe(MESSAGES);
    const child = spawn(process.execPath, [BIN, '--data', crashed, 'sync', '--once'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );

    let atKill = 0;
    await until(
      () => `${KILL_AFTER_LOCATIONS} copies in the cache or the end of the sync`,
      () => child.exitCode !== null || (atKill = countLocations(crashed)) >= KILL_AFTER_LOCATIONS,
      30_000,
    );
    expect(child.exitCode, `the sync ended before it could be killed: ${stderr}`).toBeNull();
    child.kill('SIGKILL');
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(atKill).toBeGreaterThanOrEqual(KILL_AFTER_LOCATIONS);
    expect(atKill).toBeLessThan(MESSAGES);

    // The reference: an uninterrupted sync of the same server into another data directory,
    // running alongside the rerun below.
    freshRun = runBin(['--data', fresh, 'sync', '--once'], { timeoutMs: 90_000 });
    freshRun.catch(() => undefined); // awaited (and reported) in the last test
  });

  it('finishes on the next run', async () => {
    const rerun = await runBin(['--data', crashed, 'sync', '--once', '--json'], {
      timeoutMs: 90_000,
    });
    expect(stderrWithoutProgress(rerun.err)).toBe('');
    expect(rerun.code).toBe(0);
    const [summary] = JSON.parse(rerun.out) as Array<{ added: number }>;
    // It fetched what was missing, not everything again.
    expect(summary!.added).toBeLessThanOrEqual(MESSAGES - KILL_AFTER_LOCATIONS);
    expect(summary!.added).toBeGreaterThan(0);
  });

  it('leaves a complete cache: every server message once, all searchable', async () => {
    await expectCompleteFolder(crashed, dovecot, USER, 'INBOX', MESSAGES);
  });

  it('equals the cache of an uninterrupted sync', async () => {
    const reference = await freshRun!;
    expect(stderrWithoutProgress(reference.err)).toBe('');
    expect(reference.code).toBe(0);
    const a = withCache(crashed, cacheFingerprint);
    const b = withCache(fresh, cacheFingerprint);
    expect(a.messages.length).toBe(MESSAGES);
    expect(a.conversations.length).toBeGreaterThan(0);
    expect(a.conversations).toEqual(b.conversations);
    expect(a.messages).toEqual(b.messages);
    expect(a.locations).toEqual(b.locations);
    expect(await listConversations(crashed)).toEqual(await listConversations(fresh));
  });
});
