import type { Account } from '../accounts/account-store.js';
import type { SecretSource } from '../accounts/secrets.js';
import { BulkConnection } from '../imap/bulk/bulk-connection.js';
import type { MailDeadlines } from '../imap/deadlines.js';

/** The bulk connection of one sync pass: opened when first needed, closed when the pass ends. */
export class BulkSession {
  private connection: Promise<BulkConnection> | undefined;

  constructor(
    private readonly account: Account,
    private readonly secrets: SecretSource,
    private readonly deadlines?: Partial<MailDeadlines>,
  ) {}

  get(): Promise<BulkConnection> {
    this.connection ??= BulkConnection.open(this.account, this.secrets, this.deadlines);
    const opening = this.connection;
    // A failed open is not cached: the next pass tries again.
    opening.catch(() => {
      if (this.connection === opening) this.connection = undefined;
    });
    return opening;
  }

  async close(): Promise<void> {
    const opening = this.connection;
    this.connection = undefined;
    if (opening) await (await opening.catch(() => undefined))?.logout();
  }

  /** Drops a connection that failed mid-command; the retry opens a fresh one. */
  discard(): void {
    void this.connection?.then((connection) => connection.close()).catch(() => undefined);
    this.connection = undefined;
  }
}

/**
 * Feeds items to `onBatch` in batches of `size`, applying backpressure: while more than
 * `maxInFlight` batches are unsettled, the socket is paused. Resolves when all have settled,
 * rejecting with the first failure.
 */
export class BatchPipe<T> {
  private batch: T[] = [];
  private readonly settled: Array<Promise<unknown>> = [];
  private outstanding = 0;
  private failure: unknown;

  constructor(
    private readonly size: number,
    private readonly maxInFlight: number,
    private readonly onBatch: (items: T[]) => Promise<unknown>,
    private readonly flow: { pause(): void; resume(): void },
  ) {}

  push(item: T): void {
    this.batch.push(item);
    if (this.batch.length >= this.size) this.flush();
  }

  flush(): void {
    if (this.batch.length === 0) return;
    const items = this.batch;
    this.batch = [];
    this.outstanding += 1;
    if (this.outstanding > this.maxInFlight) this.flow.pause();
    const done = this.onBatch(items).then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= error;
      },
    );
    this.settled.push(
      done.finally(() => {
        this.outstanding -= 1;
        if (this.outstanding <= this.maxInFlight) this.flow.resume();
      }),
    );
  }

  async finish(): Promise<void> {
    this.flush();
    await Promise.all(this.settled);
    if (this.failure)
      throw this.failure instanceof Error ? this.failure : new Error('a batch failed');
  }
}
