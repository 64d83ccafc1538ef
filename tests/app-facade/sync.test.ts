import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listAccounts } from '../../src/accounts/account-store.js';
import { createDispatcher } from '../../src/app/contract/dispatcher.js';
import { appEventSchema, type AppEvent, type AppEventOf } from '../../src/app/contract/events.js';
import type { SyncStatus } from '../../src/app/contract/outputs.js';
import { environmentSecretStore } from '../../src/app/environment-secret-store.js';
import { openCache } from '../../src/app/open-cache.js';
import { openSwitchboard, type Switchboard } from '../../src/app/open-switchboard.js';
import { silentLogger } from '../../src/app/platform.js';
import { isUserError } from '../../src/errors.js';
import { createWorkspaceWithDocument } from '../../src/server/create-workspace.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import {
  appendMessage,
  createFolder,
  startDovecot,
  withImap,
  type Dovecot,
} from '../helpers/dovecot.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { until } from '../helpers/wait.js';
import { startTestServer, type TestServer } from '../server/support/test-server.js';
import { customerMessage as message, plainMessage, uniqueMessageId } from '../sync/support/mail.js';

/*
 * The sync behind the facade (sync.runOnce, sync.start/stop/status) against a real Dovecot and
 * the project's own sync server: what each call answers, and the events a UI lives on (progress,
 * passes, failures of a folder or an account, new mail pushed by IDLE, connection states, the team
 * half's outcome), for one facade and for two on one data directory.
 */

const SUPPORT = 'support';
const BROKEN = 'broken';
const SECRET_FOLDER = 'Secret';
const PASSWORDS = { SUPPORT_PASSWORD: 'secret', BROKEN_PASSWORD: 'broken-secret', WRONG: 'nope' };

let dovecot: Dovecot;
let team: TestServer;
/** A workspace with its core document, as `server-admin create-workspace` makes it. */
let workspaceId: string;
const opened: Switchboard[] = [];
const dirs: string[] = [];

interface Facade {
  dataDir: string;
  app: Switchboard;
  /** Every event it emitted, in order, each checked against the contract's schema. */
  events: AppEvent[];
  of<T extends AppEvent['type']>(type: T): Array<AppEventOf<T>>;
}

async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-facade-sync-'));
  dirs.push(dir);
  return join(dir, 'data');
}

async function openFacade(dataDir?: string): Promise<Facade> {
  const dir = dataDir ?? (await newDataDir());
  const app = await openSwitchboard({
    dataDir: dir,
    secrets: environmentSecretStore(PASSWORDS),
    settings: { teamSyncMs: 5000, teamConfirmMs: 5000 },
  });
  opened.push(app);
  const events: AppEvent[] = [];
  app.subscribe((event) => events.push(appEventSchema.parse(event)));
  return {
    dataDir: dir,
    app,
    events,
    of: <T extends AppEvent['type']>(type: T) =>
      events.filter((event): event is AppEventOf<T> & AppEvent => event.type === type),
  };
}

async function addAccount(facade: Facade, user: string, password: keyof typeof PASSWORDS) {
  return facade.app.accounts.add({
    name: user,
    email: `${user}@example.com`,
    imapUrl: `imap://${user}@${dovecot.host}:${dovecot.port}`,
    password: { env: password },
  });
}

/** The code a rejected call carries (or the rejection itself, if not a UserError). */
async function codeOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
    return 'resolved';
  } catch (error) {
    return isUserError(error) ? error.code : error;
  }
}

const secretDir = () => join(dovecot.maildir(BROKEN), `.${SECRET_FOLDER}`);

beforeAll(async () => {
  dovecot = await startDovecot({
    users: [
      { user: SUPPORT, password: PASSWORDS.SUPPORT_PASSWORD },
      { user: BROKEN, password: PASSWORDS.BROKEN_PASSWORD },
    ],
  });
  for (const [label, day] of [
    ['Refund', 1],
    ['Printer', 2],
    ['Invoice', 3],
  ] as const)
    await appendMessage(dovecot, SUPPORT, 'INBOX', message(label, day));
  await appendMessage(dovecot, BROKEN, 'INBOX', message('Visible', 4));
  await createFolder(dovecot, BROKEN, SECRET_FOLDER);
  await appendMessage(dovecot, BROKEN, SECRET_FOLDER, message('Hidden', 5));
  team = await startTestServer();
  ({ workspaceId } = createWorkspaceWithDocument(team.db, 'Support', {
    name: 'Ada',
    email: 'ada@example.com',
  }));
}, 60_000);

