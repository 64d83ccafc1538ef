import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLockFile } from '../../src/app/data-dir.js';
import { acquireSyncLock } from '../../src/app/sync-lock.js';
import { isUserError } from '../../src/errors.js';
import { startRacingChildren, type RacingChildren } from '../helpers/racing-children.js';
import { spawnTs } from '../helpers/ts-child.js';
import { cli } from '../sync/support/cli.js';

/*
 * One sync per data directory, whatever happens to the processes: they race for the lock, they
 * are killed, they leave files behind.
 */

const syncLockUrl = new URL('../../src/app/sync-lock.ts', import.meta.url).href;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-sync-lock-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sync lock', () => {
  const PROCESSES = 12;
  const ROUNDS = 30;
  let racers: RacingChildren | undefined;
  afterAll(() => racers?.close());

  it(`has exactly one holder when ${PROCESSES} processes take it at once, round after round`, async () => {
    const file = syncLockFile(join(dir, 'race'));
    racers = await startRacingChildren(
      PROCESSES,
      `
      const { acquireSyncLock } = await import(${JSON.stringify(syncLockUrl)});
      let release;
      async function handle({ op, file }) {
        if (op === 'release') {
          release?.();
          release = undefined;
          return 'released';
        }
        try {
          release = acquireSyncLock(file);
          return 'held';
        } catch (error) {
          if (error.code === 'locked') return 'busy';
          throw error;
        }
      }`,
    );
    const holdersPerRound: number[] = [];
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const replies = await racers.all({ op: 'try', file });
      holdersPerRound.push(replies.filter((reply) => reply.ok === 'held').length);
      failures.push(...replies.flatMap((reply) => (reply.error ? [reply.error] : [])));
      await racers.all({ op: 'release' });
    }
    expect(failures).toEqual([]);
    expect(holdersPerRound.filter((holders) => holders !== 1)).toEqual([]);
    expect(holdersPerRound).toHaveLength(ROUNDS);
  }, 300_000);

  it('is taken over from a process killed while holding it, and says nothing about pids', async () => {
    const file = syncLockFile(join(dir, 'killed'));
    const holder = spawnTs(`
      const { acquireSyncLock } = await import(${JSON.stringify(syncLockUrl)});
      acquireSyncLock(${JSON.stringify(file)});
      process.stdout.write('held\\n');
      setInterval(() => {}, 1000);
    `);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('held')) resolve();
      });
      holder.once('exit', () => reject(new Error('the holder exited early')));
    });
    let refusal: unknown;
    try {
      acquireSyncLock(file)();
    } catch (error) {
      refusal = error;
    }
    expect(isUserError(refusal, 'locked')).toBe(true);
    expect((refusal as Error).message).toBe(
      'another sync is already running on this data directory',
    );

    holder.kill('SIGKILL');
    await exited;
    const release = acquireSyncLock(file);
    release();
  });

  it.each([
    ['a pid file of the old scheme naming a live process (pid 1)', '1\n'],
    ['a pid file naming this very process', `${process.pid}`],
    ['an empty file', ''],
    ['garbage', '\u0000\u00ff garbage \n'.repeat(300)],
  ])('is not blocked by %s left in its place', (_, content) => {
    const dataDir = join(dir, `stale-${content.length}`);
    mkdirSync(dataDir);
    const file = syncLockFile(dataDir);
    writeFileSync(file, content);
    const release = acquireSyncLock(file);
    // Held now: a second taker is refused until the release.
    expect(() => acquireSyncLock(file)).toThrow(/another sync is already running/);
    release();
    acquireSyncLock(file)();
  });

  it('does not keep `switchboard sync` from running over a pid file of the old scheme', async () => {
    const dataDir = join(dir, 'cli');
    process.env.SWITCHBOARD_TEST_UNUSED_PASSWORD = 'x';
    const added = await cli(
      dataDir,
      'account',
      'add',
      '--name',
      'Support',
      '--email',
      'support@example.com',
      // Nothing listens on port 1: the sync gets past the lock and fails on the account.
      '--imap',
      'imap://support@127.0.0.1:1',
      '--password-env',
      'SWITCHBOARD_TEST_UNUSED_PASSWORD',
    );
    expect(added.code).toBe(0);
    writeFileSync(syncLockFile(dataDir), '1\n');
    const result = await cli(dataDir, 'sync', '--once');
    expect(result.err).not.toMatch(/already running/);
    expect(result.err).toMatch(/^switchboard: support@example\.com: /m);
  });
});
