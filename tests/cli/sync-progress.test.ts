import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROGRESS_PACING, SyncProgressReporter } from '../../src/cli/sync-progress.js';
import type { SyncProgress } from '../../src/sync/sync-context.js';

/*
 * When `sync --once` talks on stderr: nothing while it is quick, then where it is, a line per
 * change of folder or phase (one a second at most), the counts every few seconds. The clock is
 * vitest's: the pacing is the subject here (stalled-server.test.ts sees it on a real slow sync).
 */

const ACCOUNT = 'support@example.com';
const headers = (mailbox: string, done: number): SyncProgress => ({
  phase: 'headers',
  account: ACCOUNT,
  mailbox,
  done,
  total: 3000,
});

let lines: string[];
let reporter: SyncProgressReporter;

beforeEach(() => {
  vi.useFakeTimers();
  lines = [];
  reporter = new SyncProgressReporter({ out: () => undefined, err: (line) => lines.push(line) });
});

afterEach(() => {
  reporter.stop();
  vi.useRealTimers();
});

describe('sync --once progress', () => {
  it('says nothing while the sync is quick', () => {
    reporter.update({ phase: 'folders', account: ACCOUNT });
    vi.advanceTimersByTime(PROGRESS_PACING.quietMs - 100);
    reporter.update(headers('INBOX', 1000));
    reporter.update({ phase: 'done', account: ACCOUNT });
    reporter.stop();
    vi.advanceTimersByTime(60_000);
    expect(lines).toEqual([]);
  });

  it('after the quiet seconds: where it is, then counts every few seconds, never a flood', () => {
    reporter.update({ phase: 'folders', account: ACCOUNT });
    vi.advanceTimersByTime(PROGRESS_PACING.quietMs);
    expect(lines).toEqual([`switchboard: ${ACCOUNT}: listing folders`]);
    // A hundred events within a second: one line, the latest.
    for (let done = 1; done <= 100; done += 1) reporter.update(headers('INBOX', done));
    vi.advanceTimersByTime(PROGRESS_PACING.tickMs);
    expect(lines.at(-1)).toBe(`switchboard: ${ACCOUNT}: INBOX: 100 of 3000 headers`);
    // New counts in the same place wait for `everyMs`.
    reporter.update(headers('INBOX', 200));
    vi.advanceTimersByTime(PROGRESS_PACING.everyMs - PROGRESS_PACING.tickMs);
    expect(lines).toHaveLength(2);
    vi.advanceTimersByTime(PROGRESS_PACING.tickMs);
    expect(lines.at(-1)).toBe(`switchboard: ${ACCOUNT}: INBOX: 200 of 3000 headers`);
    // A new folder or phase is told at the next tick.
    reporter.update({ phase: 'bodies', account: ACCOUNT, mailbox: 'INBOX', done: 10, total: 3000 });
    vi.advanceTimersByTime(PROGRESS_PACING.tickMs);
    expect(lines.at(-1)).toBe(`switchboard: ${ACCOUNT}: INBOX: 10 of 3000 message texts`);
    // Nothing new: nothing said.
    const count = lines.length;
    vi.advanceTimersByTime(10 * PROGRESS_PACING.everyMs);
    expect(lines).toHaveLength(count);
  });
});
