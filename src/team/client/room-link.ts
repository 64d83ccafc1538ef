import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { isUserError, UserError } from '../../errors.js';
import { CLOSE_CODES } from '../../server/close-codes.js';

/** y-websocket message types (https://github.com/yjs/y-websocket, y-protocols/PROTOCOL.md). */
const MESSAGE_SYNC = 0;

/** Where the team's sync server is, and who this app is there. */
export interface TeamServer {
  /** ws:// or wss:// base URL, e.g. ws://127.0.0.1:4455 (rooms are appended as paths). */
  url: string;
  token: string;
}

export type LinkStatus = 'connecting' | 'connected' | 'disconnected';

/**
 * A link's connection as an app shows it: `online`; `offline` (lost, or an attempt failed; the
 * link keeps trying); `token-refused` (for good: no retry will fix the token).
 */
export type ConnectionState = 'online' | 'offline' | 'token-refused';

/**
 * The stock provider adds a process 'exit' listener each (to withdraw its presence on exit);
 * a workspace syncs dozens of rooms at once, which is not the leak Node warns about past 10.
 */
let openLinks = 0;
const DEFAULT_MAX_LISTENERS = 10;
function countLink(delta: 1 | -1): void {
  openLinks += delta;
  // 0 means unlimited: leave it so.
  if (process.getMaxListeners() !== 0) process.setMaxListeners(DEFAULT_MAX_LISTENERS + openLinks);
}

/** What the replica holds of the room that the server has not confirmed (see ReplicaStore). */
export interface PendingRows {
  /** The rows pending now… */
  snapshot(): number[];
  /** …which the server, asked after they were sent, said it holds. */
  confirm(rows: number[]): void;
}

/** One of our sync step 1s, sent to learn what the server holds; answered in order. */
interface Question {
  /** `localUpdates` when it was asked. */
  updates: number;
  stateVector: Uint8Array;
  rows: number[];
}

/**
 * One workspace document kept in sync with the team's server over the y-websocket protocol:
 * the stock client (WebsocketProvider, with `ws` since Node 20 has no WebSocket, and no
 * BroadcastChannel), reconnecting with exponential backoff on its own.
 *
 * It also knows when the server holds everything this replica has. The server answers every
 * sync step 1 with a step 2 and then its own step 1 (its state vector, reflecting only persisted
 * updates, once the updates the client sent before are stored; see src/server). `confirmed()`
 * asks (a step 1 of ours, sent once every local update is on the wire) and compares the answer
 * with the state vector it had when asking. Asking matters: a change that only deletes (a tag
 * removed) leaves the state vector as it was, so comparing the vectors of the moment would call
 * it confirmed before the server has it. That is how a CLI command knows it may say "done"
 * rather than "queued", and how the replica learns which of its rows the server holds.
 */
