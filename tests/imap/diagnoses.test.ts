import { execFile } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { selfSignedCert, type SelfSignedCert } from '../helpers/self-signed-cert.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import {
  BIN,
  cli,
  makeDataDir,
  passwordVariable,
  removeDir,
  runBin,
  type CliResult,
} from '../sync/support/cli.js';

/*
 * What `sync --once` says when the server cannot be talked to, for each way that happens for
 * real: one line that names the server and says what went wrong in words (timed out, not an
 * IMAP greeting, TLS where plain was expected or the reverse), never a library's raw text.
 *
 * Runs bin/switchboard.js (→ dist/): `npm run build` first.
 */

const USER = 'support';
/** TEST-NET-1 (RFC 5737): routed nowhere; inside the test's own network namespace, into a void. */
const BLACKHOLE = '192.0.2.1';

let dovecot: Dovecot;
const dirs: string[] = [];
const servers: Server[] = [];
const sockets = new Set<Socket>();

function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** A data directory with one account at `url` (the Dovecot user's password in the environment). */
async function accountAt(url: string): Promise<string> {
  const data = await makeDataDir();
  dirs.push(data);
  process.env[passwordVariable(USER)] = 'secret';
  const added = await cli(
    data,
    'account',
    'add',
    '--name',
    'Support',
    '--email',
    `${USER}@example.com`,
    '--imap',
    url,
    '--password-env',
    passwordVariable(USER),
  );
  if (added.code !== 0) throw new Error(`account add failed: ${added.err}`);
  return data;
}

/** Exactly one line on stderr, no stack, no raw OpenSSL text; returns it. */
function oneLine(result: CliResult): string {
  expect(result.code, result.err).toBe(1);
  const lines = result.err.trimEnd().split('\n');
  expect(lines, result.err).toHaveLength(1);
  const [line] = lines;
  expect(line).toMatch(/^switchboard: support@example\.com: \S/);
  expect(line).not.toMatch(
    /internal error|\bat .+:\d+:\d+|routines|error:[0-9A-F]{8}|Maybe should/,
  );
  return line!;
}

/** `sync --once` in a network namespace of its own where BLACKHOLE swallows every packet. */
function runInBlackholeNamespace(args: string[]): Promise<CliResult & { ms: number }> {
  // Only loopback exists in the namespace; a route for TEST-NET-1 over it sends SYNs nowhere
  // (no host owns the address), so a connect waits for an answer that never comes.
  const setup = `ip link set lo up && ip route add ${BLACKHOLE}/32 dev lo && exec "$@"`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(
      'unshare',
      ['--net', 'sh', '-c', setup, 'sh', process.execPath, BIN, ...args],
      { env: process.env, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (error && typeof code !== 'number') {
          reject(error instanceof Error ? error : new Error('unshare could not be run'));
          return;
        }
        resolve({
          code: typeof code === 'number' ? code : 0,
          out: stdout,
          err: stderr,
          ms: Date.now() - started,
        });
      },
    );
  });
}

beforeAll(async () => {
  assertBuildIsCurrent();
  dovecot = await startDovecot();
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await dovecot?.stop();
  for (const dir of dirs) await removeDir(dir);
});

describe('diagnoses of sync --once', () => {
  it('a host that never answers the connection: "timed out", without retrying for minutes', async () => {
    const data = await accountAt(`imap://${USER}@${BLACKHOLE}:143`);
    const result = await runInBlackholeNamespace(['--data', data, 'sync', '--once']);
    const line = oneLine(result);
    expect(line).toContain(`${BLACKHOLE}:143`);
    expect(line).toMatch(/timed out/i);
    expect(line).not.toMatch(/ECONNRESET|reset/i);
    // The connect deadline is 10 s and a timeout is not retried: far less than the OS's own
    // SYN retries (about 2 minutes) or several attempts of it.
    expect(result.ms).toBeLessThan(30_000);
  });

  it('a plain listener that accepts and never greets: "no greeting", not a TLS failure', async () => {
    const port = await listen(createServer(() => undefined));
    const data = await accountAt(`imap://${USER}@127.0.0.1:${port}`);
    const line = oneLine(await runBin(['--data', data, 'sync', '--once']));
    expect(line).toContain(`127.0.0.1:${port}`);
    expect(line).toMatch(/greeting/i);
    expect(line).not.toMatch(/TLS/);
  });

  it("imaps:// to Dovecot's plain port: one line saying the port does not speak TLS", async () => {
    const data = await accountAt(`imaps://${USER}@127.0.0.1:${dovecot.port}`);
    const line = oneLine(await runBin(['--data', data, 'sync', '--once']));
    expect(line).toContain(`127.0.0.1:${dovecot.port}`);
    expect(line).toMatch(/not .*TLS|plain/i);
    expect(line).toContain('imap://');
  });

  describe('against a TLS-only port', () => {
    let cert: SelfSignedCert;

    beforeAll(async () => {
      const dir = await makeDataDir();
      dirs.push(dir);
      const made = selfSignedCert(dir);
      // openssl is a test prerequisite (README): skip nothing silently.
      if (!made) throw new Error('openssl is needed to make a TLS-only port');
      cert = made;
    });

    const tlsServer = (onSecure: (socket: Socket) => void) =>
      createTlsServer({ key: cert.key, cert: cert.cert }, onSecure);

    it('imap:// (plain) to it: one line saying to use imaps://', async () => {
      // Like any IMAPS port: it waits for the client's TLS hello and never speaks first.
      const port = await listen(tlsServer(() => undefined));
      const data = await accountAt(`imap://${USER}@127.0.0.1:${port}`);
      const line = oneLine(await runBin(['--data', data, 'sync', '--once']));
      expect(line).toContain(`127.0.0.1:${port}`);
      expect(line).toContain('imaps://');
    });

    it('imaps:// with a certificate nobody vouches for: one line about the certificate', async () => {
      const port = await listen(
        tlsServer((socket) => socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n')),
      );
      const data = await accountAt(`imaps://${USER}@127.0.0.1:${port}`);
      const line = oneLine(await runBin(['--data', data, 'sync', '--once']));
      expect(line).toContain(`127.0.0.1:${port}`);
      expect(line).toMatch(/certificate/i);
    });
  });
});
