import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFile } from '../../src/app/data-dir.js';
import { openDatabase } from '../../src/db/open-database.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { runSwitchboard, type ProcessResult } from '../cli/support/switchboard-process.js';

/*
 * A data directory or a database Switchboard cannot use gets one line on stderr that says what
 * is wrong and what to do, exit 1, no stack. Runs the real executable (build first). Root ignores
 * permission bits, so the read-only cases run it as an unprivileged user when the tests run as
 * root (here, CI).
 */

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

let root: string;
beforeAll(() => {
  assertBuildIsCurrent();
  root = mkdtempSync(join(tmpdir(), 'switchboard-bad-data-'));
  // Reachable by the unprivileged user of the read-only cases.
  chmodSync(root, 0o755);
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function run(args: string[], options: { unprivileged?: boolean } = {}) {
  return runSwitchboard(args, {
    env: { ...process.env, HOME: root },
    ...(options.unprivileged && asRoot ? { user: { uid: NOBODY, gid: NOBODY } } : {}),
  });
}

/** Exit 1, and one line on stderr matching `pattern`, without a stack. */
function expectOneLine(result: ProcessResult, pattern: RegExp): void {
  expect(result.err).toMatch(/^switchboard: [^\n]+\n$/);
  expect(result.err).not.toMatch(/\bat .*:\d+:\d+|internal error/);
  expect(result.err).toMatch(pattern);
  expect(result.code).toBe(1);
}

let counter = 0;
function dir(name: string): string {
  counter += 1;
  return join(root, `${counter}-${name}`);
}

/** A data directory with a real cache holding `conversations` rows, closed cleanly. */
function cacheWithConversations(rows: number): string {
  const dataDir = dir('cache');
  mkdirSync(dataDir, { mode: 0o700 });
  const db = openDatabase(cacheFile(dataDir));
  db.exec(
    "INSERT INTO accounts (id, name, email, imap_url, created_at) VALUES ('acct', 'Support', 'support@example.com', 'imap://support@imap.example.com', 1)",
  );
  const insert = db.prepare(
    `INSERT INTO conversations (id, account_id, root_node, subject, normalized_subject, orphan_reply,
       message_count, unread_count, first_message_at, last_message_at, participants_json, has_attachments)
     VALUES (?, 'acct', ?, ?, ?, 0, 1, 0, ?, ?, '[]', 0)`,
  );
  db.transaction(() => {
    for (let index = 0; index < rows; index += 1) {
      const subject = `Conversation ${index} ${'about the printer '.repeat(8)}`;
      insert.run(`c${index}`, `n${index}`, subject, subject.toLowerCase(), index, index);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return dataDir;
}

/** Overwrites page `page` (1-based) of `file` with junk. */
function damagePage(file: string, page: number, pageSize: number): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}

describe('a data directory that cannot be used', () => {
  it('is a file', async () => {
    const file = dir('file');
    writeFileSync(file, 'notes\n');
    expectOneLine(await run(['--data', file, 'conversations']), /is not a directory/);
  });

  it('is /dev/null', async () => {
    expectOneLine(
      await run(['--data', '/dev/null', 'account', 'list']),
      /\/dev\/null is not a directory/,
    );
  });

  it('is under a file', async () => {
    const file = dir('file');
    writeFileSync(file, 'notes\n');
    expectOneLine(
      await run(['--data', join(file, 'data'), 'account', 'list']),
      new RegExp(`cannot be created: ${file} is not a directory`),
    );
  });

  it('is read-only', async () => {
    const dataDir = dir('read-only');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o555);
    expectOneLine(
      await run(['--data', dataDir, 'conversations'], { unprivileged: true }),
      /is read-only for this user/,
    );
  });

  it('is read-only for `switchboard server` too', async () => {
    const dataDir = dir('read-only-server');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o555);
    expectOneLine(
      await run(['--data', dataDir, 'server', '--port', '0'], { unprivileged: true }),
      /is read-only for this user/,
    );
  });
});

describe('a cache that cannot be used', () => {
  it('is read-only', async () => {
    const dataDir = cacheWithConversations(1);
    chmodSync(cacheFile(dataDir), 0o400);
    if (asRoot) {
      chownSync(dataDir, NOBODY, NOBODY);
      chownSync(cacheFile(dataDir), NOBODY, NOBODY);
    }
    expectOneLine(
      await run(['--data', dataDir, 'conversations'], { unprivileged: true }),
      /cache\.sqlite is read-only/,
    );
  });

  it('is not a database at all', async () => {
    const dataDir = dir('garbage');
    mkdirSync(dataDir);
    writeFileSync(cacheFile(dataDir), Buffer.alloc(64 * 1024, 0x5a));
    const result = await run(['--data', dataDir, 'conversations']);
    expectOneLine(result, /cache\.sqlite is damaged/);
    // Honest about what is lost, and says how to rebuild rather than "delete it".
    expect(result.err).toContain(cacheFile(dataDir));
    expect(result.err).toMatch(/changes not sent yet/);
    expect(result.err).toMatch(/move it and its -wal and -shm files out/);
    expect(result.err).toMatch(/switchboard sync --once/);
  });

  it('is truncated', async () => {
    const dataDir = cacheWithConversations(3000);
    const file = cacheFile(dataDir);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    expectOneLine(await run(['--data', dataDir, 'conversations']), /cache\.sqlite is damaged/);
  });

  it('has a damaged page that only a query reads, after it was opened', async () => {
    const dataDir = cacheWithConversations(1);
    const file = cacheFile(dataDir);
    const check = new Database(file, { readonly: true });
    const { rootpage } = check
      .prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'conversations'")
      .get() as { rootpage: number };
    const pageSize = check.pragma('page_size', { simple: true }) as number;
    check.close();
    damagePage(file, rootpage, pageSize);
    // Opening it still works (its header and schema are intact): the query finds the damage.
    openDatabase(file).close();
    expectOneLine(await run(['--data', dataDir, 'conversations']), /cache\.sqlite is damaged/);
  });

  it('was written by a newer Switchboard', async () => {
    const dataDir = cacheWithConversations(1);
    const db = new Database(cacheFile(dataDir));
    db.pragma('user_version = 999');
    db.close();
    expectOneLine(
      await run(['--data', dataDir, 'account', 'list']),
      /cache\.sqlite was written by a newer Switchboard \(schema 999, this one knows \d+\): update Switchboard/,
    );
  });
});

describe('server-admin', () => {
  it('says there is no server database instead of creating an empty one', async () => {
    const dataDir = dir('no-server');
    mkdirSync(dataDir);
    expectOneLine(
      await run(['--data', dataDir, 'server-admin', 'list-members', '--workspace', 'w1']),
      /there is no sync server database in .*create a workspace there first/,
    );
    expect(existsSync(join(dataDir, 'server.sqlite'))).toBe(false);
  });

  it('still creates one with create-workspace', async () => {
    const dataDir = dir('new-server');
    const result = await run([
      '--data',
      dataDir,
      'server-admin',
      'create-workspace',
      '--name',
      'Support',
      '--json',
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(join(dataDir, 'server.sqlite'))).toBe(true);
  });
});
