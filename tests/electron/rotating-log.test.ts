import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rotatingLog } from '../../electron/main/rotating-log.js';

const dirs: string[] = [];
const logFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'log-'));
  dirs.push(dir);
  return join(dir, 'logs', 'main.log');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const at = () => new Date(Date.UTC(2026, 11, 6, 20, 0, 0));

describe('the desktop app’s log', () => {
  it('appends stamped lines, a message’s own line breaks indented', () => {
    const file = logFile();
    const log = rotatingLog(file, at);
    log.write('warn', 'not syncing');
    log.write('error', 'mail.search failed: Error: boom\n    at x');
    expect(readFileSync(file, 'utf8')).toBe(
      '2026-12-06T20:00:00.000Z warn not syncing\n' +
        '2026-12-06T20:00:00.000Z error mail.search failed: Error: boom\n        at x\n',
    );
  });

  it('sets the log aside past its size, keeping the newest few', () => {
    const file = logFile();
    const log = rotatingLog(file, at, 100, 2);
    // Each line is 50 bytes: two fit in 100.
    const line = (n: number) => `line ${String(n).padStart(14, '0')}`;
    for (let n = 1; n <= 7; n += 1) log.write('warn', line(n));
    expect(readFileSync(file, 'utf8')).toContain(line(7));
    expect(readFileSync(`${file}.1`, 'utf8')).toContain(line(5));
    expect(readFileSync(`${file}.1`, 'utf8')).toContain(line(6));
    expect(readFileSync(`${file}.2`, 'utf8')).toContain(line(3));
    expect(existsSync(`${file}.3`)).toBe(false);
    expect(readFileSync(`${file}.2`, 'utf8')).not.toContain(line(1));
  });

  it('goes on from the size a log already has after a restart', () => {
    const file = logFile();
    // Lines of 50 bytes again: the second run's fills the log, the third's begins a new one.
    rotatingLog(file, at, 100, 2).write('warn', 'first  run line 001');
    rotatingLog(file, at, 100, 2).write('warn', 'second run line 001');
    rotatingLog(file, at, 100, 2).write('warn', 'third  run line 001');
    expect(readFileSync(`${file}.1`, 'utf8').split('\n')).toHaveLength(3);
    expect(readFileSync(file, 'utf8')).toContain('third  run');
  });

  it('never throws: a line it cannot write is lost and the app goes on', () => {
    // Its folder would be inside a file: it cannot be made.
    const file = logFile();
    rotatingLog(file, at).write('warn', 'a file');
    const log = rotatingLog(join(file, 'main.log'), at);
    expect(() => log.write('error', 'lost')).not.toThrow();
  });
});
