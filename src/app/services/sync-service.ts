import type { ImapFlow } from 'imapflow';
import { hasMailServer, listAccounts, type Account } from '../../accounts/account-store.js';
import type { Db } from '../../db/open-database.js';
import { isUserError, UserError } from '../../errors.js';
import { syncAccountOnce } from '../../sync/sync-runner.js';
import { readTeamConfig } from '../../team/client/team-config.js';
import type { AppContext } from '../app-context.js';
import type {
  AccountSyncSummary,
  SyncFailure,
  SyncOnceResult,
  SyncStatus,
} from '../contract/outputs.js';
import { syncLockFile } from '../data-dir.js';
import { RunningSync } from '../running-sync.js';
import { appOutboxSender } from '../sending/app-outbox.js';
import { syncHealth } from '../sync-health.js';
import { acquireSyncLock } from '../sync-lock.js';
import { SyncReporter } from '../sync-reporter.js';

/**
 * The sync of the data directory's mail, team state and outbox: run once, or kept running until stopped,
 * one at a time per data directory (the sync lock, also between processes), every change and
 * failure told as events (contract/events.ts).
 */
export class SyncService {
  private readonly reporter: SyncReporter;
  private running: RunningSync | undefined;
  private stopping: Promise<void> | undefined;
  /** The sync run once now, and how to cut it short (close). */
  private once: { done: Promise<unknown>; abort: () => void } | undefined;

  constructor(private readonly app: AppContext) {
    this.reporter = new SyncReporter(app.events, () => app.clock.now());
    app.events.subscribe((event) => {
      if (
        event.type === 'connection.changed' &&
        event.target === 'team' &&
        event.state !== 'auth-failed'
      )
        this.reporter.teamConnectionChanged(event.state);
    });
  }

  /**
   * Every account in turn (a folder or an account that fails is told and the others go on), then
   * the team workspace both ways.
   */
  runOnce(): Promise<SyncOnceResult> {
    const db = this.app.db();
    const accounts = requireAccounts(db);
    const release = acquireSyncLock(syncLockFile(this.app.dataDir));
    const controller = new AbortController();
    const clients = new Set<ImapFlow>();
    const done = this.syncOnce(db, accounts, controller.signal, clients).finally(() => {
      release();
      this.once = undefined;
    });
    this.once = {
      done: done.catch(() => undefined),
      abort: () => {
        controller.abort();
        for (const client of clients) client.close();
      },
    };
    return done;
  }

  /** Starts keeping everything in sync: IDLE and polls for mail, the team workspace live. */
  async start(): Promise<SyncStatus> {
    await this.stopping;
    if (this.running) throw new UserError('locked', 'the sync is running already');
    const accounts = requireAccounts(this.app.db());
    const release = acquireSyncLock(syncLockFile(this.app.dataDir));
    try {
      this.running = new RunningSync(this.app, this.reporter, accounts, release);
    } catch (error) {
      release();
      throw error;
    }
    this.app.events.emit({ type: 'sync.state', running: true });
    return this.status();
  }

  /** Stops the running sync (nothing to do when none runs) and releases what it held. */
  async stop(): Promise<SyncStatus> {
    await this.halt();
    return this.status();
  }

  /** Stops the running sync, if one runs; reads nothing (closing must not open the cache). */
  private async halt(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.stopping ??= running.stop().finally(() => {
      this.running = undefined;
      this.stopping = undefined;
      this.app.events.emit({ type: 'sync.state', running: false });
    });
    await this.stopping;
  }

  status(): SyncStatus {
    const db = this.app.hasCache() ? this.app.db() : undefined;
    return {
      running: this.running !== undefined && this.stopping === undefined,
      accounts: db ? syncHealth(db, (account) => this.reporter.lastPass(account)) : [],
      team: this.teamState(db),
    };
  }

  /** The application closes: a running sync stops, a sync run once is cut short. */
  async close(): Promise<void> {
    const once = this.once;
    once?.abort();
    await Promise.all([this.halt(), once?.done]);
  }

  private async syncOnce(
    db: Db,
    accounts: Account[],
    signal: AbortSignal,
    clients: Set<ImapFlow>,
  ): Promise<SyncOnceResult> {
    const closed = () => new UserError('closed', 'this Switchboard was closed during the sync');
    const hooks = this.reporter.hooks({
      // Held so `close` can cut a pass short.
      onClient: (client) => {
        clients.add(client);
        client.once('close', () => clients.delete(client));
      },
    });
    const summaries: AccountSyncSummary[] = [];
    const failures: SyncFailure[] = [];
    // A local account's mail is in the cache already, and nowhere else to sync it with.
    for (const account of accounts.filter(hasMailServer)) {
      if (signal.aborted) throw closed();
      try {
        const result = await syncAccountOnce(db, account, this.app.secrets, hooks, { signal });
        summaries.push(this.reporter.passed(result));
        for (const failure of result.failures)
          failures.push(this.reporter.folderFailed(result.account, failure));
      } catch (error) {
        if (signal.aborted) throw closed();
        if (!isUserError(error)) throw error;
        failures.push(this.reporter.accountFailed(account, error));
      }
    }
    if (signal.aborted) throw closed();
    // The team half goes both ways too before the sync ends (nothing without a workspace).
    let result: SyncOnceResult;
    try {
      const team = this.reporter.teamExchanged(await this.app.team.syncOnce());
      result = { accounts: summaries, failures, team, teamError: null };
    } catch (error) {
      if (!isUserError(error)) throw error;
      result = {
        accounts: summaries,
        failures,
        team: null,
        teamError: this.reporter.teamFailed(error),
      };
    }
    // Then the outbox, its collision guard reading the mail and the team state just brought in;
    // each message's outcome is an event (outbox.changed) and in `outbox.list`.
    if (signal.aborted) throw closed();
    const sender = appOutboxSender(this.app);
    await sender.recover();
    await sender.sendDue();
    return result;
  }

  private teamState(db: Db | undefined): SyncStatus['team'] {
    const config = db && readTeamConfig(db, this.app.dataDir);
    if (!config) return 'none';
    if (config.serverUrl === null) return 'solo';
    // Not connected by any sync of this app yet.
    return this.reporter.teamConnection() ?? 'offline';
  }
}

function requireAccounts(db: Db): Account[] {
  const accounts = listAccounts(db);
  if (accounts.length === 0)
    throw new UserError('usage', 'no accounts yet; add one with `switchboard account add`');
  return accounts;
}
