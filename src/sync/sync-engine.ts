import type { ImapFlow } from 'imapflow';
import type { Account } from '../accounts/account-store.js';
import type { SecretSource } from '../accounts/secrets.js';
import type { Db } from '../db/open-database.js';
import { connectImap } from '../imap/connect.js';
import type { MailConnectionError } from '../imap/connection-errors.js';
import { syncAccount, type AccountSyncResult } from './account-sync.js';
import { openCacheWriter, type CacheWriter } from '../store/cache-writer.js';
import { BulkSession } from './bulk-session.js';
import { KeyedMutex } from './keyed-mutex.js';
import {
  accountFailure,
  backoffDelay,
  makeContext,
  recordAccountError,
  sleep,
  type SyncHooks,
} from './sync-runner.js';

export interface EngineHooks extends SyncHooks {
  onPass?: (result: AccountSyncResult) => void;
  onError?: (account: Account, error: Error) => void;
}

export interface EngineOptions {
  /** How often folders other than the Inbox are looked at (the Inbox is pushed by IDLE). */
  pollIntervalMs?: number;
}

/**
 * Keeps accounts in sync until stopped: per account, one connection IDLEs on the Inbox (RFC 2177)
 * and only listens; a second one does the work (passes over all folders, then Inbox-only passes
 * whenever the first reports a change, and a full pass on every poll tick). Both reconnect with
 * backoff when dropped.
 */
export class SyncEngine {
  private readonly controller = new AbortController();
  private readonly running: Promise<void>[] = [];
  private readonly watchers = new Map<string, AccountWatcher>();
  private cache: CacheWriter | undefined;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretSource,
    private readonly hooks: EngineHooks = {},
    private readonly options: EngineOptions = {},
  ) {}

  start(accounts: Account[]): void {
    // One writer for all accounts: the cache has a single writer.
    const cache = (this.cache ??= openCacheWriter(this.db));
    for (const account of accounts) {
      const watcher = new AccountWatcher(
        this.db,
        cache,
        account,
        this.secrets,
        this.hooks,
        this.options,
        this.controller.signal,
      );
      this.watchers.set(account.id, watcher);
      this.running.push(watcher.run());
    }
  }

  /**
   * Looks at these folders of the account now rather than at the next poll: where something is
   * known to have arrived that no IDLE tells of (a reply a teammate just sent, filed in Sent).
   */
  lookAt(accountId: string, paths: readonly string[]): void {
    this.watchers.get(accountId)?.lookAt(paths);
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled(this.running);
    await this.cache?.close();
  }
}

class AccountWatcher {
  private wake: (() => void) | undefined;
  private inboxChanged = false;
  /** Folders asked to be looked at before the next poll (`lookAt`). */
  private readonly asked = new Set<string>();
  private readonly locks = new KeyedMutex();
  private readonly clients = new Set<ImapFlow>();

  constructor(
    private readonly db: Db,
    private readonly cache: CacheWriter,
    private readonly account: Account,
    private readonly secrets: SecretSource,
    private readonly hooks: EngineHooks,
    private readonly options: EngineOptions,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener(
      'abort',
      () => {
        for (const client of this.clients) client.close();
        this.wake?.();
      },
      { once: true },
    );
  }

  async run(): Promise<void> {
    await Promise.all([this.workLoop(), this.idleLoop()]);
  }

  lookAt(paths: readonly string[]): void {
    for (const path of paths) this.asked.add(path);
    this.wake?.();
  }

