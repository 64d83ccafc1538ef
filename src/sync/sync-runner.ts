import type { ImapFlow } from 'imapflow';
import type { Account } from '../accounts/account-store.js';
import { type SecretSource } from '../accounts/secrets.js';
import type { Db } from '../db/open-database.js';
import {
  connectImap,
  describeImapError,
  MailConnectionError,
  type ImapClientOptions,
} from '../imap/connect.js';
import { MailboxStore } from '../store/mailbox-store.js';
import { openCacheWriter, type CacheWriter } from '../store/cache-writer.js';
import { syncAccount, type AccountSyncResult } from './account-sync.js';
import { BulkSession } from './bulk-session.js';
import { KeyedMutex } from './keyed-mutex.js';
import type { SyncContext, SyncProgress } from './sync-context.js';
import { isUserError } from '../errors.js';

export interface SyncHooks {
  onProgress?: (progress: SyncProgress) => void;
  onChange?: (conversationIds: string[]) => void;
  imap?: ImapClientOptions;
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped, so a flapping server is not hammered. */
export function backoffDelay(attempt: number, capMs = 60_000): number {
  const base = Math.min(capMs, 1000 * 2 ** attempt);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
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
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
    ...(hooks.onChange ? { onChange: hooks.onChange } : {}),
  };
}

/**
 * One complete sync of one account on a fresh connection. A dropped connection is retried with
 * backoff (the pass resumes where the cache left off); a wrong password is not.
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
  const bulk = new BulkSession(account, secrets);
  for (let attempt = 0; ; attempt += 1) {
    let client: ImapFlow | undefined;
    try {
      client = await connectImap(account, secrets, hooks.imap);
      const result = await syncAccount(
        makeContext(db, cache, bulk, account, client, locks, hooks),
        {
          bodies: options.bodies ?? true,
        },
      );
      await Promise.all([client.logout().catch(() => undefined), bulk.close()]);
      return result;
    } catch (error) {
      client?.close();
      bulk.discard();
      // A missing password will still be missing in a second: say so at once.
      if (isUserError(error, 'missing-secret')) throw error;
      const failure = describeImapError(error, account);
      if (!failure.retryable || attempt + 1 >= attempts || options.signal?.aborted) {
        throw failure instanceof MailConnectionError && failure.kind !== 'protocol'
          ? failure
          : error;
      }
      await sleep(backoffDelay(attempt, 8000), options.signal);
    }
  }
}