export class RoomLink {
  readonly provider: WebsocketProvider;
  private readonly stateWaiters = new Set<() => void>();
  /**
   * Local updates of the document (made here, or stored by another process of this data
   * directory: the provider sends both). 1 to begin with: what the replica loaded may hold
   * changes the server never confirmed.
   */
  private localUpdates = 1;
  /** `localUpdates` when the server last confirmed holding everything. */
  private confirmedUpdates = 0;
  /** Our step 1s on this connection not answered yet, oldest first. */
  private questions: Question[] = [];
  /** Answers on this connection to step 1s not ours (the provider's, sent on connecting). */
  private othersAnswers = 0;
  /** The type of the last sync message received: a step 1 right after a step 2 is an answer. */
  private lastSyncType: number | undefined;
  /** Connections so far, and `localUpdates` last asked about on the current one. */
  private connections = 0;
  private askedAt: { connection: number; updates: number } | undefined;
  private readonly onLocalUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin !== this.provider) this.localUpdates += 1;
  };
  private refused: UserError | undefined;
  private readonly pending: PendingRows | undefined;
  /** Failed connection attempts since the last successful one. */
  private failures = 0;
  private destroyed = false;
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();

  constructor(
    server: TeamServer,
    readonly room: string,
    readonly doc: Y.Doc,
    options: {
      maxBackoffMs?: number;
      pending?: PendingRows;
      /** Called once the server refused this app's token. */
      onRefused?: (refusal: UserError) => void;
    } = {},
  ) {
    countLink(1);
    this.pending = options.pending;
    doc.on('update', this.onLocalUpdate);
    this.provider = new WebsocketProvider(server.url, room, doc, {
      params: { token: server.token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: options.maxBackoffMs ?? 10_000,
    });
    const handleSync = this.provider.messageHandlers[MESSAGE_SYNC]!;
    this.provider.messageHandlers[MESSAGE_SYNC] = (
      encoder,
      decoder,
      provider,
      emitSynced,
      messageType,
    ) => {
      this.peekServerState(decoder);
      handleSync(encoder, decoder, provider, emitSynced, messageType);
    };
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') {
        this.failures = 0;
        // The provider asks with a step 1 of its own on connecting: its answer comes first.
        this.connections += 1;
        this.questions = [];
        this.othersAnswers = 1;
        this.lastSyncType = undefined;
        this.tell('online');
      }
    });
    this.provider.on('connection-close', (event) => {
      if (!this.provider.wsconnected) this.failures += 1;
      this.questions = [];
      // Revoked while connected: the server closes with 4401, and the stock client stops.
      const code = (event as { code?: number } | null)?.code;
      if (code === CLOSE_CODES.TOKEN_REVOKED)
        this.refuse(
          new UserError(
            'token-refused',
            "the team server refused this app's token (revoked while connected)",
          ),
          options.onRefused,
        );
      else if (!this.refused) this.tell('offline');
      this.wake();
    });
    this.provider.on('connection-error', (event) => {
      this.failures += 1;
      // The upgrade was refused with 401/403: no retry will fix the token.
      const message = (event as unknown as { message?: string }).message ?? '';
      const status = /\b(40[13])\b/.exec(message)?.[1];
      if (status) {
        // 401: unknown or revoked; 403: another workspace's (src/server/access/authorize-upgrade.ts).
        const why = status === '401' ? 'unknown or revoked' : "another workspace's token";
        this.refuse(
          new UserError(
            'token-refused',
            `the team server refused this app's token (HTTP ${status}: ${why})`,
          ),
          options.onRefused,
        );
      }
    });
  }

  /** Calls back as the connection changes (see ConnectionState); returns the unsubscribe. */
  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  /** The connection now, as `onConnection` tells it (`connecting` is not told apart from offline). */
  get connection(): ConnectionState {
    if (this.refused) return 'token-refused';
    return this.provider.wsconnected ? 'online' : 'offline';
  }

  private refuse(refusal: UserError, onRefused: ((refusal: UserError) => void) | undefined): void {
    if (this.refused) return;
    this.refused = refusal;
    this.provider.disconnect();
    onRefused?.(refusal);
    this.tell('token-refused');
    this.wake();
  }

  private tell(state: ConnectionState): void {
    if (this.destroyed) return;
    for (const listener of [...this.connectionListeners]) listener(state);
  }

  get awareness(): Awareness {
    return this.provider.awareness;
  }

  get status(): LinkStatus {
    if (this.provider.wsconnected) return 'connected';
    return this.provider.wsconnecting ? 'connecting' : 'disconnected';
  }

  /** Resolves once the first exchange with the server is done. */
  async whenSynced(timeoutMs: number): Promise<void> {
    await this.until(() => this.provider.synced, timeoutMs);
  }

  /**
   * Whether the server holds every update of this replica, asking it if needed. False when it
   * cannot tell within the time (offline): the updates stay stored locally and go at the next
   * connection. Throws `token-refused` when the server refuses this app's token.
   */
  async confirmed(timeoutMs: number): Promise<boolean> {
    try {
      await this.until(() => {
        this.askIfNeeded();
        return this.covered();
      }, timeoutMs);
      return true;
    } catch (error) {
      if (isUserError(error, 'unreachable')) return false;
      throw error;
    }
  }

  /** The server's refusal of this app's token, once it refused it. */
  get refusal(): UserError | undefined {
    return this.refused;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.doc.off('update', this.onLocalUpdate);
    this.provider.destroy();
    countLink(-1);
    this.wake();
  }

  private covered(): boolean {
    return this.confirmedUpdates >= this.localUpdates;
  }

  /**
   * Asks the server what it holds, once synced on this connection (every local update is on the
   * wire by then: sent as it was made, or in the step 2 answering the server's greeting), unless
   * a question about as many updates is out already.
   */
  private askIfNeeded(): void {
    const ws = this.provider.ws;
    if (this.covered() || !ws || !this.provider.wsconnected || !this.provider.synced) return;
    const asked = this.askedAt;
    if (asked && asked.connection === this.connections && asked.updates >= this.localUpdates)
      return;
    this.askedAt = { connection: this.connections, updates: this.localUpdates };
    this.questions.push({
      updates: this.localUpdates,
      stateVector: Y.encodeStateVector(this.doc),
      rows: this.pending?.snapshot() ?? [],
    });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    ws.send(encoding.toUint8Array(encoder));
  }

  /** Reads the server's sync messages on their way in: its answers to our questions. */
  private peekServerState(decoder: decoding.Decoder): void {
    const peek = decoding.clone(decoder);
    const type = decoding.readVarUint(peek);
    const answer =
      type === syncProtocol.messageYjsSyncStep1 &&
      this.lastSyncType === syncProtocol.messageYjsSyncStep2;
    this.lastSyncType = type;
    if (!answer) return;
    if (this.othersAnswers > 0) {
      this.othersAnswers -= 1;
      return;
    }
    const question = this.questions.shift();
    if (!question) return;
    const server = Y.decodeStateVector(decoding.readVarUint8Array(peek));
    for (const [client, clock] of Y.decodeStateVector(question.stateVector))
      if ((server.get(client) ?? 0) < clock) return this.wake();
    this.confirmedUpdates = Math.max(this.confirmedUpdates, question.updates);
    this.pending?.confirm(question.rows);
    this.wake();
  }

  private until(condition: () => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (this.refused) {
          finish();
          reject(this.refused);
          return true;
        }
        if (condition()) {
          finish();
          resolve();
          return true;
        }
        // Refused twice in a row since it last got through (or ever): down, not slow. Say so
        // now rather than at the deadline (the retries go on in the background): a running
        // app's change made with its server gone answers at once, queued.
        if (this.failures >= 2) {
          finish();
          reject(
            new UserError(
              'unreachable',
              `cannot reach the team server at ${this.provider.url.replace(/\?.*$/, '')}`,
            ),
          );
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new UserError(
            'unreachable',
            `no answer from the team server at ${this.provider.url.replace(/\?.*$/, '')} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const onChange = (): void => void check();
      const finish = (): void => {
        clearTimeout(timer);
        this.stateWaiters.delete(onChange);
        this.provider.off('sync', onChange);
      };
      if (check()) return;
      this.stateWaiters.add(onChange);
      this.provider.on('sync', onChange);
    });
  }

  private wake(): void {
    for (const waiter of [...this.stateWaiters]) waiter();
  }
}
