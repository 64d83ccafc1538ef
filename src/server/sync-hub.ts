import * as Y from 'yjs';
import { canWrite, type Principal } from './access/roles.js';
import { CLOSE_CODES } from './close-codes.js';
import { MemberUsage } from './member-usage.js';
import type { Peer } from './peer.js';
import {
  keepaliveMessage,
  parseClientMessage,
  ProtocolError,
  syncStep1Message,
  syncStep2Message,
} from './protocol.js';
import { quotasWith, type QuotaOptions, type Quotas } from './quotas.js';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './rate-limiter.js';
import { parseRoom } from '../team/workspace/rooms.js';
import { roomVersionsState } from '../team/room-versions.js';
import { Room, UnappliableWrite, type Write } from './room.js';
import { RoomVersionCounter } from './room-version-counter.js';
import { Session } from './session.js';
import type { RoomStore } from './store/room-store.js';

export interface SyncHubOptions {
  store: RoomStore;
  /** Asked every `accessCheckMs` for each connection; false closes it (TOKEN_REVOKED). */
  stillAuthorized?: (principal: Principal) => 'ok' | 'revoked' | 'role-changed';
  accessCheckMs?: number;
  /** A room with more stored updates than this is compacted into one. */
  compactAfterUpdates?: number;
  /** How long a room stays in memory after its last client left. */
  roomIdleMs?: number;
  /**
   * False: no "rooms changed" announcement (src/team/room-versions.ts) in core rooms, as from a
   * stock or y-redis server; clients then visit the shard documents in turns.
   */
  announceRoomVersions?: boolean;
  announceMs?: number;
  rateLimit?: Partial<RateLimit>;
  /** Per member and per connection (the per-address ones are the transport's): quotas.ts. */
  quotas?: QuotaOptions;
  /**
   * A connection the server sent nothing for this long gets an empty awareness update (see
   * `keepQuietSessionsAlive`).
   */
  keepaliveMs?: number;
  /** Larger frames close the connection (the ws transport enforces it first, as maxPayload). */
  maxMessageBytes?: number;
  /**
   * The server's own changes to a room (see `ServerEdit`), asked when a client joins the room
   * (before its first step 1 is answered) and, for every loaded room, every `accessCheckMs`.
   */
  serverEdits?: ServerEdit;
  log?: (line: string) => void;
}

/**
 * Given a room's name and doc (every stored update applied), the update the server wants to
 * write to it, or undefined when the doc is as it should be. Must not change the doc: the update
 * is stored first, then applied like a client's.
 */
export type ServerEdit = (room: string, doc: Y.Doc) => Uint8Array | undefined;

const ANNOUNCE_GATHER_MS = 20;

export const HUB_DEFAULTS = {
  accessCheckMs: 30_000,
  compactAfterUpdates: 500,
  roomIdleMs: 30_000,
  maxMessageBytes: 8 * 1024 * 1024,
  /**
   * A workspace's "rooms changed" announcement goes out 20 ms after a write (ANNOUNCE_GATHER_MS),
   * then at most this often while its shards keep changing: one awareness message to each core
   * client however many writes.
   */
  announceMs: 200,
  /**
   * Half the stock client's `messageReconnectTimeout` (30 s), checked every third of it: a quiet
   * connection hears from the server at most 20 s apart.
   */
  keepaliveMs: 15_000,
} as const;

/**
 * The sync server's logic, without sockets: rooms (loaded on first use, unloaded when idle), the
 * y-websocket protocol, write permissions, and the path of every update:
 *
 *   received → decoded and checked → stored (one transaction per tick, for every room) →
 *   applied to the room's Y.Doc → sent to the room's other clients
 *
 * Nothing reaches a doc, another client or a state vector before the store has it, so whatever
 * a client was told the server has survives a crash of the server. The server's own writes
 * (`writeAsServer`, `serverEdits`: the directory's members in a workspace's core document) take
 * the same path, with no sender.
 *
 * The ack: y-websocket's step 1 carries the sender's state vector and is answered with a step 2
 * (what the sender lacks). We also send our own step 1 right after it, and only once every update
 * the client sent before its step 1 is stored. A client compares that state vector with its own:
 * when ours covers it, the server holds everything the client had when it asked, durably. The
 * stock client answers our step 1 with a step 2 as usual, which is a no-op for the server.
 */
