import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { isUserError, type ErrorCode } from '../../src/errors.js';
import { openServerDatabase } from '../../src/server/store/open-server-database.js';

/*
 * A database file Switchboard cannot use is a UserError with a code a front end can branch on,
 * naming the file (the CLI's one line is tested in tests/app/bad-data-dir.test.ts).
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-database-errors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(open: () => unknown): { code: ErrorCode; message: string } {
  try {
    open();
  } catch (error) {
    if (isUserError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('it opened');
}

describe('opening a database Switchboard cannot use', () => {
  it('that is not a database: corrupt, naming the file and what to do', () => {
    const file = join(dir, 'garbage.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const { code, message } = refusal(() => openDatabase(file, { whenDamaged: 'rebuild it' }));
    expect(code).toBe('corrupt');
    expect(message).toBe(`${file} is damaged (file is not a database); rebuild it`);
  });

  it('of a newer Switchboard: newer-schema', () => {
    const file = join(dir, 'newer.sqlite');
    const newer = new Database(file);
    newer.pragma('user_version = 999');
    newer.close();
    const { code, message } = refusal(() => openServerDatabase(file));
    expect(code).toBe('newer-schema');
    expect(message).toMatch(new RegExp(`^${file} was written by a newer Switchboard`));
  });

  it('that is a directory: data-dir', () => {
    const file = join(dir, 'directory.sqlite');
    mkdirSync(file);
    expect(refusal(() => openDatabase(file)).code).toBe('data-dir');
  });

  it('that is missing where it must exist (server-admin): not-found, and none is created', () => {
    const file = join(dir, 'absent', 'server.sqlite');
    const { code, message } = refusal(() => openServerDatabase(file, { mustExist: true }));
    expect(code).toBe('not-found');
    expect(message).toMatch(/there is no sync server database in .*absent/);
    expect(existsSync(join(dir, 'absent'))).toBe(false);
  });
});
