import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ServerEndpoint } from '../../../src/accounts/server-url.js';
import { selfSignedCert, type SelfSignedCert } from '../../helpers/self-signed-cert.js';

export const USER = 'support@acme.example';
export const PASSWORD = 'secret';

/** A message as the server received it: the bytes after un-dot-stuffing, and how it came. */
export interface Received {
  raw: Buffer;
  from: string | false;
  to: string[];
  secure: boolean;
}

export interface TestSmtpServer {
  port: number;
  /** `smtp://support@acme.example@127.0.0.1:PORT` as an endpoint, with changes. */
  endpoint(changes?: Partial<ServerEndpoint>): ServerEndpoint;
  /** What happened, in order: `mail <from>`, `rcpt <to>`, `data` (message started), `close`. */
  events: string[];
  received: Received[];
  /** Sessions the server has seen end (a positive signal to wait for before asserting absence). */
  closed: number;
  /** The raw sockets of every connection, to cut one as a crashed server would. */
  sockets: Socket[];
  stop(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1, port chosen by the kernel, that records what it
 * gets. By default: plain text, no STARTTLS, logins as USER / PASSWORD taken, every message
 * accepted with "250 OK: queued as Q1". `options` replace any of that (handlers included: a
 * replaced onData must read the stream and may push to `received` itself via `record`).
 */
export async function startSmtpServer(
  options: (server: Omit<TestSmtpServer, 'stop'>) => SMTPServerOptions = () => ({}),
): Promise<TestSmtpServer> {
  const state = {
    port: 0,
    events: [] as string[],
    received: [] as Received[],
    closed: 0,
    sockets: [] as Socket[],
    endpoint: (changes: Partial<ServerEndpoint> = {}): ServerEndpoint => ({
      protocol: 'smtp',
      host: '127.0.0.1',
      port: state.port,
      user: USER,
      secure: false,
      requireStartTls: false,
      ...changes,
    }),
  };
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(new Error('5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(address, _session, callback) {
      state.events.push(`mail ${address.address}`);
      callback();
    },
    onRcptTo(address, _session, callback) {
      state.events.push(`rcpt ${address.address}`);
      callback();
    },
    onData(stream, session, callback) {
      state.events.push('data');
      void readAll(stream).then((raw) => {
        state.received.push(receivedOf(raw, session));
        callback(null, 'OK: queued as Q1');
      });
    },
    onClose() {
      state.events.push('close');
      state.closed += 1;
    },
    ...options(state),
  });
  // A client that drops its connection is what several tests do on purpose.
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => state.sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  return Object.assign(state, {
    stop: () =>
      // Not by destroying the raw sockets: under a TLS connection whose handshake has just
      // failed, that crashes Node 20 (segmentation fault). Every client here closes its side.
      new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** What a test's own onData records: the message and its envelope. */
export function receivedOf(
  raw: Buffer,
  session: {
    envelope: { mailFrom: { address: string } | false; rcptTo: { address: string }[] };
    secure: boolean;
  },
): Received {
  return {
    raw,
    from: session.envelope.mailFrom && session.envelope.mailFrom.address,
    to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
    secure: session.secure,
  };
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** An SMTP reply the server gives instead of its usual one ("550 5.1.1 no such user"). */
export function replyError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/**
 * For a test file: `server()` starts a server that stops after the test; `cert()` is a
 * self-signed certificate for 127.0.0.1 made once for the file (openssl is a test prerequisite).
 */
export function smtpServersPerTest(): {
  server: typeof startSmtpServer;
  cert: () => SelfSignedCert;
} {
  const servers: TestSmtpServer[] = [];
  let dir: string | undefined;
  let made: SelfSignedCert | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-smtp-cert-'));
    made = selfSignedCert(dir);
    if (!made) throw new Error('openssl is needed to make the test certificate');
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    server: async (...args) => {
      const started = await startSmtpServer(...args);
      servers.push(started);
      return started;
    },
    cert: () => {
      if (!made) throw new Error('the certificate is made in beforeAll');
      return made;
    },
  };
}
