import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { WebSocket, type ClientOptions, type RawData } from 'ws';
import { until } from '../../helpers/wait.js';

/*
 * Clients of the browser host as a browser is one, written out here rather than imported from
 * src/host: the wire protocol (`switchboard.v1`, `{id, method, params}` → `{id, ok, result|error}`,
 * `{event}`) is a contract, and a change to it must fail these tests, not follow along.
 */

export const PROTOCOL = 'switchboard.v1';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP request, its path sent exactly as given (no URL normalization: `/../x` goes out as
 * `/../x`, as a hostile client sends it).
 */
export function fetchRaw(
  origin: string,
  path: string,
  options: { headers?: Record<string, string>; ca?: Buffer; method?: string } = {},
): Promise<RawResponse> {
  const url = new URL(origin);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        ...(options.ca ? { ca: options.ca } : {}),
        agent: false,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** The cookie a `?key=` visit sets, as `name=value` for a Cookie header. */
export function cookieOf(response: RawResponse): string {
  const set = response.headers['set-cookie']?.[0];
  if (!set) throw new Error(`no Set-Cookie in a ${response.status} answer`);
  return set.split(';')[0]!;
}

/**
 * Where the page answering a `?key=` visit moves on to: its meta refresh's URL (a page's own
 * navigation, unlike a redirect, keeps a SameSite=Strict cookie when another site linked to it).
 */
export function landingTarget(response: RawResponse): string | undefined {
  const match = /<meta http-equiv="refresh" content="0; url=([^"]*)">/.exec(response.body);
  return match?.[1]?.replace(/&amp;/g, '&');
}

export interface SocketOptions {
  cookie?: string;
  /** The page's origin; null sends none. */
  origin: string | null;
  protocols?: string[];
  ca?: Buffer;
  headers?: Record<string, string>;
}

function clientOptions(options: SocketOptions): ClientOptions {
  return {
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    ...(options.origin === null ? {} : { origin: options.origin }),
    ...(options.ca ? { ca: options.ca } : {}),
  };
}

/** What the host answers a WebSocket upgrade: 101, or its refusal's status and text. */
export function upgradeStatus(
  socketUrl: string,
  options: SocketOptions,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(socketUrl, options.protocols ?? [PROTOCOL], clientOptions(options));
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    ws.on('error', (error) => {
      // After an unexpected response ws reports an error too; the status is the answer.
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

export type Answer =
  | { id: number; ok: true; result: unknown }
  | { id: number | null; ok: false; error: { code: string; message: string; field?: string } };

export interface EventFrame {
  event: { type: string } & Record<string, unknown>;
}

/** An open connection to the host, speaking the wire protocol. */
export class TestSocket {
  /** Every frame received, parsed, in order. */
  readonly frames: unknown[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: RawData) =>
      this.frames.push(JSON.parse((data as Buffer).toString('utf8')) as unknown),
    );
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static open(socketUrl: string, options: SocketOptions): Promise<TestSocket> {
    const ws = new WebSocket(socketUrl, options.protocols ?? [PROTOCOL], clientOptions(options));
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestSocket(ws)));
      ws.once('error', reject);
    });
  }

  /** Sends a call and waits for the answer carrying its id. */
  async call(method: string, params?: unknown): Promise<Answer> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, ...(params === undefined ? {} : { params }) }));
    return this.answer(id);
  }

  answer(id: number | null): Promise<Answer> {
    return until(`the answer to call ${id}`, () =>
      this.frames.find(
        (frame): frame is Answer =>
          (frame as Partial<Answer>).id === id && 'ok' in (frame as object),
      ),
    );
  }

  /** Waits for an event frame of this type (one received before counts). */
  event(type: string): Promise<EventFrame['event']> {
    return until(`a ${type} event`, () =>
      this.frames
        .map((frame) => (frame as Partial<EventFrame>).event)
        .find((event) => event?.type === type),
    );
  }

  close(): void {
    this.ws.close();
  }
}
