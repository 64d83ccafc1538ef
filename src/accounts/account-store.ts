import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open-database.js';
import { formatServerUrl, parseServerUrl, type ServerEndpoint } from './server-url.js';
import { UserError } from '../errors.js';

export interface Account {
  id: string;
  name: string;
  email: string;
  imap: ServerEndpoint;
  smtp: ServerEndpoint | null;
  passwordRef: string | null;
  /**
   * What its secret is: a password, or an OAuth 2.0 access token sent as XOAUTH2 to IMAP and SMTP
   * (https://developers.google.com/gmail/imap/xoauth2-protocol).
   */
  auth: AccountAuth;
  /** Its provider files what it sends in Sent itself (Gmail does): the outbox appends no copy. */
  providerFilesSent: boolean;
  /** Where its mail lives: on an IMAP server, or in this cache alone (`local`, the demo's). */
  transport: AccountTransport;
  createdAt: number;
}

export const ACCOUNT_AUTHS = ['password', 'xoauth2'] as const;
export type AccountAuth = (typeof ACCOUNT_AUTHS)[number];

/**
 * `imap`: the server is the truth, the cache its copy. `local`: a mailbox with no server behind
 * it (migration 011): nothing connects anywhere for it, its mail is filed by
 * src/sync/local-mailbox.ts and its mail actions are final where they are made.
 */
export const ACCOUNT_TRANSPORTS = ['imap', 'local'] as const;
export type AccountTransport = (typeof ACCOUNT_TRANSPORTS)[number];

interface AccountRow {
  id: string;
  name: string;
  email: string;
  imap_url: string;
  smtp_url: string | null;
  password_ref: string | null;
  auth: AccountAuth;
  provider_files_sent: number;
  transport: AccountTransport;
  created_at: number;
}

const fromRow = (row: AccountRow): Account => ({
  id: row.id,
  name: row.name,
  email: row.email,
  imap: parseServerUrl(row.imap_url, 'imap'),
  smtp: row.smtp_url ? parseServerUrl(row.smtp_url, 'smtp') : null,
  passwordRef: row.password_ref,
  auth: row.auth,
  providerFilesSent: row.provider_files_sent === 1,
  transport: row.transport,
  createdAt: row.created_at,
});

const toRow = (account: Account): AccountRow => ({
  id: account.id,
  name: account.name,
  email: account.email,
  imap_url: formatServerUrl(account.imap),
  smtp_url: account.smtp ? formatServerUrl(account.smtp) : null,
  password_ref: account.passwordRef,
  auth: account.auth,
  provider_files_sent: account.providerFilesSent ? 1 : 0,
  transport: account.transport,
  created_at: account.createdAt,
});

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
/** Whether `text` is an address as accounts (and team filters) take it: `local@domain`, no spaces. */
export const isEmailAddress = (text: string): boolean => EMAIL.test(text);

export function addAccount(
  db: Db,
  input: {
    name: string;
    email: string;
    imap: ServerEndpoint;
    smtp?: ServerEndpoint | null;
    passwordRef?: string | null;
    auth?: AccountAuth;
    providerFilesSent?: boolean;
    transport?: AccountTransport;
  },
): Account {
  const email = input.email.trim();
  if (!EMAIL.test(email)) throw new UserError('invalid', `not an email address: ${input.email}`);
  const name = accountName(input.name);
  const existing = db.prepare('SELECT id FROM accounts WHERE email = ?').get(email) as
    { id: string } | undefined;
  if (existing)
    throw new UserError('conflict', `an account for ${email} already exists (${existing.id})`);
  const account: Account = {
    id: randomUUID(),
    name,
    email,
    imap: input.imap,
    smtp: input.smtp ?? null,
    passwordRef: input.passwordRef ?? null,
    auth: input.auth ?? 'password',
    providerFilesSent: input.providerFilesSent ?? false,
    transport: input.transport ?? 'imap',
    createdAt: Date.now(),
  };
  db.prepare(
    `INSERT INTO accounts (id, name, email, imap_url, smtp_url, password_ref, auth, provider_files_sent, transport, created_at)
     VALUES (@id, @name, @email, @imap_url, @smtp_url, @password_ref, @auth, @provider_files_sent, @transport, @created_at)`,
  ).run(toRow(account));
  return account;
}

/** What `updateAccount` may change: everything but the address, which conversation ids derive from. */
export interface AccountChanges {
  name?: string;
  imap?: ServerEndpoint;
  /** null: the account sends no mail any more. */
  smtp?: ServerEndpoint | null;
  passwordRef?: string | null;
  auth?: AccountAuth;
  providerFilesSent?: boolean;
}

/** Changes an account (by id or address) and returns it as it is now. */
export function updateAccount(db: Db, idOrEmail: string, changes: AccountChanges): Account {
  const account = getAccount(db, idOrEmail);
  const updated: Account = {
    ...account,
    ...(changes.name !== undefined ? { name: accountName(changes.name) } : {}),
    ...(changes.imap ? { imap: changes.imap } : {}),
    ...(changes.smtp !== undefined ? { smtp: changes.smtp } : {}),
    ...(changes.passwordRef !== undefined ? { passwordRef: changes.passwordRef } : {}),
    ...(changes.auth !== undefined ? { auth: changes.auth } : {}),
    ...(changes.providerFilesSent !== undefined
      ? { providerFilesSent: changes.providerFilesSent }
      : {}),
  };
  db.prepare(
    `UPDATE accounts SET name = @name, imap_url = @imap_url, smtp_url = @smtp_url,
       password_ref = @password_ref, auth = @auth, provider_files_sent = @provider_files_sent
     WHERE id = @id`,
  ).run(toRow(updated));
  return updated;
}

function accountName(name: string): string {
  if (!name.trim()) throw new UserError('invalid', 'an account needs a name');
  return name.trim();
}

/**
 * The accounts in the order they were added: two added in the same millisecond keep theirs by
 * rowid (the insertion order), not by their random ids.
 */
export function listAccounts(db: Db): Account[] {
  return (
    db.prepare('SELECT * FROM accounts ORDER BY created_at, rowid').all() as AccountRow[]
  ).map(fromRow);
}

export function getAccount(db: Db, id: string): Account {
  const row = db.prepare('SELECT * FROM accounts WHERE id = ? OR email = ?').get(id, id) as
    AccountRow | undefined;
  if (!row) throw new UserError('not-found', `unknown account: ${id}`);
  return fromRow(row);
}

/**
 * A local account (transport `local`): its mail is filed into the cache by the app itself
 * (src/sync/local-mailbox.ts). `imap_url` still holds an address, one under `.invalid`, which no
 * resolver ever answers (RFC 6761 §6.4): should anything try to reach its server by mistake,
 * it reaches nothing.
 */
export function addLocalAccount(db: Db, input: { name: string; email: string }): Account {
  const imap = parseServerUrl(
    `imap://${encodeURIComponent(input.email.trim())}@local.invalid`,
    'imap',
  );
  return addAccount(db, { ...input, imap, transport: 'local' });
}

/** Whether the account's mail comes from a server: every account but a local one. */
export const hasMailServer = (account: Pick<Account, 'transport'>): boolean =>
  account.transport !== 'local';

/** Refuses to reach the server of a local account, which has none (see addLocalAccount). */
export function requireServer(account: Pick<Account, 'email' | 'transport'>): void {
  if (!hasMailServer(account))
    throw new UserError(
      'invalid',
      `${account.email} is a local mailbox: it has no mail server to connect to`,
    );
}
