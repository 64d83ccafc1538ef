import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { UserError, type Dispatcher } from '../app/index.js';
import { DEFAULT_HOST, exposureOf, type Exposure } from './exposure.js';
import { checkKey, keyCookie, newLaunchKey, type LaunchKey } from './launch-key.js';
import { sendKeyLanding } from './key-landing.js';
import { keyRefusal, refuseRequest, refuseUpgrade } from './refusals.js';
import { securityHeaders } from './security-headers.js';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './socket-connection.js';
import { SocketEndpoint } from './socket-endpoint.js';
import { pathSegments, staticFiles } from './static-files.js';
import { SOCKET_PATH, WIRE_PROTOCOL } from './wire-protocol.js';

/** `switchboard serve`'s port unless told: fixed, so a bookmark of the app keeps working. */
export const DEFAULT_PORT = 4780;

export interface HostOptions {
  dispatcher: Dispatcher;
  /** The built renderer (dist/renderer), served as it is. */
  staticDir: string;
  /** 127.0.0.1 unless given; another address needs `tls` or `insecurePublic` (exposure.ts). */
  host?: string;
  /** 0: any free port. */
  port?: number;
  /** PEM certificate chain and key: https and wss. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  insecurePublic?: boolean;
  /** This launch's key; a fresh one unless given (a test restarting a host keeps its key). */
  key?: LaunchKey;
  limits?: Partial<SocketLimits>;
  log: (line: string) => void;
}

export interface BrowserHost {
  /** The URL to open: the page, with the launch key. */
  url: string;
  port: number;
  exposure: Exposure;
  /** Closes every page's connection (1001), then the server. */
  close(): Promise<void>;
}

/** A request head taking longer than this is answered 408 and dropped (slow clients). */
const REQUEST_HEAD_MS = 10_000;

/**
 * The browser host: the built renderer and the app's contract over one WebSocket, for whoever
 * holds this launch's key, and for nobody else.
 */
export async function startHost(options: HostOptions): Promise<BrowserHost> {
  const host = options.host ?? DEFAULT_HOST;
  const secure = options.tls !== undefined;
  const exposure = exposureOf(host, {
    tls: secure,
    insecurePublic: options.insecurePublic === true,
  });
  const files = staticFiles(options.staticDir);
  const key = options.key ?? newLaunchKey();
  const limits = { ...DEFAULT_SOCKET_LIMITS, ...options.limits };
  const endpoint = new SocketEndpoint(options.dispatcher, limits, options.log);
  const timeouts = { headersTimeout: REQUEST_HEAD_MS, requestTimeout: REQUEST_HEAD_MS };
  const server: Server = options.tls
    ? createHttpsServer({ ...options.tls, handshakeTimeout: REQUEST_HEAD_MS, ...timeouts })
    : createHttpServer(timeouts);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let port = options.port ?? DEFAULT_PORT;

  /** The page's origin as its Host header says (what a browser's Origin must then be). */
  function hostOf(request: IncomingMessage): string {
    const header = request.headers.host?.toLowerCase();
    return header && /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/.test(header)
      ? header
      : `${urlHost}:${port}`;
  }
  const headersFor = (request: IncomingMessage) =>
    securityHeaders(`${secure ? 'wss' : 'ws'}://${hostOf(request)}`);

  async function onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const headers = headersFor(request);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      refuseRequest(response, 405, 'Switchboard: GET only', { ...headers, allow: 'GET, HEAD' });
      return;
    }
    const { path, query } = splitTarget(request.url);
    const check = checkKey(key, request, query, port);
    const refused = keyRefusal(check);
    if (refused) {
      refuseRequest(response, refused.status, refused.text, headers);
      return;
    }
    if (check === 'granted-in-url') {
      // The key goes into the cookie and out of the address bar, the history and any bookmark.
      query.delete('key');
      const rest = query.toString();
      sendKeyLanding(response, `${plainPath(path) ? path : '/'}${rest ? `?${rest}` : ''}`, {
        ...headers,
        'set-cookie': keyCookie(key, port, secure),
      });
      return;
    }
    if (path === SOCKET_PATH) {
      refuseRequest(response, 426, `Switchboard: ${SOCKET_PATH} is a WebSocket`, {
        ...headers,
        upgrade: 'websocket',
      });
      return;
    }
    await files.serve(request, response, path, headers);
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const headers = headersFor(request);
    const { path, query } = splitTarget(request.url);
    if (path !== SOCKET_PATH) {
      refuseUpgrade(socket, 404, `Switchboard: the WebSocket is ${SOCKET_PATH}`, headers);
      return;
    }
    const refused = keyRefusal(checkKey(key, request, query, port));
    if (refused) {
      refuseUpgrade(socket, refused.status, refused.text, headers);
      return;
    }
    // A browser always says which page opens a WebSocket (RFC 6455 §10.2), and lets no page set
    // it: another site's page, even one holding the key, is refused here.
    if (
      request.headers.origin?.toLowerCase() !== `${secure ? 'https' : 'http'}://${hostOf(request)}`
    ) {
      refuseUpgrade(socket, 403, "Switchboard: this page is not Switchboard's own", headers);
      return;
    }
    const offered = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((name) => name.trim());
    if (!offered.includes(WIRE_PROTOCOL)) {
      refuseUpgrade(
        socket,
        400,
        `Switchboard: the page must speak ${WIRE_PROTOCOL} (reload it)`,
        headers,
      );
      return;
    }
    const label = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    endpoint.accept(request, socket, head, label);
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    onRequest(request, response).catch((error: unknown) => {
      options.log(
        `${request.method} ${splitTarget(request.url).path}: ${(error as Error).message}`,
      );
      response.destroy();
    });
  });
  server.on('upgrade', onUpgrade);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await endpoint.close();
    throw listenError(error, host, port);
  }
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the host has no TCP address');
  port = address.port;

  let closing: Promise<void> | undefined;
  return {
    url: `${secure ? 'https' : 'http'}://${urlHost}:${port}/?key=${key.value}`,
    port,
    exposure,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await endpoint.close();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

/** A request target's path (still percent-encoded) and query. */
function splitTarget(target: string | undefined): { path: string; query: URLSearchParams } {
  const url = target ?? '/';
  const at = url.indexOf('?');
  return at < 0
    ? { path: url, query: new URLSearchParams() }
    : { path: url.slice(0, at), query: new URLSearchParams(url.slice(at + 1)) };
}

/** A path a browser reads as this site's (`//evil.example` would be another host). */
const plainPath = (path: string) => !path.startsWith('//') && pathSegments(path) !== undefined;

function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new UserError(
      'conflict',
      `port ${port} on ${host} is in use (another switchboard serve?): choose another with --port N, or --port 0 for any free one`,
    );
  if (code === 'EADDRNOTAVAIL' || code === 'EACCES' || code === 'ENOTFOUND')
    return new UserError('invalid', `cannot listen on ${host}:${port} (${code})`);
  return error;
}
