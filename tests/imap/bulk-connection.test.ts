import { Buffer } from 'node:buffer';
import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkConnection, ImapCommandError } from '../../src/imap/bulk/bulk-connection.js';
import type { FetchedItem } from '../../src/imap/bulk/fetch-response.js';
import { bigAttachmentMessage } from '../helpers/big-message.js';
import {
  appendMessage,
  createFolder,
  seedCorpus,
  startDovecot,
  type Dovecot,
} from '../helpers/dovecot.js';
import { freePort } from '../helpers/free-port.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { testAccount } from './support/bulk-account.js';
import { rejection, within } from './support/settle.js';

const USER = 'support';
const BIG = 'Big';
const TWO_MIB = 2 * 1024 * 1024;
/** A password LOGIN would have to quote, with non-ASCII: AUTHENTICATE PLAIN sends it as UTF-8. */
const ODD_PASSWORD = 'pä "wo\\rd ü';

/** A 20 MB single-part text/plain message: its part 1 is the whole 20 MB body. */
function bigTextMessage(): Buffer {
  const head = Buffer.from(
    'From: Big <big@example.com>\r\nSubject: big text\r\nMessage-ID: <big-text@bulk.test>\r\n' +
      'Content-Type: text/plain; charset=us-ascii\r\n\r\n',
    'latin1',
  );
  return Buffer.concat([
    head,
    Buffer.alloc(20 * 1024 * 1024, 'All work and no play makes a dull inbox {5}\r\n', 'latin1'),
  ]);
}

