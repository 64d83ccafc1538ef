import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { isUserError, UserError } from '../../errors.js';

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

/**
 * One workspace document kept in sync with the team's server over the y-websocket protocol:
 * the stock client (WebsocketProvider, with `ws` since Node 20 has no WebSocket, and no
 * BroadcastChannel), reconnecting with exponential backoff on its own.
 *
 * It also knows when the server holds everything this replica has: the server answers every
 * sync step 1 with its own step 1 (its state vector, reflecting only persisted updates; see
 * src/server), which `confirmed()` compares with the local one. That is how a CLI command knows
 * it may say "done" rather than "queued".
 */
export class RoomLink {
  readonly provider: WebsocketProvider;
  private serverState: Map<number, number> | undefined;
  private readonly stateWaiters = new Set<() => void>();
  private refused: UserError | undefined;
  /** Failed connection attempts since the last successful one. */
  private failures = 0;
  private destroyed = false;
  private everConnected = false;

  constructor(
    server: TeamServer,
    readonly room: string,
    readonly doc: Y.Doc,
    options: { maxBackoffMs?: number } = {},
  ) {
    countLink(1);
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
        this.everConnected = true;
      }
    });
    this.provider.on('connection-close', () => {
      if (!this.provider.wsconnected) this.failures += 1;
      this.wake();
    });
    this.provider.on('connection-error', (event) => {
      this.failures += 1;
      // The upgrade was refused with 401/403: no retry will fix the token.
      const message = (event as unknown as { message?: string }).message ?? '';
      if (/\b40[13]\b/.test(message)) {
        this.refused = new UserError(
          'token-refused',
          `the team server refused this app's token (${message.replace(/^.*response:\s*/, 'HTTP ')})`,
        );
        this.provider.disconnect();
        this.wake();
      }
    });
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
   * connection.
   */
  async confirmed(timeoutMs: number): Promise<boolean> {
    if (this.covered()) return true;
    try {
      await this.until(() => this.provider.synced, timeoutMs);
      this.requestServerState();
      await this.until(() => this.covered(), timeoutMs);
      return true;
    } catch (error) {
      if (isUserError(error, 'unreachable')) return false;
      throw error;
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.provider.destroy();
    countLink(-1);
    this.wake();
  }

  /** Sends a sync step 1; the server replies with what we lack and with its state vector. */
  private requestServerState(): void {
    const ws = this.provider.ws;
    if (!ws || !this.provider.wsconnected) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    ws.send(encoding.toUint8Array(encoder));
  }

  private peekServerState(decoder: decoding.Decoder): void {
    const peek = decoding.clone(decoder);
    if (decoding.readVarUint(peek) !== syncProtocol.messageYjsSyncStep1) return;
    this.serverState = Y.decodeStateVector(decoding.readVarUint8Array(peek));
    this.wake();
  }

  private covered(): boolean {
    const server = this.serverState;
    if (!server) return false;
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.doc))) {
      if ((server.get(client) ?? 0) < clock) return false;
    }
    return true;
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
        // Refused twice in a row before ever getting through: down, not slow. Say so now
        // rather than at the deadline (the retries go on in the background).
        if (!this.everConnected && this.failures >= 2) {
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
