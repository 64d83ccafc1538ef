import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { inWriteTransaction } from '../../src/db/write-transaction.js';

/*
 * A change that reads before it writes, while another connection (the cache writer's thread, a
 * sync in another process) commits in between: in a deferred transaction the write fails at
 * once ("database is locked", SQLITE_BUSY_SNAPSHOT, what bench:ui saw for triage through
 * `serve`); in a write transaction the other connection waits instead, and the change is made.
 */

let dir: string | undefined;
const open: Db[] = [];

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function twoConnections(): [Db, Db] {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-write-tx-'));
  const file = join(dir, 'cache.db');
  const app = openDatabase(file);
  const other = openDatabase(file);
  // The other connection does not wait: it is refused at once while the app holds the lock.
  other.pragma('busy_timeout = 0');
  open.push(app, other);
  app.exec('CREATE TABLE IF NOT EXISTS t (v INTEGER) STRICT');
  return [app, other];
}

/** Reads, lets the other connection try to commit a row, then writes its own. */
function readThenWrite(app: Db, other: Db): { otherWrote: boolean } {
  app.prepare('SELECT count(*) FROM t').get();
  let otherWrote = true;
  try {
    other.prepare('INSERT INTO t (v) VALUES (2)').run();
  } catch {
    otherWrote = false;
  }
  app.prepare('INSERT INTO t (v) VALUES (1)').run();
  return { otherWrote };
}

it('a deferred transaction that read first is refused its write after another commit', () => {
  const [app, other] = twoConnections();
  // What the app did before: the failure this guards against, shown to be real here.
  expect(() => app.transaction(() => readThenWrite(app, other))()).toThrow(/locked|busy/i);
});

it('a write transaction makes its change: the other connection waits for it instead', () => {
  const [app, other] = twoConnections();
  const result = inWriteTransaction(app, () => readThenWrite(app, other));
  expect(result.otherWrote).toBe(false);
  expect(app.prepare('SELECT v FROM t').all()).toEqual([{ v: 1 }]);
  // Once it is done, the other connection writes as usual.
  other.prepare('INSERT INTO t (v) VALUES (2)').run();
  expect(app.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
});
