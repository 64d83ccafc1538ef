import { isUserError } from '../errors.js';
import type { Switchboard } from './open-switchboard.js';

/*
 * An app that runs (the desktop app, `switchboard serve`) keeps syncing: the running sync (IMAP,
 * the outbox, the team connection) from the start, restarted when the accounts change (a running
 * sync works the accounts it started with). Without accounts there is nothing to run until one
 * is added.
 */

export interface SyncKeeper {
  /** Stops reacting to changes; the app's close stops the running sync itself. */
  stop(): void;
}

export function keepSyncing(app: Switchboard, log: (line: string) => void): SyncKeeper {
  let stopped = false;
  let toldLocked = false;
  // One start or restart at a time, in order.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (step: () => Promise<void>) => {
    queue = queue
      .then(() => (stopped ? undefined : step()))
      .catch((error: unknown) => {
        if (stopped || isUserError(error, 'closed')) return;
        // No accounts yet: the sync starts with the first one.
        if (isUserError(error, 'usage')) return;
        if (isUserError(error, 'locked')) {
          if (!toldLocked)
            log(
              `not syncing: ${error.message} (another switchboard sync or serve on this data directory?); serving its cache`,
            );
          toldLocked = true;
          return;
        }
        log(`the running sync could not start: ${(error as Error).message}`);
      });
  };
  enqueue(async () => {
    await app.sync.start();
  });
  const unsubscribe = app.subscribe((event) => {
    if (event.type !== 'accounts.changed') return;
    enqueue(async () => {
      await app.sync.stop();
      await app.sync.start();
    });
  });
  return {
    stop() {
      stopped = true;
      unsubscribe();
    },
  };
}
