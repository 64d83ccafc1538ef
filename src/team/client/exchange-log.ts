import type { Db } from '../../db/open-database.js';

/**
 * What this machine last exchanged with the team server (migration 004), so that a sync that
 * starts exchanges only the shard documents that changed since: on the server (its announced
 * version differs, src/team/room-versions.ts) or here (the replica has rows of the room stored
 * after that exchange began: a change made offline, or by another process). A 100k-conversation
 * workspace otherwise costs every `sync --once` seconds of exchanging 64 unchanged documents.
 */
export class ExchangeLog {
  private readonly statements;

  constructor(
    db: Db,
    private readonly workspaceId: string,
  ) {
    this.statements = {
      lastRows: db.prepare<[string], { room: string; seq: number }>(
        "SELECT room, max(seq) AS seq FROM workspace_updates WHERE room LIKE ? || '/%' GROUP BY room",
      ),
      exchanged: db.prepare<[string], { version: string; seq: number }>(
        'SELECT version, seq FROM team_room_exchanges WHERE room = ?',
      ),
      record: db.prepare<[string, string, number]>(
        'INSERT INTO team_room_exchanges (room, version, seq) VALUES (?, ?, ?) ON CONFLICT (room) DO UPDATE SET version = excluded.version, seq = excluded.seq',
      ),
      forget: db.prepare<[string]>('DELETE FROM team_room_exchanges WHERE room = ?'),
      basis: db.prepare<[string], { fingerprint: string }>(
        'SELECT fingerprint FROM team_projection_basis WHERE workspace_id = ?',
      ),
      setBasis: db.prepare<[string, string]>(
        'INSERT INTO team_projection_basis (workspace_id, fingerprint) VALUES (?, ?) ON CONFLICT (workspace_id) DO UPDATE SET fingerprint = excluded.fingerprint',
      ),
    };
  }

  /** The replica's highest row of each of the workspace's rooms (rooms with none are absent). */
  lastRows(): Map<string, number> {
    return new Map(
      this.statements.lastRows.all(this.workspaceId).map((row) => [row.room, row.seq]),
    );
  }

  /**
   * Whether the room needs no exchange: last exchanged under `version`, which the server still
   * announces, and no row of it stored here since that exchange began (`lastRow`: its highest now).
   */
  upToDate(room: string, version: string, lastRow: number): boolean {
    const exchanged = this.statements.exchanged.get(room);
    return exchanged !== undefined && exchanged.version === version && lastRow <= exchanged.seq;
  }

  /**
   * The server confirmed the room, announced at `version` when its exchange was queued; `seq` is
   * the replica's highest row of it before the exchange began (rows after it are looked at again).
   */
  record(room: string, version: string, seq: number): void {
    this.statements.record.run(room, version, seq);
  }

  /** Forgets the room's last exchange (its rows changed under it): the next sync exchanges it. */
  forget(room: string): void {
    this.statements.forget.run(room);
  }

  /** What the projection was last built with (TeamWorkspace.projectionBasis). */
  projectionBasis(): string | undefined {
    return this.statements.basis.get(this.workspaceId)?.fingerprint;
  }

  setProjectionBasis(fingerprint: string): void {
    this.statements.setBasis.run(this.workspaceId, fingerprint);
  }
}