export class SyncHub {
  private readonly store: RoomStore;
  private readonly options: Required<
    Omit<SyncHubOptions, 'store' | 'stillAuthorized' | 'rateLimit' | 'serverEdits' | 'quotas'>
  >;
  private readonly serverEdits: ServerEdit | undefined;
  private readonly rateLimit: RateLimit;
  private readonly quotas: Quotas;
  private readonly members: MemberUsage;
  private readonly keepaliveTimer: NodeJS.Timeout;
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly sessions = new Set<Session>();
  /** Accepted writes waiting for the next commit. */
  private queued: Write[] = [];
  private writer: 'idle' | 'scheduled' | 'running' = 'idle';
  private idleWaiters: Array<() => void> = [];
  private readonly accessTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private readonly versions = new RoomVersionCounter();
  /** Per workspace: when its announcement last went out, and the one waiting, if any. */
  private readonly announcements = new Map<string, { at: number; timer?: NodeJS.Timeout }>();

  constructor(options: SyncHubOptions) {
    this.store = options.store;
    this.options = {
      accessCheckMs: options.accessCheckMs ?? HUB_DEFAULTS.accessCheckMs,
      compactAfterUpdates: options.compactAfterUpdates ?? HUB_DEFAULTS.compactAfterUpdates,
      roomIdleMs: options.roomIdleMs ?? HUB_DEFAULTS.roomIdleMs,
      announceMs: options.announceMs ?? HUB_DEFAULTS.announceMs,
      announceRoomVersions: options.announceRoomVersions ?? true,
      maxMessageBytes: options.maxMessageBytes ?? HUB_DEFAULTS.maxMessageBytes,
      keepaliveMs: options.keepaliveMs ?? HUB_DEFAULTS.keepaliveMs,
      log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    };
    this.rateLimit = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
    this.quotas = quotasWith(options.quotas);
    this.members = new MemberUsage(this.quotas);
    this.keepaliveTimer = setInterval(
      () => this.keepQuietSessionsAlive(),
      this.options.keepaliveMs / 3,
    );
    this.keepaliveTimer.unref();
    this.serverEdits = options.serverEdits;
    const { stillAuthorized } = options;
    if (stillAuthorized || this.serverEdits) {
      this.accessTimer = setInterval(() => {
        if (stillAuthorized)
          for (const session of [...this.sessions]) {
            const access = stillAuthorized(session.principal);
            if (access === 'revoked')
              this.closeSession(session, CLOSE_CODES.TOKEN_REVOKED, 'token revoked');
            else if (access === 'role-changed')
              this.closeSession(session, CLOSE_CODES.ROLE_CHANGED, 'role changed, reconnect');
          }
        // The directory may have changed meanwhile (server-admin is another process).
        for (const room of [...this.rooms.values()]) this.editAsServer(room);
      }, this.options.accessCheckMs);
      this.accessTimer.unref();
    }
  }

  /** A new connection, already authorized for `room`. Frames it sends before the room is loaded wait. */
  join(peer: Peer, room: string, principal: Principal): Session {
    const session = new Session(peer, room, principal, this.rateLimit);
    if (this.closing) {
      session.state = 'closed';
      peer.close(CLOSE_CODES.GOING_AWAY, 'server shutting down');
      return session;
    }
    // Checked before anything is loaded or sent: the refused client has not synced, so the
    // stock client backs off before it retries (close-codes.ts).
    const refusal = this.members.admit(principal, !this.rooms.has(room) && !this.loading.has(room));
    if (refusal) {
      session.state = 'closed';
      this.options.log(`refusing ${session.describe()}: ${refusal.code} ${refusal.reason}`);
      peer.close(refusal.code, refusal.reason);
      return session;
    }
    this.sessions.add(session);
    this.roomNamed(room).then(
      (loaded) => this.attach(session, loaded),
      (error: unknown) => {
        this.options.log(`room ${room}: cannot load: ${describe(error)}`);
        this.closeSession(session, CLOSE_CODES.INTERNAL_ERROR, 'the room could not be loaded');
      },
    );
    return session;
  }

