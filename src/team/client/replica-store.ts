import * as Y from 'yjs';
import type { Db } from '../../db/open-database.js';

/** Updates a room may pile up before they are merged into one (see `compact`). */
const COMPACT_AFTER = 500;

/** Marks updates applied from this store, so the update handler does not store them again. */
const FROM_STORE = Symbol('replica-store');

interface OpenRoom {
  doc: Y.Doc;
  /** The stored rows this document holds: loaded, or written by it. */
  known: Set<number>;
  /** Those of them stored as made here and not confirmed by the server (`pending`). */
  pending: Set<number>;
  /** The highest row number looked at by `refresh`. */
  lastSeen: number;
  onUpdate: (update: Uint8Array, origin: unknown) => void;
}

/**
 * This machine's replica of the workspace's Yjs documents, in the cache database
 * (`workspace_updates`, migration 003). A document opens from its stored updates, with no
 * network, so the team state is there at once and offline; from then on every update of it,
 * made here or received, is stored in the same call that produced it. better-sqlite3 writes
 * synchronously, so a change made offline is on disk before the command that made it returns,
 * and survives a crash until the server has it.
 *
 * Several processes may hold the same replica (`switchboard sync` running while a `switchboard
 * assign` is typed): each stores its own updates, `refresh` picks up the others', and
 * compaction only replaces the rows its document is known to hold.
 *
 * A change made here is stored `pending` (migration 006) until the server confirms it holds it
 * (`confirm`, from RoomLink's confirmation); updates received from the server (`remoteOrigin`)
 * never are. So this machine always knows which of its changes the server never accepted: with
 * a refused token they are kept, and `discardPending` can drop exactly them, leaving the replica
 * as the server had it. Compaction keeps the two kinds in separate rows.
 */
export class ReplicaStore {
  private readonly rooms = new Map<string, OpenRoom>();
  private readonly statements;
  /**
   * Rows this store wrote that `roomsWrittenElsewhere` has not looked past yet; kept only once
   * `watchOtherWriters` was called (a short CLI command never asks).
   */
  private ownRows: Set<number> | undefined;
  /** Origins of updates received from the server (the rooms' providers): never pending. */
  private readonly remote = new WeakSet<object>();

  constructor(private readonly db: Db) {
    this.statements = {
      load: db.prepare<[string, number], { seq: number; pending: number; data: Uint8Array }>(
        'SELECT seq, pending, data FROM workspace_updates WHERE room = ? AND seq > ? ORDER BY seq',
      ),
      append: db.prepare<[string, Uint8Array, number]>(
        'INSERT INTO workspace_updates (room, data, pending) VALUES (?, ?, ?)',
      ),
      confirm: db.prepare<[number]>('UPDATE workspace_updates SET pending = 0 WHERE seq = ?'),
      countPending: db.prepare<[string, string], { n: number }>(
        "SELECT count(*) AS n FROM workspace_updates WHERE pending = 1 AND (room = ? OR room LIKE ? || '/%')",
      ),
      discardPending: db.prepare<[string, string], { room: string }>(
        "DELETE FROM workspace_updates WHERE pending = 1 AND (room = ? OR room LIKE ? || '/%') RETURNING room",
      ),
      remove: db.prepare<[number]>('DELETE FROM workspace_updates WHERE seq = ?'),
      rooms: db.prepare<[string, string], { room: string }>(
        "SELECT DISTINCT room FROM workspace_updates WHERE room = ? OR room LIKE ? || '/%' ORDER BY room",
      ),
      since: db.prepare<[number], { seq: number; room: string }>(
        'SELECT seq, room FROM workspace_updates WHERE seq > ? ORDER BY seq',
      ),
      last: db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM workspace_updates'),
      forget: db.prepare<[string, string]>(
        `DELETE FROM workspace_updates WHERE room = ?
           AND NOT EXISTS (SELECT 1 FROM workspace_updates WHERE room = ? AND pending = 1)`,
      ),
      pendingDrafts: db.prepare<[string], { room: string }>(
        "SELECT DISTINCT room FROM workspace_updates WHERE pending = 1 AND room LIKE ? || '/draft-%' ORDER BY room",
      ),
      roomSince: db.prepare<[string, number], { seq: number }>(
        'SELECT seq FROM workspace_updates WHERE room = ? AND seq > ? ORDER BY seq',
      ),
    };
  }

