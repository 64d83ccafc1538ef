import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/app/contract/dispatcher.js';
import { appEventSchema, type AppEvent } from '../../src/app/contract/events.js';
import type { AccountSummary, ConnectionTest } from '../../src/app/contract/outputs.js';
import { cacheFile, syncLockFile } from '../../src/app/data-dir.js';
import { environmentSecretStore } from '../../src/app/environment-secret-store.js';
import { openSwitchboard, type Switchboard } from '../../src/app/open-switchboard.js';
import { silentLogger, type SecretStore } from '../../src/app/platform.js';
import { acquireSyncLock } from '../../src/app/sync-lock.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { freePort } from '../helpers/free-port.js';
import { customerMail } from '../team/support/customer-mail.js';
import {
  dispatching,
  openSyncedFacade,
  PASSWORD_VARIABLE,
  type SyncedFacade,
} from './support/synced-facade.js';

/*
 * The accounts (accounts.*) and the session (session.whoami) through the dispatcher, against a
 * real Dovecot and a real SMTP server (smtp-server): valid input, input refused naming the field,
 * and what the core says, as codes; a connection test's failure is an answer, not an error.
 */

const USER = 'support';
const PASSWORD = 'secret';

let dovecot: Dovecot;
let smtp: SMTPServer;
let smtpPort: number;
/** Data directories and facades made by a test, closed after it. */
const opened: Array<{ app: Switchboard; dir: string }> = [];

/** A facade on a fresh data directory; `env` is what its environment store reads. */
async function facade(
  options: {
    env?: Record<string, string>;
    secrets?: SecretStore;
    user?: { name: string; email: string };
  } = {},
) {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-facade-accounts-'));
  const dataDir = join(dir, 'data');
  const app = await openSwitchboard({
    dataDir,
    secrets:
      options.secrets ?? environmentSecretStore(options.env ?? { [PASSWORD_VARIABLE]: PASSWORD }),
    ...(options.user ? { settings: { user: options.user } } : {}),
  });
  opened.push({ app, dir });
  const dispatcher = createDispatcher(app, silentLogger);
  const events: AppEvent[] = [];
  // Every event as the contract has it: one its schema refuses fails the parse here.
  dispatcher.subscribe((event) => events.push(appEventSchema.parse(event)));
  return { app, dataDir, events, ...dispatching(dispatcher) };
}

const imapUrl = (port = dovecot.port) => `imap://${USER}@${dovecot.host}:${port}`;
const smtpUrl = (user = USER) => `smtp://${user}@127.0.0.1:${smtpPort}`;

const support = (more: Record<string, unknown> = {}) => ({
  name: 'Support',
  email: 'support@example.com',
  imapUrl: imapUrl(),
  password: { env: PASSWORD_VARIABLE },
  ...more,
});

/** A platform store that keeps passwords itself, as the desktop app's keychain does. */
function keychain() {
  const kept = new Map<string, string>();
  const forgotten: string[] = [];
  let serial = 0;
  const store: SecretStore = {
    readsEnvironment: false,
    resolve: (ref) => kept.get(ref),
    keep(accountId, password) {
      const ref = `keychain:${accountId}:${(serial += 1)}`;
      kept.set(ref, password);
      return ref;
    },
    forget(ref) {
      kept.delete(ref);
      forgotten.push(ref);
    },
  };
  return { store, kept, forgotten };
}

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
  await appendMessage(
    dovecot,
    USER,
    'INBOX',
    customerMail('refund@customer.example', 'Refund 1001'),
  );
  // Logins are taken as `support` / `secret` only; no STARTTLS, so that a plain port stays plain.
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(new Error('Invalid username or password'));
    },
  });
  smtp.on('error', () => undefined);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
}, 30_000);

afterEach(async () => {
  for (const { app, dir } of opened.splice(0)) {
    await app.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
});

afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await dovecot?.stop();
});

