import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Queued } from '../../src/app/contract/outputs.js';
import { environmentSecretStore } from '../../src/app/environment-secret-store.js';
import { openSwitchboard, type Switchboard } from '../../src/app/open-switchboard.js';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { freePort } from '../helpers/free-port.js';

/*
 * The outbox across time and trouble, through the facade of one app: a message scheduled for
 * later survives the app closing and goes when its time comes; one sent while the SMTP server
 * cannot be reached waits (queued, with why) and goes once it can, on the retry's time. The
 * app's clock is the test's, moved forward instead of waited for.
 */

const PASSWORD_VARIABLE = 'OUTBOX_LATER_PASSWORD';
let dovecot: Dovecot;
let dir: string;
let offset = 0;
const clock = { now: () => Date.now() + offset };
const received: string[] = [];
const servers: SMTPServer[] = [];
const apps: Switchboard[] = [];

beforeAll(async () => {
  dovecot = await startDovecot();
}, 30_000);

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const server of servers.splice(0))
    await new Promise<void>((resolve) => server.close(() => resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
  received.length = 0;
  offset = 0;
});

afterAll(async () => {
  await dovecot?.stop();
});

/** An SMTP server on `port` taking every message, recording its Message-ID. */
async function smtpOn(port: number): Promise<void> {
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) =>
      auth.username === 'support' && auth.password === 'secret'
        ? callback(null, { user: 'support' })
        : callback(new Error('5.7.8 Authentication credentials invalid')),
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(
          /^Message-ID: <([^>]+)>/im.exec(Buffer.concat(chunks).toString())?.[1] ?? '?',
        );
        callback(null, 'OK');
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  servers.push(server);
}

async function openApp(dataDir: string): Promise<Switchboard> {
  const app = await openSwitchboard({
    dataDir,
    clock,
    secrets: environmentSecretStore({ [PASSWORD_VARIABLE]: 'secret' }),
  });
  apps.push(app);
  return app;
}

async function freshApp(smtpPort: number): Promise<{ app: Switchboard; dataDir: string }> {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-outbox-later-'));
  const dataDir = join(dir, 'data');
  const app = await openApp(dataDir);
  await app.accounts.add({
    name: 'Support',
    email: 'support@example.com',
    imapUrl: `imap://support@${dovecot.host}:${dovecot.port}`,
    smtpUrl: `smtp://support@127.0.0.1:${smtpPort}`,
    password: { env: PASSWORD_VARIABLE },
  });
  return { app, dataDir };
}

const letter = (more: { now?: boolean; at?: string } = {}) => ({
  account: 'support@example.com',
  to: ['alice@example.net'],
  subject: 'Your order',
  text: 'It ships today.',
  ...more,
});

describe('the outbox over time', () => {
  it('keeps a message scheduled for later across a restart, and sends it when its time comes', async () => {
    const port = await freePort();
    await smtpOn(port);
    const { app, dataDir } = await freshApp(port);
    const at = new Date(clock.now() + 3_600_000).toISOString();
    const scheduled: Queued = await app.outbox.compose(letter({ at }));
    expect(scheduled).toMatchObject({ state: 'scheduled', sendAt: at });
    await app.sync.runOnce();
    expect(received).toEqual([]);

    await app.close();
    const again = await openApp(dataDir);
    expect(await again.outbox.list()).toEqual([
      expect.objectContaining({ id: scheduled.outboxId, state: 'scheduled', sendAt: at }),
    ]);
    offset = 3_600_000;
    await again.sync.runOnce();
    expect(received).toEqual([scheduled.messageId]);
    expect((await again.outbox.list())[0]).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('keeps a message sent while the SMTP server is unreachable, and sends it once it is back', async () => {
    const port = await freePort();
    const { app } = await freshApp(port);
    const queued: Queued = await app.outbox.compose(letter({ now: true }));
    expect(queued).toMatchObject({
      state: 'queued',
      error: expect.stringContaining(`127.0.0.1:${port}`) as string,
    });
    await smtpOn(port);
    // Not before its retry time: nothing tries again.
    await app.sync.runOnce();
    expect(received).toEqual([]);
    offset = 30_000;
    await app.sync.runOnce();
    expect(received).toEqual([queued.messageId]);
    expect((await app.outbox.list())[0]).toMatchObject({ state: 'sent', attempts: 2 });
  });
});
