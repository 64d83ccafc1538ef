import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAccount } from '../../../src/accounts/account-store.js';
import { expect } from 'vitest';
import {
  createDispatcher,
  type CallResponse,
  type Dispatcher,
} from '../../../src/app/contract/dispatcher.js';
import type { MethodName } from '../../../src/app/contract/inputs.js';
import type { AppEvent } from '../../../src/app/contract/events.js';
import type { AccountSummary } from '../../../src/app/contract/outputs.js';
import { environmentSecretStore } from '../../../src/app/environment-secret-store.js';
import { openCache } from '../../../src/app/open-cache.js';
import {
  openSwitchboard,
  type Switchboard,
  type SwitchboardOptions,
} from '../../../src/app/open-switchboard.js';
import type { Logger } from '../../../src/app/platform.js';
import { syncAccountOnce } from '../../../src/sync/sync-runner.js';
import type { Dovecot } from '../../helpers/dovecot.js';

/*
 * A facade over a data directory whose one account is a real Dovecot user, synced by the real
 * sync (src/sync), with every event it emits recorded: what the facade tests drive.
 */

/** The environment variable the account's password reference names (the CLI's way). */
export const PASSWORD_VARIABLE = 'FACADE_TEST_PASSWORD';

/** An attachment's bytes: every byte value, so any re-encoding on the way shows. */
export const REPORT = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));

/** A customer's message with `report.bin` (REPORT) attached, base64 in 76-character lines. */
export function mailWithAttachment(messageId: string, subject: string): string {
  return [
    `Message-ID: <${messageId}>`,
    'From: Ana <ana@customer.example>',
    'To: support@example.com',
    `Subject: ${subject}`,
    'Date: Tue, 03 Mar 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The report is attached.',
    '--outer',
    'Content-Type: application/octet-stream; name="report.bin"',
    'Content-Disposition: attachment; filename="report.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    REPORT.toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--outer--',
    '',
  ].join('\r\n');
}

/** Calls through a dispatcher as a front end makes them; every answer must be plain JSON. */
export function dispatching(dispatcher: Dispatcher) {
  const call = async (method: MethodName, params?: unknown): Promise<CallResponse> => {
    const response = await dispatcher.handle({ method, params });
    expect(JSON.parse(JSON.stringify(response)), 'the answer is plain JSON').toEqual(response);
    return response;
  };
  /** The result of a call that must succeed. */
  const result = async <T>(method: MethodName, params?: unknown): Promise<T> => {
    const response = await call(method, params);
    if (!response.ok) throw new Error(`${method} failed: ${JSON.stringify(response.error)}`);
    return response.result as T;
  };
  return { call, result };
}

export interface SyncedFacade extends ReturnType<typeof dispatching> {
  dataDir: string;
  app: Switchboard;
  dispatcher: Dispatcher;
  /** Every event the facade emitted, in order. */
  events: AppEvent[];
  /** What the facade and the dispatcher logged as errors (an internal error's cause). */
  errors: Array<{ message: string; error: unknown }>;
  account: AccountSummary;
  /** One sync of the account (src/sync, on a connection of its own to the cache). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a facade on a fresh data directory, adds Dovecot's `user` through it (password by
 * variable) and syncs it once. `options`: the facade's clock and settings, if not the defaults.
 */
export async function openSyncedFacade(
  dovecot: Dovecot,
  user: string,
  options: Pick<SwitchboardOptions, 'clock' | 'settings'> = {},
): Promise<SyncedFacade> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-facade-'));
  const dataDir = join(dir, 'data');
  const password = dovecot.users.find((candidate) => candidate.user === user)?.password;
  const secrets = environmentSecretStore({ [PASSWORD_VARIABLE]: password });
  const errors: SyncedFacade['errors'] = [];
  const logger: Logger = {
    warn: () => undefined,
    error: (message, error) => errors.push({ message, error }),
  };
  const app = await openSwitchboard({ dataDir, secrets, logger, ...options });
  const events: AppEvent[] = [];
  app.subscribe((event) => events.push(event));
  const account = await app.accounts.add({
    name: 'Support',
    email: `${user}@example.com`,
    imapUrl: `imap://${user}@${dovecot.host}:${dovecot.port}`,
    password: { env: PASSWORD_VARIABLE },
  });
  const sync = async () => {
    const db = openCache(dataDir);
    try {
      await syncAccountOnce(db, getAccount(db, account.id), secrets);
    } finally {
      db.close();
    }
  };
  await sync();
  const dispatcher = createDispatcher(app, logger);
  return {
    dataDir,
    app,
    dispatcher,
    ...dispatching(dispatcher),
    events,
    errors,
    account,
    sync,
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
