import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkConnection } from '../../src/imap/bulk/bulk-connection.js';
import { MailConnectionError } from '../../src/imap/connection-errors.js';
import { bigAttachmentMessage } from '../helpers/big-message.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { testAccount } from './support/bulk-account.js';
import { rejection, within } from './support/settle.js';

/*
 * The bulk connection's deadlines (src/imap/deadlines.ts), shortened so the tests are quick:
 * silence fails it only while something is due (the greeting, a command's answer), never while
 * it is paused for backpressure, and the failure names the server and what it waited for.
 */

const SHORT = { connectMs: 2000, greetingMs: 300, stallMs: 500 };

let dovecot: Dovecot;
const proxies: TcpProxy[] = [];
const servers: Server[] = [];
const sockets = new Set<Socket>();

async function proxy(): Promise<TcpProxy> {
  const started = await startTcpProxy(dovecot.port);
  proxies.push(started);
  return started;
}

beforeAll(async () => {
  dovecot = await startDovecot();
  await appendMessage(
    dovecot,
    'support',
    'INBOX',
    'From: a@example.com\r\nSubject: small\r\n\r\nhi\r\n',
  );
  // Big enough that its literal is still on the way when the client pauses.
  await appendMessage(dovecot, 'support', 'INBOX', bigAttachmentMessage(8 * 1024 * 1024));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await Promise.all(proxies.map((started) => started.stop()));
  await dovecot?.stop();
});

describe('BulkConnection deadlines', () => {
  it('gives up on a server that accepts and never greets, and says so', async () => {
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const { account, secrets } = testAccount(dovecot, { port });
    const error = await rejection(within(5_000, BulkConnection.open(account, secrets, SHORT)));
    expect(error).toBeInstanceOf(MailConnectionError);
    expect(error.code).toBe('timeout');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toMatch(/no IMAP greeting within 0\.3 s/);
  });

  it('fails a fetch the server stops answering, naming the server and the wait', async () => {
    const frozen = await proxy();
    const { account, secrets } = testAccount(dovecot, { port: frozen.port });
    const connection = await BulkConnection.open(account, secrets, SHORT);
    try {
      await connection.examine('INBOX');
      frozen.freeze();
      const error = await rejection(
        within(
          5_000,
          connection.fetch('1:*', 'UID BODY.PEEK[HEADER.FIELDS (SUBJECT)]', () => undefined),
        ),
      );
      expect(error).toBeInstanceOf(MailConnectionError);
      expect(error.message).toBe(
        `the IMAP server at 127.0.0.1:${frozen.port} stopped answering while fetching message headers of INBOX (no data for 0.5 s)`,
      );
    } finally {
      connection.close();
    }
  });

  it('does not take its own pause (backpressure) for a stalled server', async () => {
    const { account, secrets } = testAccount(dovecot);
    const connection = await BulkConnection.open(account, secrets, SHORT);
    try {
      await connection.examine('INBOX');
      const sizes: number[] = [];
      let resumed = false;
      await within(
        10_000,
        connection.fetch('1:2', 'UID BODY.PEEK[]', (item) => {
          sizes.push(item.parts.get('')?.length ?? 0);
          if (sizes.length > 1) return;
          // The small message is in; the 8 MB one is on its way: hold it for 4 stall deadlines.
          connection.pause();
          setTimeout(() => {
            resumed = true;
            connection.resume();
          }, 4 * SHORT.stallMs);
        }),
      );
      expect(resumed).toBe(true);
      expect(sizes).toHaveLength(2);
      expect(sizes[1]).toBeGreaterThan(8 * 1024 * 1024);
    } finally {
      await connection.logout();
    }
  });
});
