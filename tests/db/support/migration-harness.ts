import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion, type Migration } from '../../../src/db/migrate.js';
import type { Db } from '../../../src/db/open-database.js';
import { startRacingChildren, type RacingChildren } from '../../helpers/racing-children.js';

/*
 * What every Switchboard database's migrations must pass (the mail cache's, the sync server's):
 * each migration N-1 → N on a representative row set, STRICT tables, integrity, a newer schema
 * refused untouched, and processes opening a fresh database at the same moment.
 */

export interface MigrationSuite {
  /** What the database is, for the test names ("the cache"). */
  name: string;
  migrationsDir: string;
  migrations: Migration[];
  /** Opens the database the way Switchboard does, migrated up to `migrateTo` (default: all). */
  open(file: string, migrateTo?: number): Db;
  /** The module (file URL) and export that open it, for child processes: `(file) => Db`. */
  opener: { module: string; name: string };
  /**
   * A representative row set for each schema version: one row in every table, linked the way
   * Switchboard links them. Returns the number of rows it put in each table. When migration N+1
   * is added, the N-1 → N test asks for the row set of schema N (so the migration is tested on
   * data); add it, written against that version's schema, and keep the older ones.
   */
  rowSets: Record<number, (db: Db) => Record<string, number>>;
  /** An insert a STRICT table must refuse, and the error it gives. */
  strictViolation: { sql: string; error: RegExp };
  /** Further checks of the newest schema holding its row set. */
  checkNewest?: (db: Db) => void;
}

interface TableInfo {
  name: string;
  type: string;
  strict: number;
}

export function tables(db: Db): TableInfo[] {
  return (db.pragma('table_list') as Array<TableInfo & { schema: string }>).filter(
    (table) => table.schema === 'main' && !table.name.startsWith('sqlite_'),
  );
}

export function count(db: Db, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

/** What every schema version must satisfy. */
export function expectHealthy(db: Db, version: number): void {
  expect(schemaVersion(db)).toBe(version);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
  const plain = tables(db).filter((table) => table.type === 'table');
  expect(plain.filter((table) => table.strict !== 1).map((table) => table.name)).toEqual([]);
  for (const fts of tables(db).filter((table) => table.type === 'virtual')) {
    const sql = (
      db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(fts.name) as { sql: string }
    ).sql;
    if (/using\s+fts5/i.test(sql))
      db.exec(`INSERT INTO "${fts.name}" ("${fts.name}") VALUES ('integrity-check')`);
  }
}

/** Temporary directories and open databases, cleaned up after each test. */
export function testResources() {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return {
    tempDir: (): string => {
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-migrations-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    track: (db: Db): Db => {
      cleanups.unshift(() => {
        if (db.open) db.close();
      });
      return db;
    },
  };
}

export function describeMigrations(suite: MigrationSuite): void {
  const { migrations, rowSets } = suite;
  const latest = migrations.at(-1)!.version;
  const { tempDir, track } = testResources();

  describe(`${suite.name}: the migration files`, () => {
    it('are numbered 1..N without gaps', () => {
      expect(migrations.map((migration) => migration.version)).toEqual(
        Array.from({ length: latest }, (_, index) => index + 1),
      );
      expect(migrations[0]).toMatchObject({ version: 1, name: 'initial' });
    });

    it('are all loaded (no .sql file is skipped for its name)', () => {
      const sqlFiles = readdirSync(suite.migrationsDir).filter((file) => file.endsWith('.sql'));
      expect(sqlFiles).toHaveLength(migrations.length);
    });
  });

  describe.each(migrations.map((migration) => [migration.version, migration.name] as const))(
    `${suite.name}: migration %i (%s)`,
    (version) => {
      it(`migrates a database at schema ${version - 1} to ${version}`, () => {
        const db = track(suite.open(':memory:', version - 1));
        expect(schemaVersion(db)).toBe(version - 1);
        let seeded: Record<string, number> = {};
        if (version > 1) {
          const rowSet = rowSets[version - 1];
          if (!rowSet)
            throw new Error(`add a representative row set for schema ${version - 1} to rowSets`);
          seeded = rowSet(db);
        }
        expect(migrate(db, version, migrations)).toBe(version);
        expectHealthy(db, version);
        // Data kept across the migration (a migration that drops or rewrites a table on purpose
        // says so by changing the expectation here).
        const remaining = new Set(tables(db).map((table) => table.name));
        for (const [table, rows] of Object.entries(seeded)) {
          if (remaining.has(table)) expect(count(db, table), table).toBe(rows);
        }
      });
    },
  );

  describe(`${suite.name}: the newest schema`, () => {
    it('takes its representative row set', () => {
      const rowSet = rowSets[latest];
      expect(rowSet, `rowSets[${latest}]`).toBeDefined();
      const db = track(suite.open(':memory:'));
      const seeded = rowSet!(db);
      expectHealthy(db, latest);
      for (const [table, rows] of Object.entries(seeded))
        expect(count(db, table), table).toBe(rows);
      suite.checkNewest?.(db);
    });

    it('migrates an empty database in one go, and reopening it runs nothing again', () => {
      const file = join(tempDir(), 'test.sqlite');
      const db = track(suite.open(file));
      expectHealthy(db, latest);
      const seeded = rowSets[latest]?.(db) ?? {};
      db.close();
      const again = track(suite.open(file));
      expectHealthy(again, latest);
      for (const [table, rows] of Object.entries(seeded))
        expect(count(again, table), table).toBe(rows);
      expect(migrate(again, undefined, migrations)).toBe(latest);
    });

    it('rejects values of the wrong type (STRICT)', () => {
      const db = track(suite.open(':memory:'));
      expect(() => db.prepare(suite.strictViolation.sql).run()).toThrow(
        suite.strictViolation.error,
      );
    });
  });

  describe(`${suite.name}: a database of a newer Switchboard`, () => {
    it('is refused, and left untouched', () => {
      const file = join(tempDir(), 'test.sqlite');
      const newer = new Database(file);
      newer.exec('CREATE TABLE future_thing (x INTEGER) STRICT');
      newer.pragma('user_version = 999');
      newer.close();

      expect(() => suite.open(file)).toThrow(
        new RegExp(`newer Switchboard \\(schema 999, this one knows ${latest}\\)`),
      );

      const check = track(new Database(file, { readonly: true }));
      expect(schemaVersion(check)).toBe(999);
      expect(tables(check).map((table) => table.name)).toEqual(['future_thing']);
    });
  });

  describe(`${suite.name}: opened by several processes at once`, () => {
    const PROCESSES = 6;
    const ROUNDS = 15;
    let racers: RacingChildren | undefined;
    afterAll(() => racers?.close());

    it(`is created and migrated once when ${PROCESSES} processes open it fresh at the same moment`, async () => {
      racers = await startRacingChildren(
        PROCESSES,
        `
        const { ${suite.opener.name}: open } = await import(${JSON.stringify(suite.opener.module)});
        async function handle({ file }) {
          const db = open(file);
          try {
            return db.pragma('user_version', { simple: true });
          } finally {
            db.close();
          }
        }`,
      );
      const dir = tempDir();
      const failures: string[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const file = join(dir, `round-${round}.sqlite`);
        const replies = await racers.all({ file });
        for (const reply of replies) {
          if (reply.error) failures.push(`round ${round}: ${reply.stack}`);
          else expect(reply.ok).toBe(latest);
        }
        const db = track(new Database(file));
        expectHealthy(db, latest);
        db.close();
      }
      expect(failures).toEqual([]);
    });
  });
}
