import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/open-database.js';
import { UserError } from '../../errors.js';

/** The team workspace this data directory works in (`team_workspaces`, migration 003). */
export interface TeamConfig {
  workspaceId: string;
  /** ws:// or wss:// of the team's sync server; null: solo, served in-process (embedded). */
  serverUrl: string | null;
  memberId: string | null;
  token: string;
}

interface Row {
  workspace_id: string;
  server_url: string | null;
  member_id: string | null;
  token_ref: string | null;
  joined_at: number;
}

const TOKEN_FILE = 'team-token';

/**
 * Reads and writes the team connection of a data directory. The token is a credential: it is
 * kept out of the cache database, in a file only its owner can read (0600), and the database
 * only says where it is.
 */
export function readTeamConfig(db: Db, dataDir: string): TeamConfig | undefined {
  const row = db.prepare<[], Row>('SELECT * FROM team_workspaces LIMIT 1').get();
  if (!row) return undefined;
  const file = row.token_ref?.startsWith('file:')
    ? join(dataDir, row.token_ref.slice('file:'.length))
    : undefined;
  let token: string;
  try {
    token = file ? readFileSync(file, 'utf8').trim() : '';
  } catch {
    throw new UserError(
      'not-ready',
      `the team token file ${file} is missing: run "switchboard team join" again`,
    );
  }
  return {
    workspaceId: row.workspace_id,
    serverUrl: row.server_url,
    memberId: row.member_id,
    token,
  };
}

/** Joins (or re-joins) a workspace: this data directory works in that one only. */
export function writeTeamConfig(db: Db, dataDir: string, config: TeamConfig): void {
  const file = join(dataDir, TOKEN_FILE);
  writeFileSync(file, `${config.token}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of an existing file.
  chmodSync(file, 0o600);
  db.transaction(() => {
    db.prepare('DELETE FROM team_workspaces').run();
    db.prepare(
      'INSERT INTO team_workspaces (workspace_id, server_url, member_id, token_ref, joined_at) VALUES (?, ?, ?, ?, ?)',
    ).run(config.workspaceId, config.serverUrl, config.memberId, `file:${TOKEN_FILE}`, Date.now());
  })();
}

/**
 * Forgets the data directory's workspace: the row in the cache, then the token file (a stale
 * token left by a failure in between is harmless: the next join writes the file again).
 */
export function removeTeamConfig(db: Db, dataDir: string): void {
  db.prepare('DELETE FROM team_workspaces').run();
  rmSync(join(dataDir, TOKEN_FILE), { force: true });
}
