import { hasMailServer, type Account } from '../accounts/account-store.js';
import { isUserError } from '../errors.js';
import { SyncEngine } from '../sync/sync-engine.js';
import type { AppContext } from './app-context.js';
import { OutboxLoop } from './sending/outbox-loop.js';
import { watchSentReplies } from './sending/sent-lookout.js';
import type { SyncReporter } from './sync-reporter.js';

/**
 * The sync kept running (`sync.start` until `sync.stop`): the mail engine (IDLE on each Inbox,
 * the other folders polled) beside the team workspace followed live and the outbox sent as its
 * messages come due, under the data directory's sync lock, which it holds until it has stopped.
 */
export class RunningSync {
  private readonly engine: SyncEngine;
  /** Folder failures told already, so a folder that stays broken is not told at every poll. */
  private readonly told = new Map<string, string>();
  /** The team half's start: followed once it resolves (stop waits for it). */
  private readonly team: Promise<void>;
  /** The outbox, sent as its messages come due. */
  private readonly outbox: OutboxLoop;
  /** Stops bringing sent replies in at once (see watchSentReplies). */
  private readonly unwatchSent: () => void;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly app: AppContext,
    reporter: SyncReporter,
    accounts: Account[],
    private readonly releaseLock: () => void,
  ) {
    this.engine = new SyncEngine(app.db(), app.secrets, {
      ...reporter.hooks(),
      onPass: (result) => {
        reporter.passed(result);
        for (const folder of result.folders) this.told.delete(`${result.account}\n${folder.path}`);
        for (const failure of result.failures) {
          const key = `${result.account}\n${failure.path}`;
          if (this.told.get(key) === failure.error) continue;
          this.told.set(key, failure.error);
          reporter.folderFailed(result.account, failure);
        }
      },
      onError: (account, error) => reporter.accountFailed(account, error),
    });
    // A local account has no server to watch (its mail is filed here, src/sync/local-mailbox.ts).
    this.engine.start(accounts.filter(hasMailServer));
    this.outbox = new OutboxLoop(app);
    this.unwatchSent = watchSentReplies(app, this.engine);
    // Mail goes on whatever the team server does; its outcome is an event (sync.team).
    this.team = app.team.follow().then(
      (result) => void reporter.teamExchanged(result),
      (error: unknown) => {
        if (isUserError(error)) reporter.teamFailed(error);
        else app.logger.error('the team half of the running sync failed to start', error);
      },
    );
  }

  /** Stops everything and releases the lock; idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.unwatchSent();
      try {
        await Promise.all([
          this.engine.stop(),
          this.outbox.stop(),
          this.team.then(() => this.app.team.unfollow()),
        ]);
      } finally {
        this.releaseLock();
      }
    })();
    return this.stopping;
  }
}
