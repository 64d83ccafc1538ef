import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket, type ClientOptions } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { until } from '../../helpers/wait.js';

/*
 * Clients for the server tests: the stock y-websocket provider (over `ws`: Node 20 has no global
 * WebSocket), and a raw socket for what the provider would never send.
 */

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close codes the server sent, in order. */
  closes: number[];
  destroy(): void;
}

const clients = new Set<Client>();

/** A stock client of `room` (`<workspaceId>` or `<workspaceId>/<name>`). */
export function connectClient(
  url: string,
  room: string,
  token: string,
  options: {
    doc?: Y.Doc;
    polyfill?: new (url: string, protocols?: string | string[]) => WebSocket;
  } = {},
): Client {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, {
    params: { token },
    WebSocketPolyfill: (options.polyfill ?? WebSocket) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const closes: number[] = [];
  // CloseEvent is a DOM type (not in this project's libs): only its code is read.
  provider.on('connection-close', (event: unknown) => {
    if (event) closes.push((event as { code: number }).code);
  });
  const client: Client = {
    doc,
    provider,
    closes,
    destroy() {
      clients.delete(client);
      provider.destroy();
      doc.destroy();
    },
  };
  clients.add(client);
  return client;
}

/** Destroys every client still open (afterEach). */
export function destroyClients(): void {
  for (const client of [...clients]) client.destroy();
}

export async function waitSynced(client: Client, ms = 10_000): Promise<void> {
  await until('the client to sync', () => client.provider.synced, ms);
}

/**
 * The ack trick, seen from a stock client: after our step 1 the server answers with a step 2 and
 * its own step 1, sent only once everything we sent before is stored. This watches the server's
 * step 1 messages as they reach the provider, and `ack()` asks for one and waits until the
 * server's state vector covers everything the client had when it asked.
 */
export class AckTracker {
  /** The server's state vector, from its latest step 1. */
  serverState = new Map<number, number>();

  constructor(private readonly client: Client) {
    const provider = client.provider;
    const original = provider.messageHandlers[0]!;
    provider.messageHandlers[0] = (encoder, decoder, ...rest) => {
      const peek = decoding.createDecoder(decoder.arr.subarray(decoder.pos));
      if (decoding.readVarUint(peek) === 0)
        this.serverState = Y.decodeStateVector(decoding.readVarUint8Array(peek));
      original(encoder, decoder, ...rest);
    };
  }

  /** Whether the server's last step 1 covers `state`. */
  covers(state: Map<number, number>): boolean {
    for (const [client, clock] of state)
      if ((this.serverState.get(client) ?? 0) < clock) return false;
    return true;
  }

  /** Sends a step 1 on the provider's socket (now) and resolves once the server holds `state`. */
  async ack(ms = 10_000): Promise<Map<number, number>> {
    const state = Y.decodeStateVector(Y.encodeStateVector(this.client.doc));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint8Array(encoder, Y.encodeStateVector(this.client.doc));
    const ws = this.client.provider.ws;
    if (!ws) throw new Error('the provider is not connected');
    ws.send(encoding.toUint8Array(encoder));
    await until('the server to acknowledge', () => this.covers(state), ms);
    return state;
  }
}

export interface RawClient {
  ws: WebSocket;
  messages: Uint8Array[];
  /** 'open', or the HTTP status of a refused upgrade. */
  upgrade: Promise<'open' | number>;
  closed: Promise<{ code: number; reason: string }>;
}

/** A bare `ws` socket to a path of the server (token as the provider sends it). */
export function rawClient(
  url: string,
  path: string,
  token?: string,
  options: ClientOptions = {},
): RawClient {
  const ws = new WebSocket(
    `${url}${path}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`,
    options,
  );
  const messages: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  ws.on('error', () => {});
  const upgrade = new Promise<'open' | number>((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      ws.terminate();
    });
    ws.once('close', () => resolve(0));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { ws, messages, upgrade, closed };
}

/** An update message (sync, type 2) carrying `update`. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
