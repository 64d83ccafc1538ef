import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { UserError } from '../errors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_NAME = /^(\d{3})-([a-z0-9-]+)\.sql$/;

/** The numbered SQL files, in order; a gap or a duplicate number is a packaging error. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: FILE_NAME.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => ({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql: readFileSync(`${dir}/${file}`, 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration ${migration.version} is out of sequence (expected ${index + 1})`);
    }
  });
  return migrations;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration above the database's `user_version`, each in its own transaction
 * together with the version bump, so a crash leaves the database at N-1 or N, never between.
 * Several processes may open a new database at once: each step takes the write lock first and
 * reads the version under it, so a migration another process applied meanwhile is not run again.
 */
export function migrate(
  db: Database.Database,
  upTo?: number,
  migrations = loadMigrations(),
): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const target = Math.min(upTo ?? latest, latest);
  const refuseNewer = (current: number) => {
    if (current > latest)
      throw new UserError(
        'newer-schema',
        `${db.name} was written by a newer Switchboard (schema ${current}, this one knows ${latest}): update Switchboard to open it`,
      );
  };
  // Without the write lock when there is nothing to do: versions only go up.
  const found = schemaVersion(db);
  refuseNewer(found);
  if (found >= target) return found;
  const step = db.transaction(() => {
    const current = schemaVersion(db);
    refuseNewer(current);
    const next = migrations.find((migration) => migration.version === current + 1);
    if (!next || next.version > target) return false;
    db.exec(next.sql);
    db.pragma(`user_version = ${next.version}`);
    return true;
  });
  while (step.immediate());
  return schemaVersion(db);
}