afterEach(async () => {
  await chmod(secretDir(), 0o700);
});

afterAll(async () => {
  for (const app of opened) await app.close().catch(() => undefined);
  await team?.close();
  await dovecot?.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('sync.runOnce', () => {
  it('syncs every account, answers what it did, and tells it as events', async () => {
    const facade = await openFacade();
    await addAccount(facade, SUPPORT, 'SUPPORT_PASSWORD');
    const result = await facade.app.sync.runOnce();
    expect(result).toEqual({
      accounts: [
        {
          account: 'support@example.com',
          folders: expect.any(Number) as number,
          added: 3,
          removed: 0,
          flagsChanged: 0,
          bodies: 3,
          actions: 0,
        },
      ],
      failures: [],
      team: null,
      teamError: null,
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);

    const listed = (await facade.app.mail.conversations({})).map((row) => row.id).sort();
    expect(listed).toHaveLength(3);
    // Where it was, as it went.
    const phases = new Set(facade.of('sync.progress').map((event) => event.phase));
    expect([...phases]).toEqual(expect.arrayContaining(['folders', 'checking', 'headers', 'done']));
    expect(facade.of('sync.passed')).toEqual([{ type: 'sync.passed', ...result.accounts[0] }]);
    // The new conversations, per committed batch (never one event per message).
    const changed = facade.of('conversations.changed');
    expect(changed.every((event) => event.source === 'mail')).toBe(true);
    expect([...new Set(changed.flatMap((event) => event.conversationIds))].sort()).toEqual(listed);
    expect(changed.length).toBeLessThan(3);
    // A first sync brings the mailbox's history: no new mail to notify of (told after it: below).
    expect(facade.of('mail.received')).toEqual([]);
    expect(facade.of('connection.changed')).toEqual([
      {
        type: 'connection.changed',
        target: 'imap',
        account: 'support@example.com',
        state: 'online',
      },
    ]);
    // A run once is no running sync.
    expect(facade.of('sync.state')).toEqual([]);

    // Nothing new: no new mail told, a pass still told.
    const before = facade.events.length;
    const again = await facade.app.sync.runOnce();
    expect(again.accounts[0]).toMatchObject({ added: 0, bodies: 0 });
    const after = facade.events.slice(before);
    expect(after.filter((event) => event.type === 'sync.passed')).toHaveLength(1);
    expect(after.filter((event) => event.type === 'mail.received')).toEqual([]);
    const status = await facade.app.sync.status();
    expect(status).toEqual({
      running: false,
      accounts: [
        {
          id: expect.any(String) as string,
          email: 'support@example.com',
          lastSyncedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
          syncError: null,
          folderErrors: [],
        },
      ],
      team: 'none',
    } satisfies SyncStatus);
  });

  it('new mail is what is new to the cache and came in: not a copy in another folder, a sent message, a first sync', async () => {
    const facade = await openFacade();
    await addAccount(facade, SUPPORT, 'SUPPORT_PASSWORD');
    await facade.app.sync.runOnce();
    // A teammate files a message into Archive (a copy of one known), one is sent from another
    // client (saved to Sent), and a customer writes.
    await withImap(dovecot, SUPPORT, async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.messageCopy('1', 'Archive');
      } finally {
        lock.release();
      }
    });
    await appendMessage(dovecot, SUPPORT, 'Sent', message('Reply', 6));
    await appendMessage(dovecot, SUPPORT, 'INBOX', message('Customer', 7));
    const before = facade.events.length;
    const result = await facade.app.sync.runOnce();
    expect(result.accounts[0]).toMatchObject({ added: 3 });
    const conversations = await facade.app.mail.conversations({});
    const idOf = (subject: string) => conversations.find((row) => row.subject === subject)!.id;
    const after = facade.events.slice(before);
    // Every change is told…
    const changed = new Set(
      after.flatMap((event) =>
        event.type === 'conversations.changed' ? event.conversationIds : [],
      ),
    );
    for (const subject of ['Refund question', 'Reply question', 'Customer question'])
      expect(changed, subject).toContain(idOf(subject));
    // …and only the customer's message is new mail.
    expect(after.filter((event) => event.type === 'mail.received')).toEqual([
      {
        type: 'mail.received',
        account: 'support@example.com',
        conversationIds: [idOf('Customer question')],
        messages: 1,
      },
    ]);
  });

  it('with no accounts: the usage error, one line', async () => {
    const facade = await openFacade();
    await expect(facade.app.sync.runOnce()).rejects.toMatchObject({
      code: 'usage',
      message: 'no accounts yet; add one with `switchboard account add`',
    });
    await expect(facade.app.sync.start()).rejects.toMatchObject({ code: 'usage' });
  });

  it('a folder the server refuses: told as sync.failed, shown by sync.status, the rest synced', async () => {
    const facade = await openFacade();
    await addAccount(facade, BROKEN, 'BROKEN_PASSWORD');
    await chmod(secretDir(), 0);
    const result = await facade.app.sync.runOnce();
    const failure = {
      account: 'broken@example.com',
      mailbox: SECRET_FOLDER,
      code: 'protocol',
      message: expect.stringMatching(/^the server answered NO to /) as string,
    };
    expect(result.failures).toEqual([failure]);
    expect(result.accounts).toMatchObject([{ account: 'broken@example.com', added: 1 }]);
    expect(facade.of('sync.failed')).toEqual([{ type: 'sync.failed', ...failure }]);
    const [account] = (await facade.app.sync.status()).accounts;
    expect(account?.folderErrors).toEqual([
      { path: SECRET_FOLDER, error: result.failures[0]!.message },
    ]);
    expect(account?.syncError).toBeNull();

    // Readable again: synced, and the failure gone from the status.
    await chmod(secretDir(), 0o700);
    const healed = await facade.app.sync.runOnce();
    expect(healed.failures).toEqual([]);
    expect((await facade.app.sync.status()).accounts[0]?.folderErrors).toEqual([]);
  });

  it('a wrong password: the account fails as a whole, auth-failed, and the next one still syncs', async () => {
    const facade = await openFacade();
    await addAccount(facade, BROKEN, 'WRONG');
    await addAccount(facade, SUPPORT, 'SUPPORT_PASSWORD');
    const result = await facade.app.sync.runOnce();
    expect(result.failures).toEqual([
      {
        account: 'broken@example.com',
        mailbox: null,
        code: 'auth-failed',
        message: expect.stringMatching(/^authentication failed for broken at /) as string,
      },
    ]);
    expect(result.accounts.map((account) => account.account)).toEqual(['support@example.com']);
    // The accounts sync side by side: their connections are told in the order they happen.
    const byAccount = facade
      .of('connection.changed')
      .sort((a, b) => (a.account ?? '').localeCompare(b.account ?? ''));
    expect(byAccount).toEqual([
      {
        type: 'connection.changed',
        target: 'imap',
        account: 'broken@example.com',
        state: 'auth-failed',
      },
      {
        type: 'connection.changed',
        target: 'imap',
        account: 'support@example.com',
        state: 'online',
      },
    ]);
    const status = await facade.app.sync.status();
    expect(status.accounts.map((account) => account.syncError)).toEqual([
      result.failures[0]!.message,
      null,
    ]);
  });
});

describe('sync.runOnce with a team', () => {
  async function joined(): Promise<{ facade: Facade; memberId: string }> {
    const facade = await openFacade();
    await addAccount(facade, SUPPORT, 'SUPPORT_PASSWORD');
    const member = team.directory.addMember(workspaceId, {
      name: 'Ben',
      email: 'ben@example.com',
      role: 'agent',
    });
    await facade.app.team.join({ serverUrl: team.url, workspaceId, token: member.token });
    return { facade, memberId: member.memberId };
  }

  it('exchanges with the team server: confirmed, then refused once the token is revoked', async () => {
    const { facade, memberId } = await joined();
    const result = await facade.app.sync.runOnce();
    const exchange = {
      workspaceId: workspaceId,
      conversations: expect.any(Number) as number,
      delivery: 'confirmed',
      note: '',
    };
    expect(result).toMatchObject({ failures: [], team: exchange, teamError: null });
    expect(facade.of('sync.team')).toEqual([{ type: 'sync.team', exchange, error: null }]);
    expect((await facade.app.sync.status()).team).toBe('online');

    team.directory.revokeTokens(workspaceId, memberId);
    const refused = await facade.app.sync.runOnce();
    expect(refused.team).toMatchObject({
      delivery: 'refused',
      note: expect.stringMatching(/refused this app's token/) as string,
    });
    expect((await facade.app.sync.status()).team).toBe('token-refused');
  });

  it('a token refused before the workspace ever reached this machine: teamError, the mail synced', async () => {
    const { facade, memberId } = await joined();
    team.directory.revokeTokens(workspaceId, memberId);
    const result = await facade.app.sync.runOnce();
    expect(result.accounts).toHaveLength(1);
    expect(result.team).toBeNull();
    expect(result.teamError).toEqual({
      code: 'token-refused',
      message: expect.stringMatching(/refused this app's token/) as string,
    });
    expect(facade.of('sync.team')).toEqual([
      { type: 'sync.team', exchange: null, error: result.teamError },
    ]);
  });
});

describe('the running sync', () => {
  it('start, new mail pushed by IDLE as events, a second start refused, stop', async () => {
    const facade = await openFacade();
    await addAccount(facade, SUPPORT, 'SUPPORT_PASSWORD');
    await facade.app.sync.runOnce();
    expect((await facade.app.sync.status()).running).toBe(false);

    const started = await facade.app.sync.start();
    expect(started.running).toBe(true);
    expect(facade.of('sync.state')).toEqual([{ type: 'sync.state', running: true }]);
    expect(await codeOf(facade.app.sync.start())).toBe('locked');
    expect(await codeOf(facade.app.sync.runOnce())).toBe('locked');
    // Its first pass (nothing new), then new mail, which only IDLE brings in (polls are a minute).
    await until('the first pass', () => facade.of('sync.passed').length >= 1);
    const before = facade.events.length;
    const id = uniqueMessageId('pushed');
    await appendMessage(
      dovecot,
      SUPPORT,
      'INBOX',
      plainMessage({
        from: 'Pushed <pushed@customer.example>',
        to: 'support@example.com',
        subject: 'Pushed by IDLE',
        date: new Date(),
        messageId: id,
        text: 'New while the sync runs.',
      }),
    );
    const received = await until('mail.received', () =>
      facade.events.slice(before).find((event) => event.type === 'mail.received'),
    );
    const conversation = (await facade.app.mail.conversations({})).find(
      (row) => row.subject === 'Pushed by IDLE',
    );
    expect(received).toEqual({
      type: 'mail.received',
      account: 'support@example.com',
      conversationIds: [conversation!.id],
      messages: 1,
    });
    const changed = facade.events
      .slice(before)
      .filter((event) => event.type === 'conversations.changed');
    expect(changed).toContainEqual({
      type: 'conversations.changed',
      conversationIds: [conversation!.id],
      source: 'mail',
    });

    const stopped = await facade.app.sync.stop();
    expect(stopped.running).toBe(false);
    expect(facade.of('sync.state')).toEqual([
      { type: 'sync.state', running: true },
      { type: 'sync.state', running: false },
    ]);
    // Stopped: the lock is free again, a stop more does nothing.
    expect((await facade.app.sync.stop()).running).toBe(false);
    expect((await facade.app.sync.runOnce()).failures).toEqual([]);
  });

  it('a broken folder and a wrong password, as the running sync meets them', async () => {
    const facade = await openFacade();
    await addAccount(facade, BROKEN, 'BROKEN_PASSWORD');
    await addAccount(facade, SUPPORT, 'WRONG');
    await chmod(secretDir(), 0);
    await facade.app.sync.start();
    const folder = await until('the folder failure', () =>
      facade.of('sync.failed').find((event) => event.mailbox === SECRET_FOLDER),
    );
    expect(folder).toMatchObject({ account: 'broken@example.com', code: 'protocol' });
    const account = await until('the account failure', () =>
      facade.of('sync.failed').find((event) => event.account === 'support@example.com'),
    );
    expect(account).toMatchObject({ mailbox: null, code: 'auth-failed' });
    await until('auth-failed', () =>
      facade
        .of('connection.changed')
        .find((event) => event.account === 'support@example.com' && event.state === 'auth-failed'),
    );
    const status = await facade.app.sync.status();
    expect(status.running).toBe(true);
    expect(status.accounts).toMatchObject([
      { email: 'broken@example.com', folderErrors: [{ path: SECRET_FOLDER }] },
      { email: 'support@example.com', syncError: account.message },
    ]);
    await facade.app.sync.stop();
  });

  it('two facades on one data directory: one runs the sync, the other is refused, closing stops it', async () => {
    const first = await openFacade();
    await addAccount(first, SUPPORT, 'SUPPORT_PASSWORD');
    const second = await openFacade(first.dataDir);
    await first.app.sync.start();
    expect(await codeOf(second.app.sync.runOnce())).toBe('locked');
    expect(await codeOf(second.app.sync.start())).toBe('locked');
    expect((await second.app.sync.status()).running).toBe(false);

    // Closing the facade stops its sync and frees the data directory for the other.
    await first.app.close();
    expect(first.of('sync.state').at(-1)).toEqual({ type: 'sync.state', running: false });
    expect((await second.app.sync.runOnce()).accounts).toHaveLength(1);
  });
});

describe('closing the facade', () => {
  it('cuts a sync run once short (a server gone silent is not waited for) and frees the lock', async () => {
    const proxy = await startTcpProxy(dovecot.port);
    try {
      const facade = await openFacade();
      await facade.app.accounts.add({
        name: SUPPORT,
        email: 'support@example.com',
        imapUrl: `imap://${SUPPORT}@127.0.0.1:${proxy.port}`,
        password: { env: 'SUPPORT_PASSWORD' },
      });
      const running = codeOf(facade.app.sync.runOnce());
      // Logged in and listing folders: then the server hangs.
      await until('the folder listing', () => facade.of('sync.progress').length > 0);
      proxy.freeze();
      await facade.app.close();
      expect(await running).toBe('closed');
      const other = await openFacade(facade.dataDir);
      expect((await other.app.sync.start()).running).toBe(true);
      await other.app.sync.stop();
    } finally {
      await proxy.stop();
    }
  });
});

describe('stopping the running sync', () => {
  it('ends a connection still waiting for a greeting (with no deadline, only stop can end it)', async () => {
    // A server that accepts and never says a word.
    const proxy = await startTcpProxy(dovecot.port, { freeze: { afterServerBytes: 0 } });
    const facade = await openFacade();
    const db = openCache(facade.dataDir);
    try {
      await facade.app.accounts.add({
        name: SUPPORT,
        email: 'support@example.com',
        imapUrl: `imap://${SUPPORT}@127.0.0.1:${proxy.port}`,
        password: { env: 'SUPPORT_PASSWORD' },
      });
      let created = 0;
      const engine = new SyncEngine(db, environmentSecretStore(PASSWORDS), {
        imap: { deadlines: { greetingMs: 3_600_000 }, onClient: () => (created += 1) },
      });
      engine.start(listAccounts(db));
      // Both of the account's connections are waiting for their greeting.
      await until('two connections', () => created === 2);
      await engine.stop();
      expect(created).toBe(2);
    } finally {
      db.close();
      await proxy.stop();
    }
  });
});

describe('the sync methods through the dispatcher', () => {
  it('valid, invalid (the field named), and the core refusing', async () => {
    const facade = await openFacade();
    const dispatcher = createDispatcher(facade.app, silentLogger);
    for (const method of ['sync.runOnce', 'sync.start', 'sync.stop', 'sync.status'])
      expect(await dispatcher.handle({ method, params: { extra: 1 } })).toMatchObject({
        ok: false,
        error: { code: 'invalid', field: 'extra' },
      });
    // No account yet: the core refuses to sync.
    for (const method of ['sync.runOnce', 'sync.start'])
      expect(await dispatcher.handle({ method })).toMatchObject({
        ok: false,
        error: { code: 'usage', message: expect.stringMatching(/^no accounts yet/) as string },
      });
    expect(await dispatcher.handle({ method: 'sync.status' })).toEqual({
      ok: true,
      result: { running: false, accounts: [], team: 'none' },
    });

    await addAccount(facade, SUPPORT, 'SUPPORT_PASSWORD');
    const once = await dispatcher.handle({ method: 'sync.runOnce', params: {} });
    expect(once).toMatchObject({ ok: true, result: { failures: [], team: null } });
    expect(await dispatcher.handle({ method: 'sync.start' })).toMatchObject({
      ok: true,
      result: { running: true },
    });
    expect(await dispatcher.handle({ method: 'sync.runOnce' })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    expect(await dispatcher.handle({ method: 'sync.stop' })).toMatchObject({
      ok: true,
      result: { running: false },
    });
  });
});
