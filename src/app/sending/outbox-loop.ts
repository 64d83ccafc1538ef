import { OutboxStore } from '../../outbox/outbox-store.js';
import type { AppContext } from '../app-context.js';
import { appOutboxSender } from './app-outbox.js';

/** How often the running sync looks for due messages: one indexed query (outbox_due). */
const LOOK_EVERY_MS = 1000;
/**
 * How often it recovers again: a message a dead sender left whose fate needs the Sent folder,
 * which could not be asked then (offline), is asked again.
 */
const RECOVER_EVERY_MS = 60_000;

/**
 * The running sync's outbox: what a dead sender left is recovered first (and every minute), then every message is
 * sent within a second of its time (the end of its undo window, its scheduled time, its retry),
 * one pass at a time. It runs under the sync lock the running sync holds.
 */
export class OutboxLoop {
  private readonly timer: NodeJS.Timeout;
  private pass: Promise<void> | undefined;
  private recoveredAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly app: AppContext) {
    this.pass = this.run();
    this.timer = setInterval(() => {
      this.pass ??= this.run();
    }, LOOK_EVERY_MS);
  }

  /** Stops looking; waits for a pass under way (a message mid-send is finished, not cut). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
  }

  private async run(): Promise<void> {
    // A pass with nothing to do would otherwise finish (and clear `pass`) before `??=` stores
    // it, which would then hold a finished pass for good and stop the loop.
    await Promise.resolve();
    try {
      const sender = appOutboxSender(this.app);
      if (this.app.clock.now() - this.recoveredAt >= RECOVER_EVERY_MS) {
        await sender.recover();
        this.recoveredAt = this.app.clock.now();
      }
      const next = new OutboxStore(this.app.db()).nextDueAt();
      if (next !== null && next <= this.app.clock.now()) await sender.sendDue();
    } catch (error) {
      this.app.logger.error('the outbox pass of the running sync failed', error);
    } finally {
      this.pass = undefined;
    }
  }
}