describe('accounts.add, list and edit', () => {
  it('adds an account, lists it, and changes it, telling listeners each time', async () => {
    const { result, events } = await facade();
    const added = await result<AccountSummary>('accounts.add', support({ smtpUrl: smtpUrl() }));
    expect(added).toEqual({
      id: expect.any(String) as string,
      name: 'Support',
      email: 'support@example.com',
      imapUrl: imapUrl(),
      smtpUrl: smtpUrl(),
      transport: 'imap',
      passwordRef: `env:${PASSWORD_VARIABLE}`,
      auth: 'password',
      providerFilesSent: false,
      syncError: null,
    });
    expect(await result('accounts.list')).toEqual([added]);
    // By its address as well as by its id; the SMTP server can be taken away.
    const edited = await result<AccountSummary>('accounts.edit', {
      account: 'support@example.com',
      name: 'Support desk',
      smtpUrl: null,
      auth: 'xoauth2',
      providerFilesSent: true,
    });
    expect(edited).toEqual({
      ...added,
      name: 'Support desk',
      smtpUrl: null,
      auth: 'xoauth2',
      providerFilesSent: true,
    });
    expect(await result('accounts.list')).toEqual([edited]);
    expect(events).toEqual([
      { type: 'accounts.changed', account: added.id, change: 'added' },
      { type: 'accounts.changed', account: added.id, change: 'edited' },
    ]);
  });

  it('lists nothing on a fresh data directory, and creates nothing to say so', async () => {
    const { result, dataDir } = await facade();
    expect(await result('accounts.list')).toEqual([]);
    expect(existsSync(cacheFile(dataDir))).toBe(false);
  });

  it('refuses input the contract does not take, naming the field', async () => {
    const { call } = await facade();
    for (const [params, field] of [
      [{ ...support(), email: undefined }, 'email'],
      [support({ name: '  ' }), 'name'],
      [support({ imapUrl: 42 }), 'imapUrl'],
      [support({ password: { env: '1-not-a-name' } }), 'password.env'],
      [support({ password: { env: 'A', value: 'b' } }), 'password'],
      [support({ password: 'secret' }), 'password'],
      [support({ owner: 'someone' }), 'owner'],
    ] as const)
      expect(await call('accounts.add', params), JSON.stringify(params)).toMatchObject({
        ok: false,
        error: { code: 'invalid', field },
      });
    expect(await call('accounts.list')).toEqual({ ok: true, result: [] });
  });

  it('names the field when the core refuses a value: a URL that is not one, an address that is not one', async () => {
    const { call, result } = await facade();
    for (const [params, field] of [
      [support({ imapUrl: 'http://mail.example.com' }), 'imapUrl'],
      [support({ imapUrl: 'imap://mail.example.com:143' }), 'imapUrl'],
      [support({ smtpUrl: 'smtp://mail.example.com:99999' }), 'smtpUrl'],
      [support({ email: 'support-at-example.com' }), 'email'],
    ] as const)
      expect(await call('accounts.add', params), JSON.stringify(params)).toMatchObject({
        ok: false,
        error: { code: 'invalid', field },
      });
    const added = await result<AccountSummary>('accounts.add', support());
    expect(
      await call('accounts.edit', { account: added.id, imapUrl: 'imaps://mail.example.com' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid', field: 'imapUrl' } });
  });

  it('says what the core refuses: the same address twice, an unknown account', async () => {
    const { call, result } = await facade();
    await result('accounts.add', support());
    expect(await call('accounts.add', support({ name: 'Again' }))).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await call('accounts.edit', { account: 'nobody@example.com', name: 'X' })).toMatchObject(
      { ok: false, error: { code: 'not-found', message: 'unknown account: nobody@example.com' } },
    );
  });

  it("keeps a given password in the platform's store, never a variable of the app's process", async () => {
    const { store, kept, forgotten } = keychain();
    const { call, result } = await facade({ secrets: store });
    // A renderer naming a variable of the app's process would send its value to any server.
    expect(await call('accounts.add', support())).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'password' },
    });
    const added = await result<AccountSummary>(
      'accounts.add',
      support({ password: { value: PASSWORD } }),
    );
    expect(kept.get(added.passwordRef!)).toBe(PASSWORD);
    expect(await result('accounts.testConnection', { account: added.id })).toEqual({
      imap: { ok: true },
      smtp: null,
    });
    // A new password: the old one is forgotten.
    const edited = await result<AccountSummary>('accounts.edit', {
      account: added.id,
      password: { value: 'another' },
    });
    expect(forgotten).toEqual([added.passwordRef]);
    expect(kept.get(edited.passwordRef!)).toBe('another');
    await result('accounts.remove', { account: added.id });
    expect(forgotten).toEqual([added.passwordRef, edited.passwordRef]);
    expect(kept.size).toBe(0);
  });
});

