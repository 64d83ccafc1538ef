import { getAccount, type Account } from '../accounts/account-store.js';
import { requireSecret, type SecretSource } from '../accounts/secrets.js';
import type { Db } from '../db/open-database.js';
import { withBccField } from '../compose/index.js';
import { isUserError } from '../errors.js';
import { OutboxStore, type HeldFinding, type OutboxEntry } from './outbox-store.js';
import { retryDelayMs } from './retry-delay.js';
import type { SubmitOutcome, SubmitOptions } from '../smtp/submit-message.js';

/*
 * Sends what the outbox holds, one message at a time per call, each through the same steps:
 *
 *   claim (sending) → the collision guard → the SMTP submission, with `data_started_at` recorded
 *   before the data goes out → the outcome recorded → the Sent copy
 *
 * Every sender runs under the data directory's sync lock (one at a time), so a message found
 * `sending` when a sender starts was left by one that died: `recover()` decides its fate before
 * anything else is sent (requeued when nothing reached the server, else found in Sent or
 * `unknown`).
 */

export interface OutboxSenderOptions {
  db: Db;
  secrets: SecretSource;
  now(): number;
  /** Submits one message (src/smtp/submit-message.ts; a test may pass the real one wrapped). */
  submit(options: SubmitOptions): Promise<SubmitOutcome>;
  /**
   * Whether the message must wait for its agent (collision-guard.ts): a finding holds it. Not
   * asked for a message the agent said to send anyway.
   */
  guard?(entry: OutboxEntry): Promise<HeldFinding | null>;
  /** What the Sent folder can tell and take (sent-copies.ts); without it no copy is filed. */
  sentCopies?: {
    append(account: Account, raw: Buffer, sentAt: Date): Promise<void>;
    holds(account: Account, entry: OutboxEntry): Promise<boolean>;
  };
  /** Told of every change of a message's state, after it is stored. */
  changed?(entry: OutboxEntry): void;
  /** Told once when a message is known sent (the server's 250, or found in Sent on recovery). */
  sent?(entry: OutboxEntry): void | Promise<void>;
}

/** What one pass did, by message id. */
export interface SendReport {
  sent: number[];
  retrying: number[];
  failed: number[];
  unknown: number[];
  held: number[];
}

export class OutboxSender {
  private readonly store: OutboxStore;

  constructor(private readonly options: OutboxSenderOptions) {
    this.store = new OutboxStore(options.db);
  }

  /**
   * Decides the fate of every message a dead sender left `sending`: nothing reached the server
   * (its data never started) → queued again; else the provider's Sent copy shows it was
   * accepted → sent; else `unknown`, for the agent (outbox resend). Only for a sender holding the
   * sync lock, between passes: then no message is being sent.
   */
  async recover(): Promise<void> {
    for (const orphan of this.store.orphans()) {
      if (orphan.dataStartedAt === null) {
        this.store.requeue(orphan.id);
      } else {
        const account = getAccount(this.options.db, orphan.accountId);
        const copies = this.options.sentCopies;
        let found = false;
        if (account.providerFilesSent && copies) {
          // Sent cannot be asked now (offline, say): it stays `sending`, asked at the next
          // recovery, rather than `unknown` for good with the answer a lookup away.
          const answer = await copies.holds(account, orphan).catch(() => undefined);
          if (answer === undefined) continue;
          found = answer;
        }
        if (found) {
          this.store.accepted(orphan.id, this.options.now(), 'provider');
          await this.afterSent(orphan.id);
        } else {
          this.store.unknown(
            orphan.id,
            'the app stopped while the message was going out: the server may have it; check, then resend or cancel it',
          );
        }
      }
      this.tell(orphan.id);
    }
    for (const entry of this.store.copiesToFile())
      await this.fileCopy(getAccount(this.options.db, entry.accountId), entry);
  }

  /** Sends every message due now (of one account, or only some), oldest first. */
  async sendDue(only: { accountId?: string; ids?: number[] } = {}): Promise<SendReport> {
    const report: SendReport = { sent: [], retrying: [], failed: [], unknown: [], held: [] };
    const due = this.store
      .due(this.options.now(), only.accountId)
      .filter((entry) => !only.ids || only.ids.includes(entry.id));
    for (const entry of due) {
      const outcome = await this.sendOne(entry);
      if (outcome) report[outcome].push(entry.id);
    }
    return report;
  }

