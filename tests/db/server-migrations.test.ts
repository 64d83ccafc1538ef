import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { loadMigrations } from '../../src/db/migrate.js';
import { openMigratedDatabase, type Db } from '../../src/db/open-database.js';
import { describeMigrations } from './support/migration-harness.js';

/** The sync server's database (server.sqlite) passes what the cache's migrations pass. */

const MIGRATIONS_DIR = fileURLToPath(
  new URL('../../src/server/store/migrations/', import.meta.url),
);
const migrations = loadMigrations(MIGRATIONS_DIR);

/** The server database's representative row sets (see MigrationSuite.rowSets). */
const ROW_SETS: Record<number, (db: Db) => Record<string, number>> = {
  1: (db) => {
    db.exec(`
      INSERT INTO workspaces (id, name, created_at) VALUES ('w1', 'Support', 1700000000000);
      INSERT INTO members (id, workspace_id, name, email, role, created_at)
        VALUES ('m1', 'w1', 'Ada', 'ada@example.com', 'admin', 1700000000000),
               ('m2', 'w1', 'Vic', NULL, 'viewer', 1700000100000);
      INSERT INTO tokens (hash, member_id, created_at, revoked_at)
        VALUES (x'00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'm1', 1700000000000, NULL),
               (x'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100', 'm2', 1700000100000, 1700000200000);
      INSERT INTO room_updates (id, room, data) VALUES (1, 'w1', x'0000'), (2, 'w1/state-03-of-32', x'0000');
    `);
    return { workspaces: 1, members: 2, tokens: 2, room_updates: 2 };
  },
};

describeMigrations({
  name: 'the server database',
  migrationsDir: MIGRATIONS_DIR,
  migrations,
  open: (file, migrateTo) =>
    openMigratedDatabase(file, {
      migrations,
      ...(migrateTo === undefined ? {} : { migrateTo }),
    }),
  opener: {
    module: new URL('../../src/server/store/open-server-database.ts', import.meta.url).href,
    name: 'openServerDatabase',
  },
  rowSets: ROW_SETS,
  strictViolation: {
    sql: "INSERT INTO workspaces (id, name, created_at) VALUES ('w2', 'Sales', 'yesterday')",
    error: /cannot store TEXT value in INTEGER column/,
  },
  checkNewest: (db) =>
    expect(() =>
      db
        .prepare(
          "INSERT INTO members (id, workspace_id, name, role, created_at) VALUES ('m3', 'w1', 'Eve', 'owner', 1)",
        )
        .run(),
    ).toThrow(/CHECK constraint failed/),
});