  private async workLoop(): Promise<void> {
    let attempt = 0;
    let fullPassDue = true;
    const bulk = new BulkSession(this.account, this.secrets, this.hooks.imap?.deadlines);
    while (!this.signal.aborted) {
      let client: ImapFlow | undefined;
      try {
        client = await this.connect();
        const ctx = makeContext(
          this.db,
          this.cache,
          bulk,
          this.account,
          client,
          this.locks,
          this.hooks,
        );
        attempt = 0;
        while (!this.signal.aborted) {
          // Between full passes, only the folders known to have news: the Inbox (IDLE), and
          // those asked for.
          const only = new Set([...(this.inboxChanged ? ['INBOX'] : []), ...this.asked]);
          this.inboxChanged = false;
          this.asked.clear();
          // Polls compare every flag only every few minutes (folder-sync.ts, FlagCheck).
          const result = await syncAccount(ctx, {
            flagCheck: 'periodic',
            watched: ['INBOX'],
            ...(fullPassDue || only.size === 0 ? {} : { only: [...only] }),
          }).finally(() => bulk.close());
          this.hooks.onPass?.(result);
          await recordAccountError(this.cache, this.account, null);
          fullPassDue = false;
          if (!(await this.waitForWork())) fullPassDue = true;
        }
      } catch (error) {
        if (this.signal.aborted) break;
        if (!this.report(error, client)?.retryable) attempt = Math.max(attempt, 5);
        await sleep(backoffDelay(attempt++), this.signal);
        fullPassDue = true;
      } finally {
        if (client) this.release(client);
      }
    }
  }

  /** Resolves true when the Inbox changed or folders were asked for, false when the poll interval passed. */
  private waitForWork(): Promise<boolean> {
    // A pass that ended after stop() (its last steps need no IMAP) must not then wait a poll.
    if (this.inboxChanged || this.asked.size > 0 || this.signal.aborted)
      return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve(false);
      }, this.options.pollIntervalMs ?? 60_000);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(true);
      };
    });
  }

  private async idleLoop(): Promise<void> {
    let attempt = 0;
    while (!this.signal.aborted) {
      let client: ImapFlow | undefined;
      try {
        client = await this.connect();
        const changed = () => {
          this.inboxChanged = true;
          this.wake?.();
        };
        client.on('exists', changed);
        client.on('expunge', changed);
        client.on('flags', changed);
        await client.mailboxOpen('INBOX', { readOnly: true });
        // IDLE tells only of changes after this SELECT. One made since the Inbox was last looked
        // at (while the app was closed or this connection down, or a moment ago, before the
        // SELECT) would wait for the next full flag comparison if it leaves STATUS alone
        // (\Flagged without CONDSTORE): look at the Inbox once now, its newest flags included.
        changed();
        attempt = 0;
        const closed = new Promise<void>((resolve) => client!.once('close', () => resolve()));
        // imapflow IDLEs on its own when the connection is free; start at once rather than after
        // its default delay, then wait for the connection to end.
        void client.idle().catch(() => undefined);
        await closed;
      } catch (error) {
        if (this.signal.aborted) break;
        this.report(error, client);
      } finally {
        if (client) this.release(client);
      }
      if (!this.signal.aborted) await sleep(backoffDelay(attempt++), this.signal);
    }
  }

  /** Tells the user (onError) and the account's row; the failure, when it is the server's. */
  private report(error: unknown, client: ImapFlow | undefined): MailConnectionError | undefined {
    const { failure, shown } = accountFailure(error, this.account, client, this.hooks);
    this.hooks.onError?.(this.account, shown);
    void recordAccountError(this.cache, this.account, shown);
    return failure;
  }

  private async connect(): Promise<ImapFlow> {
    let created: ImapFlow | undefined;
    try {
      const client = await connectImap(this.account, this.secrets, {
        ...this.hooks.imap,
        // Held from the start, so stop() also ends a connection still waiting to be greeted
        // (a silent server) instead of waiting for its deadline.
        onClient: (client) => {
          created = client;
          this.clients.add(client);
          this.hooks.imap?.onClient?.(client);
        },
      });
      if (this.signal.aborted) client.close();
      else this.hooks.onConnected?.(this.account);
      return client;
    } catch (error) {
      if (created) this.clients.delete(created);
      throw error;
    }
  }

  private release(client: ImapFlow): void {
    this.clients.delete(client);
    client.close();
  }
}