  /** One frame from the client (`binary`: a binary frame; the protocol has no text frames). */
  receive(session: Session, frame: Uint8Array, binary = true): void {
    if (session.state === 'closed') return;
    if (frame.byteLength > this.options.maxMessageBytes) {
      this.closeSession(session, CLOSE_CODES.MESSAGE_TOO_BIG, 'message too big');
      return;
    }
    if (!session.limiter.take(frame.byteLength)) {
      this.closeSession(session, CLOSE_CODES.RATE_LIMITED, 'too many messages, slow down');
      return;
    }
    if (!this.members.takeMessage(session.principal, frame.byteLength)) {
      this.closeSession(
        session,
        CLOSE_CODES.MEMBER_RATE_LIMITED,
        "too many messages from this member's connections, slow down",
      );
      return;
    }
    if (session.state === 'joining') {
      session.inbox.push({ frame, binary });
      return;
    }
    const room = this.rooms.get(session.room);
    if (room) this.handle(session, room, frame, binary);
  }

  /** The transport lost the connection (closed by either side). */
  disconnected(session: Session): void {
    if (session.state === 'closed') return;
    session.state = 'closed';
    this.detach(session);
  }

  /** Closes a connection from the server's side, with a code of close-codes.ts. */
  closeSession(session: Session, code: number, reason: string): void {
    if (session.state === 'closed') return;
    if (code !== CLOSE_CODES.GOING_AWAY)
      this.options.log(`closing ${session.describe()}: ${code} ${reason}`);
    session.state = 'closed';
    session.peer.close(code, reason);
    this.detach(session);
  }

  /**
   * A write of the server's own (no client sent it) to `room`, loaded if it is not: `update`, or
   * what `produce` returns for the room's doc once the writes received before are applied
   * (undefined: nothing to write). It takes the path of every write: stored, then applied, sent
   * to the room's clients and counted in state vectors; an update that changes nothing is not
   * stored. Resolves to whether something was stored and applied.
   */
  async writeAsServer(
    room: string,
    update: Uint8Array | ((doc: Y.Doc) => Uint8Array | undefined),
  ): Promise<boolean> {
    if (this.closing) return false;
    const loaded = await this.roomNamed(room);
    const written = this.queueServerWrite(
      loaded,
      typeof update === 'function' ? update : () => update,
    );
    this.unloadWhenIdle(loaded);
    return written;
  }

  /** Rooms in memory and open connections, for tests and monitoring. */
  stats(): { rooms: number; sessions: number } {
    return { rooms: this.rooms.size, sessions: this.sessions.size };
  }

  /** Resolves once every write accepted so far is stored (or refused by the store). */
  flushed(): Promise<void> {
    if (this.writer === 'idle' && this.queued.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Closes every connection (GOING_AWAY), stores what was accepted, frees the rooms. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.accessTimer) clearInterval(this.accessTimer);
    clearInterval(this.keepaliveTimer);
    for (const { timer } of this.announcements.values()) clearTimeout(timer);
    for (const session of [...this.sessions])
      this.closeSession(session, CLOSE_CODES.GOING_AWAY, 'server shutting down');
    await Promise.allSettled([...this.loading.values()]);
    await this.flushed();
    for (const room of this.rooms.values()) {
      room.dropUncommitted();
      room.destroy();
    }
    this.rooms.clear();
  }

  private handle(session: Session, room: Room, frame: Uint8Array, binary: boolean): void {
    if (!binary) {
      this.closeSession(
        session,
        CLOSE_CODES.MALFORMED_MESSAGE,
        'text frame: the protocol is binary',
      );
      return;
    }
    let message;
    try {
      message = parseClientMessage(frame);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.closeSession(session, error.code, error.message);
      return;
    }
    switch (message.kind) {
      case 'sync-step1': {
        const { stateVector } = message;
        // A client that asks the core room what is new hears of every shard write committed
        // so far, not only of those announced before the gathering wait.
        if (this.announcements.get(room.name)?.timer) this.announceNow(room);
        // The ack (see the class comment): step 2, then our state vector, after the writes
        // this client sent before are stored and applied.
        room.afterPendingWrites(() => {
          session.send(syncStep2Message(room.doc, stateVector));
          session.send(syncStep1Message(room.doc));
        });
        return;
      }
      case 'sync-step2':
      case 'sync-update':
        this.acceptWrite(session, room, message.update, message.kind);
        return;
      case 'awareness':
        if (
          !room.applyAwareness(
            session,
            message.update,
            message.states,
            this.quotas.awarenessBytesPerConnection,
          )
        )
          this.closeSession(
            session,
            CLOSE_CODES.AWARENESS_TOO_BIG,
            `presence over ${this.quotas.awarenessBytesPerConnection} bytes`,
          );
        return;
      case 'query-awareness': {
        const states = room.awarenessOfAll();
        if (states) session.send(states);
        return;
      }
    }
  }