  /** One message through every step; undefined when another sender took it first. */
  private async sendOne(entry: OutboxEntry): Promise<keyof SendReport | undefined> {
    const { store } = this;
    if (!store.claim(entry.id)) return undefined;
    this.tell(entry.id);
    const finding = entry.skipGuard || !this.options.guard ? null : await this.options.guard(entry);
    if (finding) {
      store.hold(entry.id, finding, heldReason(finding));
      this.tell(entry.id);
      return 'held';
    }
    const outcome = await this.submit(entry);
    switch (outcome.kind) {
      case 'accepted': {
        const account = getAccount(this.options.db, entry.accountId);
        store.accepted(
          entry.id,
          this.options.now(),
          account.providerFilesSent ? 'provider' : 'pending',
        );
        this.tell(entry.id);
        await this.afterSent(entry.id);
        await this.fileCopy(account, entry);
        return 'sent';
      }
      case 'temporary': {
        const attempts = store.require(entry.id).attempts;
        store.retryLater(entry.id, outcome.reason, this.options.now() + retryDelayMs(attempts));
        this.tell(entry.id);
        return 'retrying';
      }
      case 'permanent':
        store.failed(entry.id, outcome.reason);
        this.tell(entry.id);
        return 'failed';
      case 'unknown':
        store.unknown(entry.id, outcome.reason);
        this.tell(entry.id);
        return 'unknown';
    }
  }

  /** The submission, or the account problem that keeps it from being tried (a temporary one). */
  private async submit(entry: OutboxEntry): Promise<SubmitOutcome> {
    let options: SubmitOptions;
    try {
      const account = getAccount(this.options.db, entry.accountId);
      // A local mailbox (the demo's) has no server: its mail goes nowhere but its own Sent.
      if (account.transport === 'local')
        return { kind: 'accepted', response: 'a local mailbox: filed in its Sent folder' };
      if (!account.smtp)
        return {
          kind: 'temporary',
          accountProblem: true,
          reason: `${account.email} has no SMTP server: add one (account edit --smtp-url)`,
        };
      const secret = requireSecret(this.options.secrets, account.passwordRef, account.email);
      options = {
        endpoint: account.smtp,
        credentials: account.auth === 'xoauth2' ? { accessToken: secret } : { password: secret },
        envelope: entry.envelope,
        raw: this.store.raw(entry.id),
        beforeData: () => this.store.dataStarted(entry.id, this.options.now()),
      };
    } catch (error) {
      if (!isUserError(error)) throw error;
      return { kind: 'temporary', accountProblem: true, reason: error.message };
    }
    try {
      return await this.options.submit(options);
    } catch (error) {
      // The submission rejects only when `beforeData` could not record the step (the database
      // busy or failing): it sent nothing then, so the message waits for another try rather
      // than staying `sending`, which neither a pass nor the agent could move.
      const why = error instanceof Error ? error.message : String(error);
      if (this.store.require(entry.id).dataStartedAt !== null) throw error;
      return { kind: 'temporary', reason: `the send could not be recorded: ${why}` };
    }
  }

  /**
   * The Sent copy, appended unless the provider files one; a copy asked for again (after a
   * failure, or by a sender that died) is looked for first, so Sent never gets it twice. A
   * failure keeps the message sent, its copy to file on the next pass (recover()).
   */
  private async fileCopy(account: Account, entry: OutboxEntry): Promise<void> {
    const copies = this.options.sentCopies;
    if (account.providerFilesSent || !copies) return;
    try {
      const again = entry.state === 'sent';
      if (!(again && (await copies.holds(account, entry)))) {
        const sentAt = new Date(this.store.require(entry.id).sentAt ?? this.options.now());
        await copies.append(account, withBccField(this.store.raw(entry.id), entry.bcc), sentAt);
      }
      this.store.sentCopy(entry.id, 'appended');
    } catch {
      this.store.sentCopy(entry.id, 'failed');
    }
    this.tell(entry.id);
  }

  /** The `sent` hook: what it fails to do (it reports its own failures) never unsends a message. */
  private async afterSent(id: number): Promise<void> {
    try {
      await this.options.sent?.(this.store.require(id));
    } catch {
      // The message is sent and recorded; the hook's own work is the hook's to retry or report.
    }
  }

  private tell(id: number): void {
    const entry = this.store.get(id);
    if (entry) this.options.changed?.(entry);
  }
}

function heldReason(finding: HeldFinding): string {
  switch (finding.kind) {
    case 'teammate-replied':
      return `${finding.who} replied to this conversation since this reply was started`;
    case 'teammate-replying':
      return `${finding.who} is replying to this conversation right now`;
    case 'customer-wrote':
      return `${finding.who} wrote again since this reply was started`;
  }
}
