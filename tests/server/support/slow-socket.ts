import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/*
 * A socket to the sync server that never completes its WebSocket upgrade (a slowloris): it
 * sends part of a request head, or nothing, and records what the server answers.
 */

export interface SlowSocket {
  socket: Socket;
  /** Everything the server sent, as text. */
  received(): string;
  /** Resolves once the server closed it (or it failed). */
  closed: Promise<void>;
  isClosed(): boolean;
}

/**
 * Connects to the host and port of `url` (TCP; `tls: true` also completes a TLS handshake, with
 * any certificate) and writes `send`, if given. `holdOpen`: when the server ends its side, this
 * one stays open (a well-behaved client closes too).
 */
export async function openSlowSocket(
  url: string,
  options: { send?: string; tls?: boolean; localAddress?: string; holdOpen?: boolean } = {},
): Promise<SlowSocket> {
  const { hostname, port } = new URL(url);
  const endpoint = {
    host: hostname,
    port: Number(port),
    localAddress: options.localAddress,
    allowHalfOpen: options.holdOpen ?? false,
  };
  const socket: Socket = options.tls
    ? connectTls({ ...endpoint, rejectUnauthorized: false })
    : connectTcp(endpoint);
  let received = '';
  let isClosed = false;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      isClosed = true;
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve());
    socket.once('close', () => reject(new Error(`${url}: closed before connecting`)));
  });
  if (options.send !== undefined) socket.write(options.send);
  return { socket, received: () => received, closed, isClosed: () => isClosed };
}

/** The start of an upgrade request, its head never finished. */
export const partialUpgradeHead = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`;

/** A whole upgrade request head (RFC 6455 §4.1). */
export const upgradeHead = (path: string) =>
  `${partialUpgradeHead(path)}Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;

/**
 * Whether the server let go of the socket within `ms`. A socket that holds its side open learns
 * it only by writing: once the server's socket is gone, its system answers with a reset.
 */
export async function serverLetGo(slow: SlowSocket, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!slow.isClosed() && Date.now() < deadline) {
    if (!slow.socket.destroyed && slow.socket.writable) slow.socket.write('\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return slow.isClosed();
}