  private acceptWrite(
    session: Session,
    room: Room,
    update: Uint8Array,
    kind: 'sync-step2' | 'sync-update',
  ): void {
    const writer = canWrite(session.principal.role);
    // A step 2 answers our step 1 and usually brings nothing new (the delete set is always
    // resent): not worth a row. A viewer's client sends such step 2s too, and must not be
    // refused for them, only for real changes. The check walks the doc, so it is kept off the
    // hot path, a writer's updates.
    if (!writer || kind === 'sync-step2') {
      if (Y.snapshotContainsUpdate(Y.snapshot(room.doc), update)) return;
      if (!writer) {
        // Closing (rather than silently dropping) tells the client at once that its edit
        // was refused; 4403 also stops the stock client from reconnecting to retry it.
        this.closeSession(session, CLOSE_CODES.WRITE_FORBIDDEN, 'viewers cannot change documents');
        return;
      }
    }
    const write: Write = { room, session, update, committed: false };
    room.queueWrite(write);
    this.queued.push(write);
    this.scheduleWriter();
  }

  private scheduleWriter(): void {
    if (this.writer !== 'idle') return;
    this.writer = 'scheduled';
    // setImmediate runs after the poll phase: every frame read from any socket in this turn of
    // the event loop joins the same commit (group commit), one fsync-free WAL append for all.
    setImmediate(() => void this.runWriter());
  }

