import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { KeyCheck } from './launch-key.js';

/*
 * The host's refusals, as plain text with the security headers: on an HTTP answer, and on a
 * socket whose WebSocket upgrade is refused (no WebSocket is ever made for it).
 */

/** What a refused page says: a person reads it in the browser. */
export const REFUSAL_TEXTS = {
  missingKey:
    "Switchboard: open the address that `switchboard serve` printed: it carries this launch's key.",
  wrongKey:
    "Switchboard: this key is not this launch's (was Switchboard restarted?): open the address that `switchboard serve` printed last.",
} as const;

/** A request whose key did not pass: 401 without one, 403 with a wrong one; else undefined. */
export function keyRefusal(check: KeyCheck): { status: 401 | 403; text: string } | undefined {
  if (check === 'missing') return { status: 401, text: REFUSAL_TEXTS.missingKey };
  if (check === 'wrong') return { status: 403, text: REFUSAL_TEXTS.wrongKey };
  return undefined;
}

function refusal(status: number, text: string, headers: Record<string, string>) {
  const body = `${text}\n`;
  return {
    body,
    headers: {
      ...headers,
      // RFC 9110 §11.6.1: a 401 says how to authenticate (the key, as a bearer token).
      ...(status === 401 ? { 'www-authenticate': 'Bearer realm="switchboard"' } : {}),
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'cache-control': 'no-store',
    },
  };
}

export function refuseRequest(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  const answer = refusal(status, text, headers);
  response.writeHead(status, answer.headers);
  response.end(answer.body);
}

/** How long a refused socket may take to close its side before it is cut. */
const REFUSAL_LINGER_MS = 2000;

export function refuseUpgrade(
  socket: Duplex,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  const answer = refusal(status, text, { ...headers, connection: 'close' });
  const lines = Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}`);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('\r\n')}\r\n\r\n${answer.body}`,
  );
  // Past its upgrade request a socket is no longer under the HTTP server's timeouts.
  setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS).unref();
}