describe('BulkConnection against Dovecot', () => {
  let dovecot: Dovecot;
  let bigText: Buffer;
  let bigAttachment: Buffer;

  beforeAll(async () => {
    dovecot = await startDovecot({
      users: [
        { user: USER, password: 'secret' },
        { user: 'odd', password: ODD_PASSWORD },
      ],
    });
    await seedCorpus(dovecot, USER, 40, 10, 5);
    await createFolder(dovecot, USER, BIG);
    bigText = bigTextMessage();
    bigAttachment = bigAttachmentMessage();
    await appendMessage(
      dovecot,
      USER,
      BIG,
      'From: a@example.com\r\nSubject: small\r\n\r\nsmall\r\n',
    );
    await appendMessage(dovecot, USER, BIG, bigAttachment);
    await appendMessage(dovecot, USER, BIG, bigText);
  });
  afterAll(() => dovecot?.stop());

  it('logs in (AUTHENTICATE PLAIN with SASL-IR), fetches and logs out', async () => {
    const { account, secrets } = testAccount(dovecot);
    const connection = await BulkConnection.open(account, secrets);
    await connection.examine('INBOX');
    const uids: number[] = [];
    await connection.fetch('1:*', 'UID FLAGS', (item) => uids.push(item.uid));
    expect(uids).toHaveLength(40);
    await within(2_000, connection.logout());
  });

  it('sends any password bytes through AUTHENTICATE PLAIN', async () => {
    const { account, secrets } = testAccount(dovecot, { user: 'odd', password: ODD_PASSWORD });
    const connection = await BulkConnection.open(account, secrets);
    await connection.examine('INBOX');
    await connection.logout();
  });

  it('rejects a missing password before connecting', async () => {
    const { account } = testAccount(dovecot);
    await expect(BulkConnection.open(account, { resolve: () => undefined })).rejects.toMatchObject({
      code: 'missing-secret',
    });
  });

  it('rejects with ECONNREFUSED when nothing listens on the port', async () => {
    const { account, secrets } = testAccount(dovecot, { port: await freePort() });
    const error = await rejection(within(5_000, BulkConnection.open(account, secrets)));
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('refuses to go on without STARTTLS when the account requires it', async () => {
    const { account, secrets } = testAccount(dovecot);
    account.imap.requireStartTls = true;
    const error = await rejection(within(5_000, BulkConnection.open(account, secrets)));
    expect(error.code).toBe('ERR_SSL_NO_STARTTLS');
  });

  it('BODY.PEEK[1]<0.2097152> of a 20 MB text message returns exactly its first 2 MiB', async () => {
    const { account, secrets } = testAccount(dovecot);
    const connection = await BulkConnection.open(account, secrets);
    try {
      await connection.examine(BIG);
      const parts = new Map<number, Map<string, Buffer>>();
      await connection.fetch(
        '1:*',
        `UID BODY.PEEK[1]<0.${TWO_MIB}> BODY.PEEK[2]<0.${TWO_MIB}>`,
        (item) => {
          parts.set(
            item.uid,
            new Map([...item.parts].map(([section, bytes]) => [section, Buffer.from(bytes)])),
          );
        },
      );
      expect(parts.size).toBe(3);
      const [small, attachment, text] = [...parts.keys()]
        .sort((a, b) => a - b)
        .map((uid) => parts.get(uid)!);
      expect(small!.get('1')?.toString('latin1')).toBe('small\r\n');
      const textBody = bigText.subarray(bigText.indexOf('\r\n\r\n') + 4);
      expect(text!.get('1')?.length).toBe(TWO_MIB);
      expect(text!.get('1')?.equals(textBody.subarray(0, TWO_MIB))).toBe(true);
      // The attachment message: part 1 is the short text, part 2 the 27 MB base64 attachment.
      expect(attachment!.get('1')?.length).toBeLessThan(200);
      expect(attachment!.get('2')?.length).toBe(TWO_MIB);
      const base64Start =
        bigAttachment.indexOf(
          '\r\n\r\n',
          bigAttachment.indexOf('Content-Transfer-Encoding: base64'),
        ) + 4;
      expect(
        attachment!.get('2')?.equals(bigAttachment.subarray(base64Start, base64Start + TWO_MIB)),
      ).toBe(true);
      for (const sections of parts.values())
        for (const bytes of sections.values()) expect(bytes.length).toBeLessThanOrEqual(TWO_MIB);
    } finally {
      await connection.logout();
    }
  });

  it('a connection cut mid-fetch rejects the pending fetch promptly', async () => {
    const proxy = await startTcpProxy(dovecot.port);
    try {
      const { account, secrets } = testAccount(dovecot, { port: proxy.port });
      const connection = await BulkConnection.open(account, secrets);
      await connection.examine(BIG);
      let cutAt = 0;
      const items: number[] = [];
      // The first (small) message arrives, then the 27 MB one is in flight when the link drops.
      const fetching = connection.fetch('1:*', 'UID BODY.PEEK[]', (item) => {
        items.push(item.uid);
        if (!cutAt) {
          cutAt = Date.now();
          proxy.cutAll();
        }
      });
      const error = await rejection(within(5_000, fetching));
      expect(Date.now() - cutAt).toBeLessThan(2_000);
      expect(items).toHaveLength(1);
      expect(proxy.serverBytes()).toBeLessThan(bigAttachment.length + bigText.length);
      expect(['ECONNRESET', 'EConnectionClosed', 'EPIPE']).toContain(error.code);
      // Everything after that fails at once instead of waiting for an answer that never comes.
      await expect(within(1_000, connection.examine('INBOX'))).rejects.toBe(error);
      await expect(
        within(
          1_000,
          connection.fetch('1', 'UID', () => undefined),
        ),
      ).rejects.toBe(error);
      await within(1_000, connection.logout());
    } finally {
      await proxy.stop();
    }
  });

  it('a connection cut while idle makes the next command fail at once', async () => {
    const proxy = await startTcpProxy(dovecot.port);
    try {
      const { account, secrets } = testAccount(dovecot, { port: proxy.port });
      const connection = await BulkConnection.open(account, secrets);
      await connection.examine('INBOX');
      proxy.cutAll();
      await sleep(100);
      const error = await rejection(
        within(
          2_000,
          connection.fetch('1:*', 'UID', () => undefined),
        ),
      );
      expect(['ECONNRESET', 'EConnectionClosed']).toContain(error.code);
    } finally {
      await proxy.stop();
    }
  });

  it('logout resolves, closes the connection, and a second logout resolves too', async () => {
    const { account, secrets } = testAccount(dovecot);
    const connection = await BulkConnection.open(account, secrets);
    await within(2_000, connection.logout());
    await expect(within(1_000, connection.examine('INBOX'))).rejects.toThrow();
    await within(1_000, connection.logout());
  });

  it('reports NO/BAD as ImapCommandError without authenticationFailed, and stays usable', async () => {
    const { account, secrets } = testAccount(dovecot);
    const connection = await BulkConnection.open(account, secrets);
    try {
      await expect(connection.examine('No such folder')).rejects.toMatchObject({
        responseStatus: 'NO',
        authenticationFailed: false,
      });
      await connection.examine('INBOX');
      await expect(connection.fetch('1:*', 'NOT-AN-ITEM', () => undefined)).rejects.toMatchObject({
        responseStatus: 'BAD',
        authenticationFailed: false,
      });
      const uids: number[] = [];
      await connection.fetch('1:*', 'UID', (item) => uids.push(item.uid));
      expect(uids).toHaveLength(40);
    } finally {
      await connection.logout();
    }
  });

  it('runs one command at a time', async () => {
    const { account, secrets } = testAccount(dovecot);
    const connection = await BulkConnection.open(account, secrets);
    try {
      await connection.examine('INBOX');
      const first = connection.fetch('1:*', 'UID', () => undefined);
      await expect(connection.fetch('1:*', 'UID', () => undefined)).rejects.toThrow(
        /one command at a time/,
      );
      await first;
    } finally {
      await connection.logout();
    }
  });

  it('an onItem that throws fails the fetch with that error and closes the connection', async () => {
    const { account, secrets } = testAccount(dovecot);
    const connection = await BulkConnection.open(account, secrets);
    await connection.examine('INBOX');
    const boom = new Error('boom');
    await expect(
      within(
        2_000,
        connection.fetch('1:*', 'UID', () => {
          throw boom;
        }),
      ),
    ).rejects.toBe(boom);
    await expect(within(1_000, connection.examine('Big'))).rejects.toBe(boom);
    await connection.logout();
  });

  it('pause() holds back further items until resume()', async () => {
    const { account, secrets } = testAccount(dovecot);
    const connection = await BulkConnection.open(account, secrets);
    try {
      await connection.examine(BIG);
      const seen: FetchedItem[] = [];
      let paused = false;
      const fetching = connection.fetch('1:*', `UID BODY.PEEK[1]<0.${TWO_MIB}>`, (item) => {
        seen.push(item);
        if (!paused) {
          paused = true;
          connection.pause();
        }
      });
      await sleep(300);
      // The 2 MiB parts of the later messages cannot all have arrived while the socket was paused.
      expect(seen.length).toBeLessThan(3);
      connection.resume();
      await within(5_000, fetching);
      expect(seen).toHaveLength(3);
    } finally {
      await connection.logout();
    }
  });
});

// Dovecot delays every login from an address after a failed one (auth penalty), so the failure
// gets a server of its own instead of slowing down the tests above.
describe('BulkConnection with a wrong password', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(() => dovecot?.stop());

  it('rejects with authenticationFailed === true', async () => {
    const { account, secrets } = testAccount(dovecot, { password: 'wrong' });
    const error = await rejection(within(10_000, BulkConnection.open(account, secrets)));
    expect(error).toBeInstanceOf(ImapCommandError);
    expect(error).toMatchObject({ authenticationFailed: true, responseStatus: 'NO' });
    expect(error.message).toMatch(/AUTHENTICATIONFAILED|Authentication failed/i);
  });
});

/** A scripted IMAP server: `reply` answers each command line the client sends. */
async function fakeServer(
  greeting: string,
  reply: (line: string) => string,
): Promise<{ port: number; lines: string[]; server: Server; sockets: Set<Socket> }> {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.write(`${greeting}\r\n`);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let end: number;
      while ((end = pending.indexOf('\r\n')) >= 0) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 2);
        lines.push(line);
        const answer = reply(line);
        if (answer) socket.write(answer);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, lines, server, sockets };
}