  /** The only writer of the store: commits and compactions, one at a time. */
  private async runWriter(): Promise<void> {
    this.writer = 'running';
    try {
      do {
        const batch = this.queued;
        this.queued = [];
        if (batch.length > 0) await this.commit(batch);
        for (const room of [...this.rooms.values()])
          if (room.needsCompaction) await this.compact(room);
      } while (this.queued.length > 0);
    } catch (error) {
      this.options.log(`writer: ${describe(error)}`);
    } finally {
      this.writer = 'idle';
      if (this.queued.length > 0) this.scheduleWriter();
      else for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async commit(batch: Write[]): Promise<void> {
    try {
      await this.store.append(
        batch.map((write) => ({ room: write.room.name, update: write.update })),
      );
    } catch (error) {
      // Nothing of the batch is stored (append is all-or-nothing), so nothing was applied:
      // the senders are closed and resend it all in their step 2 when they reconnect.
      this.options.log(`storage failed, ${batch.length} update(s) refused: ${describe(error)}`);
      const refused = new Set(batch);
      for (const write of batch)
        if (write.session)
          this.closeSession(
            write.session,
            CLOSE_CODES.INTERNAL_ERROR,
            'the server could not store the update',
          );
      for (const room of new Set(batch.map((write) => write.room))) room.discard(refused);
      return;
    }
    const byRoom = new Map<Room, Write[]>();
    for (const write of batch) {
      write.committed = true;
      const writes = byRoom.get(write.room) ?? [];
      writes.push(write);
      byRoom.set(write.room, writes);
    }
    for (const [room, writes] of byRoom) {
      room.storedUpdates += writes.length;
      const workspaceId = this.options.announceRoomVersions && this.versions.count(room.name);
      if (workspaceId) this.announceSoon(workspaceId);
      if (this.rooms.get(room.name) !== room) continue;
      try {
        room.applyCommitted(writes);
      } catch (error) {
        if (!(error instanceof UnappliableWrite)) throw error;
        this.resetRoom(room, error);
        continue;
      }
      if (room.storedUpdates > this.options.compactAfterUpdates) room.needsCompaction = true;
    }
  }

  /**
   * An update that decoded but that Yjs failed to apply (a hostile or corrupt struct): the doc may
   * hold part of it, so the room is dropped and reloaded from storage, where loading skips it.
   */
  private resetRoom(room: Room, failure: UnappliableWrite): void {
    this.options.log(
      `room ${room.name}: Yjs could not apply an update of ${failure.write.session?.describe() ?? 'the server'}: ${failure.message}; reloading the room`,
    );
    if (failure.write.session)
      this.closeSession(
        failure.write.session,
        CLOSE_CODES.INVALID_UPDATE,
        'the update could not be applied',
      );
    this.unload(room, CLOSE_CODES.ROOM_RESET, 'the room was reloaded, reconnect');
  }

  /** Replaces the room's stored updates by its doc, one update, when nothing else writes. */
  private async compact(room: Room): Promise<void> {
    room.needsCompaction = false;
    if (this.rooms.get(room.name) !== room) return;
    // The writer is the only one to apply updates, and it is here: the doc holds exactly the
    // stored updates (with those Yjs keeps pending for missing dependencies, which
    // encodeStateAsUpdate includes), so nothing stored is lost by the replacement.
    const merged = Y.encodeStateAsUpdate(room.doc);
    try {
      await this.store.compact(room.name, merged);
      room.storedUpdates = 1;
    } catch (error) {
      this.options.log(
        `room ${room.name}: compaction failed (the updates stay as they were): ${describe(error)}`,
      );
    }
  }

  /** Schedules the workspace's announcement: soon, and `announceMs` after the last one at the earliest. */
  private announceSoon(workspaceId: string): void {
    const last = this.announcements.get(workspaceId) ?? { at: 0 };
    this.announcements.set(workspaceId, last);
    if (last.timer) return;
    // A short wait gathers the writes of one user action (its state and its timeline document
    // arrive a tick or two apart) into one announcement, so a client opens both in one go.
    const wait = Math.max(
      ANNOUNCE_GATHER_MS,
      last.at + this.options.announceMs - performance.now(),
    );
    last.timer = setTimeout(() => {
      last.timer = undefined;
      this.announce(workspaceId);
    }, wait);
    last.timer.unref();
  }

  /** Announces a pending announcement of this core room at once, ahead of what is sent next. */
  private announceNow(core: Room): void {
    const pending = this.announcements.get(core.name);
    clearTimeout(pending?.timer);
    if (pending) pending.timer = undefined;
    this.announce(core.name);
    core.flushAwareness();
  }

  /** Sets the workspace's announcement in its core room, if the room is loaded (else at its load). */
  private announce(workspaceId: string): void {
    const core = this.rooms.get(workspaceId);
    const last = this.announcements.get(workspaceId);
    if (last) last.at = performance.now();
    core?.announce(roomVersionsState(this.versions.versions(workspaceId)));
  }

  private roomNamed(name: string): Promise<Room> {
    const loaded = this.rooms.get(name);
    if (loaded) return Promise.resolve(loaded);
    let loading = this.loading.get(name);
    if (!loading) {
      loading = this.load(name).finally(() => this.loading.delete(name));
      this.loading.set(name, loading);
    }
    return loading;
  }

  private async load(name: string): Promise<Room> {
    const updates = await this.store.load(name);
    if (this.closing) throw new Error('the server is shutting down');
    let room = new Room(name);
    let skipped = 0;
    try {
      if (updates.length > 0)
        Y.applyUpdate(room.doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
    } catch {
      // One of them cannot be applied (see resetRoom): one by one, without it, on a fresh doc.
      room.destroy();
      room = new Room(name);
      for (const [index, update] of updates.entries()) {
        try {
          Y.applyUpdate(room.doc, update);
        } catch (error) {
          skipped += 1;
          this.options.log(
            `room ${name}: skipping stored update ${index + 1} of ${updates.length}, Yjs cannot apply it: ${describe(error)}`,
          );
        }
      }
    }
    room.storedUpdates = updates.length;
    this.rooms.set(name, room);
    if (this.options.announceRoomVersions && parseRoom(name)?.kind === 'core') this.announce(name);
    // Compacting drops the skipped updates for good, and a long log loads slowly.
    if (skipped > 0 || updates.length > this.options.compactAfterUpdates) {
      room.needsCompaction = true;
      this.scheduleWriter();
    }
    return room;
  }

  private attach(session: Session, room: Room): void {
    if (session.state !== 'joining' || this.rooms.get(room.name) !== room) {
      if (session.state === 'joining')
        this.closeSession(session, CLOSE_CODES.ROOM_RESET, 'the room was reloaded, reconnect');
      this.unloadWhenIdle(room);
      return;
    }
    session.state = 'open';
    room.add(session);
    // Before the client's frames: its first step 1 is answered with the server's edits in.
    this.editAsServer(room);
    for (const { frame, binary } of session.inbox.splice(0)) {
      if (session.state !== 'open') break;
      this.handle(session, room, frame, binary);
    }
  }

  /** Queues the server's edits of the room (`serverEdits`), if it has any to make. */
  private editAsServer(room: Room): void {
    const edits = this.serverEdits;
    if (!edits) return;
    void this.queueServerWrite(room, (doc) => edits(room.name, doc));
  }

  /**
   * Queues a server write in the room's order (see Room.queueProduced): `produce` sees the doc
   * with every write received before applied, so successive server writes see each other and
   * never repeat one another.
   */
  private queueServerWrite(
    room: Room,
    produce: (doc: Y.Doc) => Uint8Array | undefined,
  ): Promise<boolean> {
    return new Promise((resolve) => {
      let write: Write | undefined;
      room.queueProduced(() => {
        if (this.closing || this.rooms.get(room.name) !== room) return undefined;
        let update: Uint8Array | undefined;
        try {
          update = produce(room.doc);
        } catch (error) {
          this.options.log(`room ${room.name}: the server's own edit failed: ${describe(error)}`);
          return undefined;
        }
        if (!update || Y.snapshotContainsUpdate(Y.snapshot(room.doc), update)) return undefined;
        write = { room, session: undefined, update, committed: false };
        this.queued.push(write);
        this.scheduleWriter();
        return write;
      });
      room.afterPendingWrites(
        () => resolve(write?.committed === true),
        () => resolve(false),
      );
    });
  }

  /**
   * The stock y-websocket client drops a connection on which it received no message for 30 s
   * (pings do not count). A lone client's own presence renewals are not sent back to it, and a
   * client with no presence renews nothing, so a quiet room would reconnect every 30 s: a
   * connection the server sent nothing for `keepaliveMs` gets an awareness update of no entries
   * (3 bytes; y-protocols applies it as a no-op).
   */
  private keepQuietSessionsAlive(): void {
    const quietSince = performance.now() - this.options.keepaliveMs;
    for (const session of this.sessions)
      if (session.state === 'open' && session.lastSentAt <= quietSince)
        session.send(keepaliveMessage);
  }

  private detach(session: Session): void {
    this.sessions.delete(session);
    this.members.release(session.principal);
    const room = this.rooms.get(session.room);
    if (!room) return;
    room.remove(session);
    this.unloadWhenIdle(room);
  }

  private unloadWhenIdle(room: Room): void {
    if (room.sessions.size > 0 || this.rooms.get(room.name) !== room) return;
    if (room.idleTimer) clearTimeout(room.idleTimer);
    room.idleTimer = setTimeout(() => {
      room.idleTimer = undefined;
      this.tryUnload(room);
    }, this.options.roomIdleMs);
    room.idleTimer.unref();
  }

  /** Frees an idle room, compacted first so that its next load reads one row. */
  private tryUnload(room: Room, compacted = false): void {
    if (
      room.sessions.size > 0 ||
      this.rooms.get(room.name) !== room ||
      this.hasSessionsJoining(room.name)
    )
      return;
    if (!compacted && room.storedUpdates > 1) room.needsCompaction = true;
    if (room.hasPendingWrites || room.needsCompaction) {
      this.scheduleWriter();
      void this.flushed().then(() => this.tryUnload(room, true));
      return;
    }
    this.unload(room);
  }

  private hasSessionsJoining(name: string): boolean {
    for (const session of this.sessions)
      if (session.room === name && session.state === 'joining') return true;
    return false;
  }

  private unload(room: Room, code?: number, reason?: string): void {
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
    for (const session of [...room.sessions])
      this.closeSession(session, code ?? CLOSE_CODES.GOING_AWAY, reason ?? 'room closed');
    // Writes not yet stored are dropped; their senders were closed and resend them in their
    // step 2 when they reconnect.
    room.dropUncommitted();
    this.queued = this.queued.filter((write) => write.room !== room);
    room.destroy();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
