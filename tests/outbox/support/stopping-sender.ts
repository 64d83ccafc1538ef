import { writeSync } from 'node:fs';
import { environmentSecrets, type SecretSource } from '../../../src/accounts/secrets.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { OutboxSender } from '../../../src/outbox/outbox-sender.js';
import { imapConnectionPool } from '../../../src/imap/imap-connection-pool.js';
import { imapSentCopies } from '../../../src/outbox/sent-copies.js';
import { submitMessage } from '../../../src/smtp/submit-message.js';

/*
 * Runs in a child process (sender-child.ts starts it): the real outbox sender on the test's cache
 * file, with the real SMTP submission and the real Sent folder, its options wrapped (here, in test
 * code: src/ has no fault hooks) so that it stops dead at one step. It says the step on stdout,
 * then blocks its one thread for good, timers and sockets included: the test SIGKILLs it right
 * there, as a crash or a power cut would, and nothing of the sender runs after the step.
 */

/** The steps a sender can be stopped at, in the order it reaches them. */
export const STOPS = [
  /** Claimed (`sending`), no connection opened yet. */
  'after-claim',
  /** `data_started_at` committed by the real hook; DATA not written. */
  'after-data-started',
  /** The server's 250 recorded (`sent`); the Sent copy not appended. */
  'before-sent-copy',
  /** The Sent copy appended; that it was not yet recorded. */
  'after-sent-copy',
] as const;
export type Stop = (typeof STOPS)[number];

export interface StoppingSenderConfig {
  /** The cache file the test's fixture made (with the account, its Sent folder known). */
  cachePath: string;
  /** The account's password, under the fixture's secret ref (OUTBOX_PASSWORD). */
  password: string;
  /** The sender's clock (ms). */
  now: number;
  /** Where to stop; none: the sender runs on (the SMTP server may hold it instead). */
  stop?: Stop;
}

/** Runs `recover()` then `sendDue()`, as a sync would; says `done` with the report if not stopped. */
export async function runStoppingSender(config: StoppingSenderConfig): Promise<void> {
  const db = openDatabase(config.cachePath);
  const secrets: SecretSource = environmentSecrets({ OUTBOX_PASSWORD: config.password });
  const copies = imapSentCopies(db, imapConnectionPool(secrets, 2000));
  const reach = (step: Stop): void => {
    if (config.stop === step) halt(step);
  };
  const sender = new OutboxSender({
    db,
    secrets,
    now: () => config.now,
    submit: (options) => {
      reach('after-claim');
      return submitMessage({
        ...options,
        beforeData: () => {
          options.beforeData?.();
          reach('after-data-started');
        },
      });
    },
    sentCopies: {
      holds: (sending, entry) => copies.holds(sending, entry),
      append: async (sending, raw, sentAt) => {
        reach('before-sent-copy');
        await copies.append(sending, raw, sentAt);
        reach('after-sent-copy');
      },
    },
  });
  await sender.recover();
  const report = await sender.sendDue();
  say(`done ${JSON.stringify(report)}`);
}

/** Says where it is, then never returns: the event loop stays blocked until the SIGKILL. */
function halt(step: Stop): never {
  say(step);
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/** One line on stdout, written before this returns (process.stdout may buffer it). */
function say(line: string): void {
  writeSync(1, `${line}\n`);
}
