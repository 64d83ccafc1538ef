import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { beginBulkLoad, endBulkLoad } from '../../src/store/bulk-load.js';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function searchIndex(): Db {
  const db = openDatabase(':memory:');
  open.push(db);
  return db;
}

const automerge = (db: Db) =>
  (
    db.prepare("SELECT v FROM message_search_config WHERE k = 'automerge'").get() as
      { v: number } | undefined
  )?.v;

/** Segments in the index, from FTS5's own structure record (fts5 docs §6.3, "structure"). */
const segments = (db: Db): number =>
  (
    db
      .prepare(
        'SELECT count(*) AS n FROM message_search_data WHERE id > 10 AND (id >> 37) > 0 AND ((id >> 31) & 63) = 0 AND (id & 0x7fffffff) = 1',
      )
      .get() as { n: number }
  ).n;

function indexBatches(db: Db, batches: number, perBatch: number): void {
  const insert = db.prepare(
    'INSERT INTO message_search (rowid, subject, participants, body_text) VALUES (?, ?, ?, ?)',
  );
  let rowid = 1;
  for (let batch = 0; batch < batches; batch += 1) {
    db.transaction(() => {
      for (let i = 0; i < perBatch; i += 1, rowid += 1)
        insert.run(
          rowid,
          `subject ${rowid}`,
          'ana@example.com',
          `printer jam number${rowid} on floor ${batch}`,
        );
    })();
  }
}

describe('bulk load mode', () => {
  it('turns merging off for the load, then merges everything into one segment', () => {
    const db = searchIndex();
    beginBulkLoad(db);
    beginBulkLoad(db); // a second pass of the same load
    expect(automerge(db)).toBe(0);
    indexBatches(db, 12, 50);
    // Every committed batch left its own segment.
    expect(segments(db)).toBe(12);
    expect(
      db
        .prepare("SELECT count(*) AS n FROM message_search WHERE message_search MATCH 'printer'")
        .get(),
    ).toEqual({ n: 600 });

    expect(endBulkLoad(db)).toBe(true);
    expect(automerge(db)).toBe(4);
    expect(segments(db)).toBe(1);
    db.exec("INSERT INTO message_search (message_search) VALUES ('integrity-check')");
    expect(
      db.prepare("SELECT rowid FROM message_search WHERE message_search MATCH 'number345'").all(),
    ).toEqual([{ rowid: 345 }]);
  });

  it("puts WAL checkpoints off for the load, and restores the connection's own interval", () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-bulk-load-'));
    try {
      const db = openDatabase(join(dir, 'cache.db'));
      db.pragma('wal_autocheckpoint = 1234');
      beginBulkLoad(db);
      beginBulkLoad(db);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(100_000);
      indexBatches(db, 3, 10);
      expect(endBulkLoad(db)).toBe(true);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1234);
      expect(endBulkLoad(db)).toBe(false);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ending it when it is off changes nothing', () => {
    const db = searchIndex();
    indexBatches(db, 6, 10);
    const before = segments(db);
    expect(endBulkLoad(db)).toBe(false);
    expect(automerge(db)).toBeUndefined();
    expect(segments(db)).toBe(before);
  });

  it('a load cut short (the mode left on in the file) is ended by the next connection', () => {
    const db = searchIndex();
    beginBulkLoad(db);
    indexBatches(db, 5, 10);
    // The setting lives in the database, not the connection: what a crashed sync leaves behind.
    expect(automerge(db)).toBe(0);
    expect(endBulkLoad(db)).toBe(true);
    expect(segments(db)).toBe(1);
  });
});
