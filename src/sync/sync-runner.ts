import type { ImapFlow } from 'imapflow';
import type { Account } from '../accounts/account-store.js';
import { type SecretSource } from '../accounts/secrets.js';
import type { Db } from '../db/open-database.js';
import { connectImap, describeImapError, type ImapClientOptions } from '../imap/connect.js';
import type { MailConnectionError } from '../imap/connection-errors.js';
import { MailboxStore } from '../store/mailbox-store.js';
import { openCacheWriter, type CacheWriter } from '../store/cache-writer.js';
import { syncAccount, type AccountSyncResult } from './account-sync.js';
import { BulkSession } from './bulk-session.js';
import { FolderFailures } from './folder-failures.js';
import { KeyedMutex } from './keyed-mutex.js';
import type { ReceivedMail, SyncContext, SyncProgress } from './sync-context.js';
import { isUserError } from '../errors.js';

export interface SyncHooks {
  onProgress?: (progress: SyncProgress) => void;
  onChange?: (conversationIds: string[]) => void;
  onReceived?: (received: ReceivedMail) => void;
  /** A connection to the account's server logged in (the failures come as errors). */
  onConnected?: (account: Account) => void;
  imap?: ImapClientOptions;
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped, so a flapping server is not hammered. */
export function backoffDelay(attempt: number, capMs = 60_000): number {
  const base = Math.min(capMs, 1000 * 2 ** attempt);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/**
 * Waits `ms`, or less if the signal aborts. The abort listener goes with the wait: a sync that
 * retries a failing account every few seconds for days must not pile listeners on its signal.
 */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const abort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', abort, { once: true });
  });

export function makeContext(
  db: Db,
  cache: CacheWriter,
  bulk: BulkSession,
  account: Account,
  client: ImapFlow,
  locks: KeyedMutex,
  hooks: SyncHooks,
): SyncContext {
  return {
    bulk,
    db,
    account,
    client,
    mailboxes: new MailboxStore(db),
    cache,
    locks,
    failures: new FolderFailures(cache),
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
    ...(hooks.onChange ? { onChange: hooks.onChange } : {}),
    ...(hooks.onReceived ? { onReceived: hooks.onReceived } : {}),
  };
}

/**
 * How a failed pass is reported: `failure` when it is the server's or the network's doing (one
 * line), and `shown`, what the user is told (the error itself otherwise: a missing password, a
 * full disk, a bug). `shown` is also kept on the account's row, except a bug's.
 */
export function accountFailure(
  error: unknown,
  account: Account,
  client: ImapFlow | undefined,
  hooks: SyncHooks,
): { failure: MailConnectionError | undefined; shown: Error } {
  const failure = describeImapError(error, account, {
    client,
    deadlines: hooks.imap?.deadlines,
  });
  return { failure, shown: failure ?? (error instanceof Error ? error : new Error(String(error))) };
}

/**
 * Keeps an account's last failure on its row for a UI, or clears it (null) after a good pass.
 * Best effort: a cache that cannot take it (a full disk) must not hide the failure itself.
 */
export async function recordAccountError(
  cache: CacheWriter,
  account: Account,
  error: Error | null,
): Promise<void> {
  // A bug is ours to fix, not a state of the account.
  if (error !== null && !isUserError(error)) return;
  await cache
    .run({
      type: 'sync-error',
      target: { accountId: account.id },
      error: error === null ? null : error.message,
    })
    .catch(() => undefined);
}

/**
 * One complete sync of one account on a fresh connection. A dropped connection is retried with
 * backoff (the pass resumes where the cache left off); a wrong password is not, and neither is a
 * stalled server (deadlines.ts): a second wait as long as the first would rarely end better.
 */
export async function syncAccountOnce(
  db: Db,
  account: Account,
  secrets: SecretSource,
  hooks: SyncHooks = {},
  options: { attempts?: number; bodies?: boolean; signal?: AbortSignal } = {},
): Promise<AccountSyncResult> {
  const locks = new KeyedMutex();
  const cache = openCacheWriter(db);
  try {
    return await syncWithRetries(db, cache, account, secrets, hooks, options, locks);
  } finally {
    await cache.close();
  }
}

async function syncWithRetries(
  db: Db,
  cache: CacheWriter,
  account: Account,
  secrets: SecretSource,
  hooks: SyncHooks,
  options: { attempts?: number; bodies?: boolean; signal?: AbortSignal },
  locks: KeyedMutex,
): Promise<AccountSyncResult> {
  const attempts = options.attempts ?? 4;
  const bulk = new BulkSession(account, secrets, hooks.imap?.deadlines);
  for (let attempt = 0; ; attempt += 1) {
    let client: ImapFlow | undefined;
    try {
      client = await connectImap(account, secrets, hooks.imap);
      hooks.onConnected?.(account);
      const result = await syncAccount(
        makeContext(db, cache, bulk, account, client, locks, hooks),
        {
          bodies: options.bodies ?? true,
        },
      );
      await Promise.all([client.logout().catch(() => undefined), bulk.close()]);
      await recordAccountError(cache, account, null);
      return result;
    } catch (error) {
      client?.close();
      bulk.discard();
      const { failure, shown } = accountFailure(error, account, client, hooks);
      // A missing password will still be missing in a second: say so at once.
      const retry =
        failure !== undefined &&
        failure.retryable &&
        failure.kind !== 'timeout' &&
        attempt + 1 < attempts &&
        !options.signal?.aborted;
      if (!retry) {
        await recordAccountError(cache, account, shown);
        throw shown;
      }
      await sleep(backoffDelay(attempt, 8000), options.signal);
    }
  }
}
