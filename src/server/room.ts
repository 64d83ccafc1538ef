import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { isRoomVersionsState } from '../team/room-versions.js';
import {
  awarenessMessage,
  encodeAwarenessEntries,
  syncStep1Message,
  updateMessage,
  type AwarenessEntry,
} from './protocol.js';
import type { Session } from './session.js';

/** An accepted update on its way to storage. */
export interface Write {
  room: Room;
  /** Its sender; undefined for the server's own writes (SyncHub.writeAsServer). */
  session: Session | undefined;
  update: Uint8Array;
  committed: boolean;
}

type Pending =
  | { kind: 'write'; write: Write }
  | { kind: 'reply'; run: () => void; dropped?: () => void }
  | { kind: 'produce'; run: () => Write | undefined };

/**
 * One document in memory: its Y.Doc, the presence of its clients, the sessions connected to it.
 * The doc only ever holds updates that are already stored, so everything derived from it (a
 * state vector, a step 2, a broadcast) describes durable data.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  readonly sessions = new Set<Session>();
  /** Which connection set each client's current presence, and its size (see applyAwareness). */
  private readonly awarenessOwners = new Map<number, { session: Session; bytes: number }>();
  /** Writes not applied yet, and replies that must wait for them, in arrival order. */
  private readonly pending: Pending[] = [];
  /** Rows the store holds for this room (compaction brings it back to 1). */
  storedUpdates = 0;
  needsCompaction = false;
  idleTimer: NodeJS.Timeout | undefined;

  constructor(readonly name: string) {
    // No presence of the server's own (as the stock server: y-websocket's WSSharedDoc), except
    // the announcement a workspace's core room carries (see `announce`).
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /**
   * Sets the server's own awareness state in this room (the "rooms changed" announcement of
   * src/team/room-versions.ts): sent to every client now and on join, renewed by y-protocols every
   * 15 s while set.
   */
  announce(state: Record<string, unknown>): void {
    this.awareness.setLocalState(state);
  }

  /** Greets a new session the way the stock server does: our step 1, then who is here. */
  add(session: Session): void {
    this.sessions.add(session);
    session.send(syncStep1Message(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0)
      session.send(awarenessMessage(encodeAwarenessUpdate(this.awareness, states)));
  }

  /** Removes a session and the presence it controlled; the others see it leave. */
  remove(session: Session): void {
    if (!this.sessions.delete(session)) return;
    const controlled = [...this.awarenessOwners]
      .filter(([, owner]) => owner.session === session)
      .map(([clientId]) => clientId);
    for (const clientId of controlled) this.awarenessOwners.delete(clientId);
    removeAwarenessStates(this.awareness, controlled, null);
  }

  get hasPendingWrites(): boolean {
    return this.pending.length > 0;
  }

  queueWrite(write: Write): void {
    this.pending.push({ kind: 'write', write });
  }

  /**
   * Runs `reply` once every write received before it is stored and applied: a client that sent
   * updates and then a step 1 gets an answer that includes those updates (the ack). `dropped`
   * runs instead if the room goes away first.
   */
  afterPendingWrites(reply: () => void, dropped?: () => void): void {
    if (this.pending.length === 0) reply();
    else this.pending.push({ kind: 'reply', run: reply, ...(dropped ? { dropped } : {}) });
  }

  /**
   * Runs `produce` once every write received before it is applied (at once if none is pending),
   * on the doc as it then is; the write it returns, if any, takes its place in the queue, before
   * anything queued after this call (a reply waiting behind it includes it).
   */
  queueProduced(produce: () => Write | undefined): void {
    this.pending.push({ kind: 'produce', run: produce });
    this.drain();
  }

  /**
   * Applies committed writes (in arrival order), sends their combined effect to the room once,
   * then answers the replies that were waiting for them. Throws the write that Yjs could not
   * apply; the doc may then be half-changed and the caller must discard the room.
   */
  applyCommitted(writes: readonly Write[]): void {
    const changes: Uint8Array[] = [];
    const collect = (update: Uint8Array) => changes.push(update);
    this.doc.on('update', collect);
    try {
      for (const write of writes) {
        try {
          Y.applyUpdate(this.doc, write.update, write.session);
        } catch (error) {
          throw new UnappliableWrite(write, error);
        }
      }
    } finally {
      this.doc.off('update', collect);
    }
    if (changes.length > 0) {
      // One message per tick and room, whatever the number of writes: what Yjs reports as
      // changed, so duplicates cost nothing. A lone sender is spared its own echo; with several
      // senders each gets everything (re-applying known structs is a no-op for Yjs).
      const message = updateMessage(changes.length === 1 ? changes[0]! : Y.mergeUpdates(changes));
      const senders = new Set(writes.map((write) => write.session));
      const only = senders.size === 1 ? [...senders][0] : undefined;
      for (const session of this.sessions) if (session !== only) session.send(message);
    }
    this.drain();
  }

  /** Forgets writes the store refused (their senders are closed); replies behind them go out. */
  discard(writes: ReadonlySet<Write>): void {
    for (let index = this.pending.length - 1; index >= 0; index -= 1) {
      const item = this.pending[index]!;
      if (item.kind === 'write' && writes.has(item.write)) this.pending.splice(index, 1);
    }
    this.drain();
  }

  private drain(): void {
    while (this.pending.length > 0) {
      const head = this.pending[0]!;
      if (head.kind === 'write' && !head.write.committed) break;
      this.pending.shift();
      if (head.kind === 'reply') head.run();
      else if (head.kind === 'produce') {
        const write = head.run();
        if (write) this.pending.unshift({ kind: 'write', write });
      }
    }
  }

  /** Drops writes that were never committed (the room is going away; their clients resend). */
  dropUncommitted(): void {
    for (const item of this.pending.splice(0)) if (item.kind === 'reply') item.dropped?.();
  }

  /**
   * Applies a client's awareness update, unless it would leave `session` holding more than
   * `maxBytes` of presence: then nothing of it is applied and it returns false.
   */
  applyAwareness(
    session: Session,
    update: Uint8Array,
    entries: readonly AwarenessEntry[],
    maxBytes: number,
  ): boolean {
    // The server's own state is the server's: stock clients echo it back (same clock, ignored
    // anyway), and a client must not overwrite it or pass off a state of its own as it.
    const allowed = entries.filter(
      (entry) => entry.clientId !== this.awareness.clientID && !isRoomVersionsState(entry.state),
    );
    if (allowed.length === 0) return true;
    if (allowed.length !== entries.length) {
      update = encodeAwarenessEntries(allowed);
      entries = allowed;
    }
    // A client id belongs to the connection that last changed its state: when that connection
    // goes, the state goes. Not to every connection that mentions it: stock clients echo the
    // states they receive back to the server, and a client that reconnected before the server
    // noticed its old connection died must not vanish when the old one is finally dropped.
    // "Changed" is y-protocols' own rule (applyAwarenessUpdate): a newer clock, or a removal at
    // the same clock.
    // Per client id, the last entry that changes it.
    const changed = new Map<number, AwarenessEntry>();
    for (const entry of entries) {
      const current =
        changed.get(entry.clientId)?.clock ?? this.awareness.meta.get(entry.clientId)?.clock ?? 0;
      const removal = entry.state === null && this.awareness.states.has(entry.clientId);
      if (current < entry.clock || (current === entry.clock && removal)) {
        changed.set(entry.clientId, entry);
      }
    }
    if (this.presenceBytesAfter(session, changed) > maxBytes) return false;
    applyAwarenessUpdate(this.awareness, update, session);
    for (const { clientId, state, bytes } of changed.values()) {
      if (state === null) this.awarenessOwners.delete(clientId);
      else this.awarenessOwners.set(clientId, { session, bytes });
    }
    return true;
  }

  /** The presence `session` would hold with `changed` applied (the states it would own). */
  private presenceBytesAfter(
    session: Session,
    changed: ReadonlyMap<number, AwarenessEntry>,
  ): number {
    let bytes = 0;
    for (const [clientId, owner] of this.awarenessOwners)
      if (owner.session === session && !changed.has(clientId)) bytes += owner.bytes;
    for (const entry of changed.values()) if (entry.state !== null) bytes += entry.bytes;
    return bytes;
  }

  awarenessOfAll(): Uint8Array | undefined {
    const states = [...this.awareness.getStates().keys()];
    return states.length > 0
      ? awarenessMessage(encodeAwarenessUpdate(this.awareness, states))
      : undefined;
  }

  destroy(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.awarenessFlush) clearImmediate(this.awarenessFlush);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /**
   * Presence changes are sent once per tick and room, like updates: under load a tick gathers
   * many heartbeats into one frame per client, and edits received in the same tick are not kept
   * waiting behind a broadcast per heartbeat. A lone origin is spared its own echo.
   */
  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    for (const clientId of removed) this.awarenessOwners.delete(clientId);
    for (const clientId of [...added, ...updated, ...removed]) this.awarenessChanged.add(clientId);
    this.awarenessOrigins.add(
      this.sessions.has(origin as Session) ? (origin as Session) : undefined,
    );
    this.awarenessFlush ??= setImmediate(this.flushAwareness);
  };

  private readonly awarenessChanged = new Set<number>();
  private readonly awarenessOrigins = new Set<Session | undefined>();
  private awarenessFlush: NodeJS.Immediate | undefined;

  /** Sends the presence changes gathered this tick now, ahead of what is sent next. */
  readonly flushAwareness = (): void => {
    if (this.awarenessFlush) clearImmediate(this.awarenessFlush);
    this.awarenessFlush = undefined;
    const changed = [...this.awarenessChanged];
    this.awarenessChanged.clear();
    const only = this.awarenessOrigins.size === 1 ? [...this.awarenessOrigins][0] : undefined;
    this.awarenessOrigins.clear();
    if (changed.length === 0) return;
    const message = awarenessMessage(encodeAwarenessUpdate(this.awareness, changed));
    for (const session of this.sessions) if (session !== only) session.send(message);
  };
}

export class UnappliableWrite extends Error {
  override name = 'UnappliableWrite';
  constructor(
    readonly write: Write,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}