describe('BulkConnection against a scripted server', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const accountOn = (port: number, password: string) => {
    const dovecotLike = {
      host: '127.0.0.1',
      port,
      users: [{ user: USER, password }],
    } as unknown as Dovecot;
    return testAccount(dovecotLike, { password });
  };

  it('falls back to LOGIN with quoted credentials when SASL-IR is not offered', async () => {
    const fake = await fakeServer('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready', (line) => {
      const tag = line.split(' ')[0]!;
      if (/ CAPABILITY$/.test(line))
        return `* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`;
      if (/ LOGIN /.test(line))
        return `${tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n`;
      return `${tag} BAD unexpected\r\n`;
    });
    servers.push(fake.server);
    const { account, secrets } = accountOn(fake.port, 'p"w\\d');
    const error = await rejection(within(5_000, BulkConnection.open(account, secrets)));
    expect(error).toMatchObject({
      name: 'ImapCommandError',
      authenticationFailed: true,
      responseStatus: 'NO',
    });
    expect(fake.lines.find((line) => line.includes(' LOGIN '))).toMatch(
      /^B\d+ LOGIN "support" "p\\"w\\\\d"$/,
    );
  });

  it('rejects a greeting that is not OK or PREAUTH', async () => {
    const fake = await fakeServer('* BYE Too many connections', () => '');
    servers.push(fake.server);
    const { account, secrets } = accountOn(fake.port, 'x');
    const error = await rejection(within(5_000, BulkConnection.open(account, secrets)));
    expect(error.message).toMatch(/Too many connections/);
  });

  it('does not hang when the server stops answering mid-command and closes', async () => {
    const fake = await fakeServer(
      '* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready',
      (line) => {
        const tag = line.split(' ')[0]!;
        if (/ CAPABILITY$/.test(line))
          return `* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\n${tag} OK done\r\n`;
        if (/ AUTHENTICATE /.test(line)) return `${tag} OK logged in\r\n`;
        if (/ EXAMINE /.test(line)) return `* 1 EXISTS\r\n${tag} OK [READ-ONLY] done\r\n`;
        // Half a FETCH response, then nothing.
        return '* 1 FETCH (UID 1 BODY[] {100}\r\npartial';
      },
    );
    servers.push(fake.server);
    const { account, secrets } = accountOn(fake.port, 'x');
    const connection = await BulkConnection.open(account, secrets);
    await connection.examine('INBOX');
    const fetching = connection.fetch('1', 'UID BODY.PEEK[]', () => undefined);
    await sleep(100);
    // The server goes away: its side of the connection closes (a FIN, not a reset).
    for (const socket of fake.sockets) socket.end();
    const error = await rejection(within(2_000, fetching));
    expect(error.code).toBe('EConnectionClosed');
  });
});