describe('accounts.testConnection', () => {
  it('logs in to IMAP and SMTP and out again', async () => {
    const { result } = await facade();
    const added = await result<AccountSummary>('accounts.add', support({ smtpUrl: smtpUrl() }));
    expect(await result('accounts.testConnection', { account: added.id })).toEqual({
      imap: { ok: true },
      smtp: { ok: true },
    });
  });

  it('answers a wrong password, a refused SMTP login and an unreachable server as outcomes', async () => {
    const { result } = await facade({ env: { [PASSWORD_VARIABLE]: 'wrong' } });
    const added = await result<AccountSummary>('accounts.add', support({ smtpUrl: smtpUrl() }));
    const tested = await result<ConnectionTest>('accounts.testConnection', { account: added.id });
    expect(tested).toEqual({
      imap: { ok: false, code: 'auth-failed', message: expect.stringMatching(/\S/) as string },
      smtp: { ok: false, code: 'auth-failed', message: expect.stringMatching(/\S/) as string },
    });
    const closed = await freePort();
    await result('accounts.edit', { account: added.id, imapUrl: imapUrl(closed) });
    expect(await result('accounts.testConnection', { account: added.id })).toMatchObject({
      imap: { ok: false, code: 'unreachable' },
    });
  });

  it('says when the password is not available, for IMAP and for SMTP', async () => {
    const { result } = await facade({ env: {} });
    const added = await result<AccountSummary>('accounts.add', support({ smtpUrl: smtpUrl() }));
    expect(await result('accounts.testConnection', { account: added.id })).toMatchObject({
      imap: { ok: false, code: 'missing-secret' },
      smtp: { ok: false, code: 'missing-secret' },
    });
  });

  it('refuses an unknown account, and input that names none', async () => {
    const { call } = await facade();
    expect(await call('accounts.testConnection', { account: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await call('accounts.testConnection', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'account' },
    });
  });
});

describe('accounts.remove', () => {
  let t: SyncedFacade;

  beforeAll(async () => {
    t = await openSyncedFacade(dovecot, USER);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is refused while a sync runs, and while local changes wait unless they are dropped', async () => {
    const [conversation] = await t.app.mail.conversations({});
    await t.app.mail.mark({ conversationId: conversation!.id, action: 'read' });
    const release = acquireSyncLock(syncLockFile(t.dataDir));
    try {
      expect(await t.call('accounts.remove', { account: t.account.id })).toMatchObject({
        ok: false,
        error: { code: 'locked' },
      });
    } finally {
      release();
    }
    expect(await t.call('accounts.remove', { account: t.account.id })).toMatchObject({
      ok: false,
      error: { code: 'usage', message: expect.stringContaining('1 local change') as string },
    });
    expect(
      await t.call('accounts.remove', { account: t.account.id, dropPendingActions: 'yes' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'dropPendingActions' },
    });
    expect(await t.app.accounts.list()).toHaveLength(1);
  });

  it("removes the account with its mail, and tells listeners it left with its conversations ('local')", async () => {
    const conversations = (await t.app.mail.conversations({})).map((item) => item.id);
    expect(conversations).toHaveLength(1);
    // A message waiting in its outbox is named in the refusal, and dropped with the account.
    await t.app.outbox.compose({
      account: t.account.email,
      to: ['ana@example.net'],
      subject: 'Hello',
      text: 'Hi.',
    });
    expect(await t.call('accounts.remove', { account: t.account.email })).toMatchObject({
      ok: false,
      error: {
        code: 'usage',
        message: expect.stringContaining(
          '1 local change the server does not have yet and 1 message in the outbox not sent',
        ) as string,
      },
    });
    const before = t.events.length;
    expect(
      await t.call('accounts.remove', { account: t.account.email, dropPendingActions: true }),
    ).toEqual({
      ok: true,
      result: {
        id: t.account.id,
        email: t.account.email,
        messages: 1,
        conversations: 1,
        droppedActions: 1,
        droppedMessages: 1,
      },
    });
    expect(t.events.slice(before)).toEqual([
      { type: 'accounts.changed', account: t.account.id, change: 'removed' },
      { type: 'conversations.changed', conversationIds: conversations, source: 'local' },
    ]);
    expect(await t.app.accounts.list()).toEqual([]);
    expect(await t.app.mail.conversations({})).toEqual([]);
    expect(await t.app.outbox.list()).toEqual([]);
    expect(await t.call('accounts.remove', { account: t.account.id })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});

describe('session.whoami', () => {
  it("is the solo user: the settings' user, else the first account's, else Me", async () => {
    const fresh = await facade();
    expect(await fresh.result('session.whoami')).toEqual({
      memberId: null,
      name: 'Me',
      email: 'me@localhost',
      role: null,
      workspaceId: null,
      workspaceName: null,
      solo: true,
    });
    // Asking creates nothing.
    expect(existsSync(cacheFile(fresh.dataDir))).toBe(false);
    await fresh.result('accounts.add', support());
    expect(await fresh.result('session.whoami')).toMatchObject({
      name: 'Support',
      email: 'support@example.com',
      solo: true,
    });
    const configured = await facade({ user: { name: 'Ana', email: 'ana@example.com' } });
    await configured.result('accounts.add', support());
    expect(await configured.result('session.whoami')).toMatchObject({
      memberId: null,
      name: 'Ana',
      email: 'ana@example.com',
    });
  });

  it('takes no input, and nobody to act as', async () => {
    const { call } = await facade();
    expect(await call('session.whoami', { memberId: 'someone-else' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'memberId' },
    });
  });
});
