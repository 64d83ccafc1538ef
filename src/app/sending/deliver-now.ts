import { isUserError } from '../../errors.js';
import { OutboxStore, type OutboxEntry } from '../../outbox/outbox-store.js';
import type { AppContext } from '../app-context.js';
import { syncLockFile } from '../data-dir.js';
import { acquireSyncLock } from '../sync-lock.js';
import { appOutboxSender } from './app-outbox.js';

/** How often a send-now waiting on a running sync looks at its message. */
const LOOK_EVERY_MS = 200;

/**
 * Sends one due message now and returns it as it ended. Every sender runs under the data
 * directory's sync lock (outbox-sender.ts): when it is free, this call is the sender (what a dead
 * sender left is recovered first); when a sync holds it (here or in another process), that sync
 * sends the message within a second, and this call waits until the message is sent, failed,
 * unknown or held, or its try failed for now (queued again, with the error: offline, say), at
 * most `sendNowWaitMs`; then it answers with the message as it is.
 */
export async function deliverNow(app: AppContext, id: number): Promise<OutboxEntry> {
  const store = new OutboxStore(app.db());
  let release: (() => void) | undefined;
  try {
    release = acquireSyncLock(syncLockFile(app.dataDir));
  } catch (error) {
    if (!isUserError(error, 'locked')) throw error;
  }
  if (release) {
    try {
      const sender = appOutboxSender(app);
      await sender.recover();
      await sender.sendDue({ ids: [id] });
    } finally {
      release();
    }
    return store.require(id);
  }
  const before = store.require(id).attempts;
  const deadline = Date.now() + app.settings.sendNowWaitMs;
  for (;;) {
    const entry = store.require(id);
    const tried = entry.state === 'queued' && entry.attempts > before;
    if ((entry.state !== 'queued' && entry.state !== 'sending') || tried) return entry;
    if (Date.now() >= deadline) return entry;
    await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
  }
}
