import {
  createServer as createHttpServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { UpgradeDecision } from './access/authorize-upgrade.js';
import { WHOAMI_PREFIX, type WhoamiAnswer } from './access/whoami.js';
import { CLOSE_CODES, UPGRADE_REFUSALS } from './close-codes.js';
import type { Peer } from './peer.js';
import { addressKey, PendingSockets } from './pending-sockets.js';
import type { Session } from './session.js';
import type { SyncHub } from './sync-hub.js';

export interface TransportOptions {
  hub: SyncHub;
  /** Decides an upgrade from its raw URL and Authorization header, before it is accepted. */
  authorize: (url: string, authorization: string | undefined) => UpgradeDecision;
  /** Answers `GET /_whoami/<workspaceId>` (access/whoami.ts). */
  whoami?: (url: string, authorization: string | undefined) => WhoamiAnswer;
  host: string;
  port: number;
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  /** ws `maxPayload`: a larger frame is refused while it is read, with 1009. */
  maxMessageBytes: number;
  /** A connection that has not answered the previous ping when the next one is due is dropped. */
  pingIntervalMs: number;
  /** A client with more than this waiting to be sent to it is closed (SLOW_CONSUMER). */
  maxBufferedBytes: number;
  /** See Quotas (quotas.ts). */
  pendingSocketsPerAddress: number;
  upgradeTimeoutMs: number;
  log: (line: string) => void;
}

export interface Transport {
  port: number;
  url: string;
  /** Stops accepting; waits for the sockets the hub closed, dropping those that linger. */
  close(): Promise<void>;
}

/**
 * The thin socket side of the server (the hub has the logic): HTTP(S) upgrades authorized before
 * any WebSocket exists, frames handed to the hub, pings. Refused upgrades get a plain HTTP answer
 * and no WebSocket, so no document byte ever reaches them.
 */
export async function listenWebSocket(options: TransportOptions): Promise<Transport> {
  const { hub, log } = options;
  // Node's own timeouts close a socket whose request head is not complete in time, with a 408;
  // an upgrade request is a request until its head is complete, and so is a TLS socket once its
  // handshake is done (`handshakeTimeout` bounds the handshake). The default check runs every
  // 30 s on a 60 s limit: a slowloris held its sockets for 70 s.
  const timeouts = {
    headersTimeout: options.upgradeTimeoutMs,
    requestTimeout: options.upgradeTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.max(50, options.upgradeTimeoutMs / 4)),
  };
  const server: Server = options.tls
    ? createHttpsServer({
        cert: options.tls.cert,
        key: options.tls.key,
        handshakeTimeout: options.upgradeTimeoutMs,
        ...timeouts,
      })
    : createHttpServer(timeouts);
  const pending = new PendingSockets(options.pendingSocketsPerAddress);
  /** Sockets refused at their connection: whatever they send next is not answered. */
  const refused = new WeakSet<object>();
  /** Addresses whose refusal was logged, until their count falls back: one line per flood. */
  const flooding = new Set<string>();
  // perMessageDeflate stays off: inflating hostile frames costs CPU and memory before any check.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes,
    perMessageDeflate: false,
  });
  const connections = new Map<WebSocket, { alive: boolean; label: string }>();

  // The TCP connection, before any TLS or HTTP (listeners of the http server run first: its
  // parser is attached, and ignored for a refused socket).
  server.on('connection', (socket: Socket) => {
    const address = addressKey(socket.remoteAddress);
    if (pending.admit(socket)) {
      flooding.delete(address);
      return;
    }
    refused.add(socket);
    if (!flooding.has(address)) {
      flooding.add(address);
      log(
        `refusing sockets of ${address}: ${options.pendingSocketsPerAddress} have not completed their upgrade`,
      );
    }
    // Over TLS nothing can be said before a handshake, and sparing the handshake is the point.
    if (options.tls) socket.destroy();
    else
      refuse(socket, UPGRADE_REFUSALS.TOO_MANY_PENDING_SOCKETS, 'too many pending connections', [
        `Retry-After: ${Math.ceil(options.upgradeTimeoutMs / 1000)}`,
      ]);
  });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (refused.has(request.socket)) {
      request.socket.destroy();
      return;
    }
    if (options.whoami && request.method === 'GET' && request.url?.startsWith(WHOAMI_PREFIX)) {
      let answer: WhoamiAnswer;
      try {
        answer = options.whoami(request.url, request.headers.authorization);
      } catch {
        answer = { status: 503, body: { error: 'try again later' } };
      }
      response.writeHead(answer.status, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      response.end(JSON.stringify(answer.body));
      return;
    }
    // A health check for load balancers and reverse proxies; everything else is WebSocket.
    const healthy = request.url === '/healthz';
    response.writeHead(healthy ? 200 : 426, {
      'content-type': 'text/plain; charset=utf-8',
      ...(healthy ? {} : { upgrade: 'websocket' }),
    });
    response.end(
      healthy
        ? 'ok\n'
        : 'Switchboard sync server: connect with a WebSocket (y-websocket protocol)\n',
    );
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (refused.has(socket)) {
      socket.destroy();
      return;
    }
    const label = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    const url = request.url ?? '/';
    let decision: UpgradeDecision;
    try {
      decision = options.authorize(url, request.headers.authorization);
    } catch (error) {
      log(
        `refused ${label}: cannot check access: ${error instanceof Error ? error.message : String(error)}`,
      );
      refuse(socket, 503, 'try again later');
      return;
    }
    if (!decision.ok) {
      // The path without its query: the token must never reach a log.
      log(`refused ${label} ${url.split('?')[0]}: ${decision.status} ${decision.reason}`);
      refuse(socket, decision.status, decision.reason);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      pending.upgraded(request.socket);
      connections.set(ws, { alive: true, label });
      let session: Session | undefined = undefined;
      const peer: Peer = {
        label,
        send(message) {
          if (ws.readyState !== WebSocket.OPEN) return;
          if (ws.bufferedAmount > options.maxBufferedBytes) {
            if (session)
              hub.closeSession(
                session,
                CLOSE_CODES.SLOW_CONSUMER,
                'too much unread data, reconnect',
              );
            return;
          }
          ws.send(message);
        },
        close(code, reason) {
          ws.close(code, closeReason(reason));
          // A peer that does not complete the closing handshake is cut off.
          setTimeout(() => ws.terminate(), 2000).unref();
        },
      };
      session = hub.join(peer, decision.room, decision.principal);
      const joined = session;
      ws.on('message', (data: RawData, isBinary: boolean) =>
        hub.receive(joined, bytesOf(data), isBinary),
      );
      ws.on('pong', () => {
        const state = connections.get(ws);
        if (state) state.alive = true;
      });
      ws.on('error', (error: Error) => log(`connection ${label}: ${error.message}`));
      ws.on('close', () => {
        connections.delete(ws);
        hub.disconnected(joined);
      });
    });
  });

  // One timer for every connection (cheaper than one each). ws answers pings by itself, so
  // only a dead or stuck client fails to pong; it gets no close frame (it would not read it),
  // its socket is destroyed and the hub drops its presence.
  const pinger = setInterval(() => {
    for (const [ws, state] of connections) {
      if (!state.alive) {
        log(
          `dropping ${state.label}: no answer to the last ping within ${options.pingIntervalMs} ms`,
        );
        connections.delete(ws);
        ws.terminate();
        continue;
      }
      state.alive = false;
      ws.ping();
    }
  }, options.pingIntervalMs);
  pinger.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the server has no TCP address');
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    port: address.port,
    url: `${options.tls ? 'wss' : 'ws'}://${host}:${address.port}`,
    async close() {
      clearInterval(pinger);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + 2000;
      while (connections.size > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      for (const ws of connections.keys()) ws.terminate();
      server.closeAllConnections();
      pending.destroyAll();
      await closed;
    },
  };
}

const REFUSAL_LINGER_MS = 2000;

function refuse(socket: Duplex, status: number, reason: string, extraHeaders: string[] = []): void {
  const body = `${reason}\n`;
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    // RFC 6750 §3: how to authenticate, on a 401.
    ...(status === 401 ? ['WWW-Authenticate: Bearer realm="switchboard"'] : []),
    ...extraHeaders,
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
  // Past its upgrade, a socket is no longer under the http server's timeouts: one that does
  // not close its side is not kept.
  setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS).unref();
}

/** RFC 6455 §5.5: a close frame's payload is at most 125 bytes, 2 of them the code. */
function closeReason(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8');
  return bytes.length <= 123
    ? reason
    : bytes
        .subarray(0, 120)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
}

function bytesOf(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