  /** The room's document, loaded from the store on first use and kept stored from then on. */
  open(room: string): Y.Doc {
    const existing = this.rooms.get(room);
    if (existing) return existing.doc;
    const doc = new Y.Doc();
    const open: OpenRoom = {
      doc,
      known: new Set(),
      pending: new Set(),
      lastSeen: 0,
      onUpdate: (update, origin) => {
        if (origin === FROM_STORE) return;
        const made = !(typeof origin === 'object' && origin !== null && this.remote.has(origin));
        const seq = Number(this.statements.append.run(room, update, made ? 1 : 0).lastInsertRowid);
        open.known.add(seq);
        if (made) open.pending.add(seq);
        this.ownRows?.add(seq);
        if (open.known.size > COMPACT_AFTER) this.compact(room);
      },
    };
    this.rooms.set(room, open);
    this.refresh(room);
    doc.on('update', open.onUpdate);
    return doc;
  }

  /**
   * Applies the room's updates stored by others (another process on this data directory) since
   * the last look. Returns whether there were any.
   */
  refresh(room: string): boolean {
    const open = this.rooms.get(room);
    if (!open) return false;
    const fresh = this.statements.load
      .all(room, open.lastSeen)
      .filter((row) => !open.known.has(row.seq));
    for (const row of fresh) {
      open.known.add(row.seq);
      if (row.pending) open.pending.add(row.seq);
    }
    const last = fresh.at(-1);
    if (last) open.lastSeen = Math.max(open.lastSeen, last.seq);
    // One merged update applies far faster than hundreds of small ones.
    if (fresh.length)
      Y.applyUpdate(open.doc, Y.mergeUpdates(fresh.map((row) => row.data)), FROM_STORE);
    return fresh.length > 0;
  }

  /** Rooms of a workspace that have anything stored (its core document and any others). */
  storedRooms(workspaceId: string): string[] {
    return this.statements.rooms.all(workspaceId, workspaceId).map((row) => row.room);
  }

  /**
   * Replaces the room's stored updates this document holds by one update with its whole state,
   * or, while some are pending, by two: the confirmed ones merged, and the pending ones merged.
   * Rows it does not know (stored meanwhile by another process) stay.
   */
  compact(room: string): void {
    const open = this.rooms.get(room);
    if (!open) return;
    this.refresh(room);
    const merged = this.db.transaction(() => {
      // The flags as stored now: another process may have confirmed some meanwhile.
      const rows = this.statements.load.all(room, 0).filter((row) => open.known.has(row.seq));
      const pending = rows.filter((row) => row.pending);
      const confirmed = rows.filter((row) => !row.pending);
      const groups: Array<[update: Uint8Array, pending: number]> =
        pending.length === 0
          ? [[Y.encodeStateAsUpdate(open.doc), 0]]
          : [
              ...(confirmed.length === 0
                ? []
                : [[Y.mergeUpdates(confirmed.map((row) => row.data)), 0] as [Uint8Array, number]]),
              [Y.mergeUpdates(pending.map((row) => row.data)), 1],
            ];
      for (const row of rows) this.statements.remove.run(row.seq);
      return groups.map(([update, flag]) => ({
        seq: Number(this.statements.append.run(room, update, flag).lastInsertRowid),
        pending: flag === 1,
      }));
    })();
    open.known = new Set(merged.map((row) => row.seq));
    open.pending = new Set(merged.filter((row) => row.pending).map((row) => row.seq));
    for (const { seq } of merged) {
      this.ownRows?.add(seq);
      open.lastSeen = Math.max(open.lastSeen, seq);
    }
  }

  /** Updates with this origin are received from the server (a room's provider): never pending. */
  remoteOrigin(origin: object): void {
    this.remote.add(origin);
  }

  /** The room's rows made here that the server has not confirmed, as the document holds them now. */
  pendingRows(room: string): number[] {
    return [...(this.rooms.get(room)?.pending ?? [])];
  }

  /** The server holds these rows of the room (`pendingRows` taken before it said so). */
  confirm(room: string, rows: readonly number[]): void {
    const open = this.rooms.get(room);
    if (rows.length === 0) return;
    this.db.transaction(() => {
      for (const seq of rows) this.statements.confirm.run(seq);
    })();
    for (const seq of rows) open?.pending.delete(seq);
  }

  /** How many stored updates of the workspace's rooms the server has not confirmed. */
  countPending(workspaceId: string): number {
    return this.statements.countPending.get(workspaceId, workspaceId)?.n ?? 0;
  }

  /**
   * Deletes every update of the workspace's rooms the server never confirmed, leaving what it
   * had; returns the rooms that had any. No room of the workspace may be open in this store
   * (its document would still hold them), nor in another process.
   */
  discardPending(workspaceId: string): Set<string> {
    for (const room of this.rooms.keys())
      if (room === workspaceId || room.startsWith(`${workspaceId}/`))
        throw new Error(`discardPending: ${room} is open`);
    return new Set(
      this.statements.discardPending.all(workspaceId, workspaceId).map((row) => row.room),
    );
  }

  /**
   * Starts telling this store's rows from other processes' (see `roomsWrittenElsewhere`), and
   * returns the highest row stored so far (0 for none), to look after.
   */
  watchOtherWriters(): number {
    this.ownRows ??= new Set();
    return this.statements.last.get()?.seq ?? 0;
  }

  /**
   * Rooms that other processes of this data directory stored updates of after row `afterSeq`
   * (a `switchboard assign` typed while `switchboard sync` runs), and the row to look after next.
   */
  roomsWrittenElsewhere(afterSeq: number): { rooms: Set<string>; lastSeq: number } {
    const own = (this.ownRows ??= new Set());
    const rooms = new Set<string>();
    let lastSeq = afterSeq;
    for (const { seq, room } of this.statements.since.all(afterSeq)) {
      lastSeq = seq;
      if (!own.delete(seq)) rooms.add(room);
    }
    // Rows of ours already compacted away.
    for (const seq of own) if (seq <= lastSeq) own.delete(seq);
    return { rooms, lastSeq };
  }

  /**
   * The room's highest row if every row of it after `afterSeq` was stored by this store (once
   * `watchOtherWriters` was called), else `afterSeq`: how far the room is known to hold nothing
   * another process wrote.
   */
  ownRowsSince(room: string, afterSeq: number): number {
    let last = afterSeq;
    for (const { seq } of this.statements.roomSince.all(room, afterSeq)) {
      if (!this.ownRows?.has(seq)) return afterSeq;
      last = seq;
    }
    return last;
  }

  /**
   * Deletes a closed room's stored updates, all of them, unless some are pending (the server
   * would never get them): a room that holds nothing any more (a sent draft), fetched afresh
   * from the server if it is ever opened again. Returns whether it did.
   */
  forget(room: string): boolean {
    if (this.rooms.has(room)) throw new Error(`forget: ${room} is open`);
    return this.statements.forget.run(room, room).changes > 0;
  }

  /** Draft rooms of the workspace with updates made here the server has not confirmed. */
  pendingDraftRooms(workspaceId: string): string[] {
    return this.statements.pendingDrafts.all(workspaceId).map((row) => row.room);
  }

  /** Stops storing the room's updates and frees its document. */
  close(room: string): void {
    const open = this.rooms.get(room);
    if (!open) return;
    open.doc.off('update', open.onUpdate);
    open.doc.destroy();
    this.rooms.delete(room);
  }

  closeAll(): void {
    for (const room of [...this.rooms.keys()]) this.close(room);
  }
}
