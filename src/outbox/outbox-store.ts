import type { Db } from '../db/open-database.js';
import { UserError } from '../errors.js';

/*
 * The outbox's rows (migration 009) and every change of state, each one statement guarded by the
 * state it leaves, so that two processes (a running sync and a CLI command) never both move one
 * message: whoever changes the row first wins, the other sees `false`.
 *
 *   queued / scheduled ──claim──▶ sending ──accepted──▶ sent
 *        ▲   │                      │ ├──temporary──▶ queued (next_attempt_at)
 *        │   └──hold──▶ held        │ ├──permanent──▶ failed
 *        │                          │ └──unknown────▶ unknown
 *        └──── resend / send-anyway ┘ (failed, unknown, held: the agent decides)
 */

export const OUTBOX_STATES = [
  'queued',
  'scheduled',
  'sending',
  'sent',
  'failed',
  'unknown',
  'held',
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const OUTBOX_KINDS = ['reply', 'forward', 'new'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export type SendMode = 'send-as' | 'on-behalf';

/** What the collision guard found when it held a message (collision-guard.ts). */
export interface HeldFinding {
  kind: 'teammate-replied' | 'teammate-replying' | 'customer-wrote';
  /** Who: the teammate's or the customer's address. */
  who: string;
  /** When it happened (ms). */
  at: number;
}

/** A recipient as the outbox keeps one (the compose layer's Address). */
export interface OutboxAddress {
  name?: string;
  address: string;
}

/**
 * The shared draft a reply was sent from, as it was: what undoing the send puts back. Null
 * recipients or subject: the draft had none of its own (the reply's applied).
 */
export interface DraftSnapshot {
  text: string;
  to: OutboxAddress[] | null;
  cc: OutboxAddress[] | null;
  bcc: OutboxAddress[] | null;
  subject: string | null;
}

/** A message to queue: built (compose), its Message-ID fixed. */
export interface NewOutboxMessage {
  accountId: string;
  conversationId: string | null;
  kind: OutboxKind;
  messageId: string;
  raw: Buffer;
  envelope: { from: string; to: string[] };
  subject: string;
  authorId: string | null;
  authorEmail: string;
  sendMode: SendMode;
  /** When the reply was started (the collision guard's "since"). */
  startedAt: number;
  /** Not before: now plus the undo delay, or a time asked for. */
  sendAt: number;
  /** A time asked for (send later): `scheduled`, not `queued`. */
  scheduled: boolean;
  skipGuard: boolean;
  /** The blind copies (in the envelope, and in the Sent copy's Bcc field only). */
  bcc?: OutboxAddress[];
  /** Sent from the conversation's shared draft: the draft as it was. */
  draft?: DraftSnapshot | null;
}

/** An outbox row as the rest of the app reads it (the bytes apart: `raw`). */
export interface OutboxEntry {
  id: number;
  accountId: string;
  conversationId: string | null;
  kind: OutboxKind;
  messageId: string;
  envelope: { from: string; to: string[] };
  subject: string;
  authorId: string | null;
  authorEmail: string;
  sendMode: SendMode;
  state: OutboxState;
  createdAt: number;
  startedAt: number;
  sendAt: number;
  attempts: number;
  nextAttemptAt: number | null;
  dataStartedAt: number | null;
  sentAt: number | null;
  error: string | null;
  reason: string | null;
  held: HeldFinding | null;
  skipGuard: boolean;
  sentCopy: 'pending' | 'appended' | 'provider' | 'failed' | null;
  bcc: OutboxAddress[];
  draft: DraftSnapshot | null;
}

interface Row {
  id: number;
  account_id: string;
  conversation_id: string | null;
  kind: OutboxKind;
  message_id: string;
  envelope_from: string;
  envelope_to: string;
  subject: string;
  author_id: string | null;
  author_email: string;
  send_mode: SendMode;
  state: OutboxState;
  created_at: number;
  started_at: number;
  send_at: number;
  attempts: number;
  next_attempt_at: number | null;
  data_started_at: number | null;
  sent_at: number | null;
  error: string | null;
  reason: string | null;
  held_json: string | null;
  skip_guard: number;
  sent_copy: OutboxEntry['sentCopy'];
  bcc_json: string;
  draft_json: string | null;
}

const COLUMNS = `id, account_id, conversation_id, kind, message_id, envelope_from, envelope_to, subject,
  author_id, author_email, send_mode, state, created_at, started_at, send_at, attempts, next_attempt_at,
  data_started_at, sent_at, error, reason, held_json, skip_guard, sent_copy, bcc_json, draft_json`;

/** States a message can be sent from, when due. */
const WAITING = "state IN ('queued', 'scheduled')";
/** States the agent decides on: resend, send anyway, or cancel. */
const STOPPED = "state IN ('failed', 'unknown', 'held')";

export class OutboxStore {
  constructor(private readonly db: Db) {}

  queue(message: NewOutboxMessage, now: number): OutboxEntry {
    const id = this.db
      .prepare(
        `INSERT INTO outbox (account_id, conversation_id, kind, message_id, raw, envelope_from, envelope_to, subject,
           author_id, author_email, send_mode, state, created_at, started_at, send_at, skip_guard, bcc_json, draft_json)
         VALUES (@accountId, @conversationId, @kind, @messageId, @raw, @from, @to, @subject,
           @authorId, @authorEmail, @sendMode, @state, @now, @startedAt, @sendAt, @skipGuard, @bcc, @draft)`,
      )
      .run({
        ...message,
        from: message.envelope.from,
        to: JSON.stringify(message.envelope.to),
        state: message.scheduled ? 'scheduled' : 'queued',
        skipGuard: message.skipGuard ? 1 : 0,
        bcc: JSON.stringify(message.bcc ?? []),
        draft: message.draft ? JSON.stringify(message.draft) : null,
        now,
      }).lastInsertRowid as number;
    return this.require(id);
  }

  get(id: number): OutboxEntry | undefined {
    const row = this.db
      .prepare<[number], Row>(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`)
      .get(id);
    return row && entry(row);
  }

  /** The entry, or a UserError('not-found') naming the id. */
  require(id: number): OutboxEntry {
    const found = this.get(id);
    if (!found) throw new UserError('not-found', `no message ${id} in the outbox`);
    return found;
  }

  /** Every message, newest first. */
  list(): OutboxEntry[] {
    return this.db
      .prepare<[], Row>(`SELECT ${COLUMNS} FROM outbox ORDER BY created_at DESC, id DESC`)
      .all()
      .map(entry);
  }

  /** The bytes to send. */
  raw(id: number): Buffer {
    const raw = this.db.prepare('SELECT raw FROM outbox WHERE id = ?').pluck().get(id);
    if (!Buffer.isBuffer(raw)) throw new UserError('not-found', `no message ${id} in the outbox`);
    return raw;
  }

  /** Messages due now, oldest first: their time has come and no backoff holds them back. */
  due(now: number, accountId?: string): OutboxEntry[] {
    return this.db
      .prepare<[number, number, string | null, string | null], Row>(
        `SELECT ${COLUMNS} FROM outbox
         WHERE ${WAITING} AND send_at <= ? AND coalesce(next_attempt_at, 0) <= ?
           AND (? IS NULL OR account_id = ?)
         ORDER BY send_at, id`,
      )
      .all(now, now, accountId ?? null, accountId ?? null)
      .map(entry);
  }

  /** When the next waiting message becomes due (ms), if any: when a sender should look again. */
  nextDueAt(): number | null {
    const next = this.db
      .prepare(
        `SELECT min(max(send_at, coalesce(next_attempt_at, 0))) FROM outbox WHERE ${WAITING}`,
      )
      .pluck()
      .get();
    return typeof next === 'number' ? next : null;
  }

  /**
   * Takes a due message for sending: `sending`, one attempt more. False when another process took
   * it first, or it left the queue meanwhile (cancelled, held).
   */
  claim(id: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE outbox SET state = 'sending', attempts = attempts + 1, data_started_at = NULL
           WHERE id = ? AND ${WAITING}`,
        )
        .run(id).changes === 1
    );
  }

  /**
   * The message is about to go on the wire: from here, a sender that dies leaves its outcome
   * unknown (recover()). Committed before the first byte of the message is sent.
   */
  dataStarted(id: number, now: number): void {
    // Not recorded, not sent: a hook that throws stops the submission before the data.
    if (!this.transition(id, 'sending', 'data_started_at = @now', { now }))
      throw new Error(`outbox message ${id} is no longer being sent by this sender`);
  }

  accepted(id: number, now: number, sentCopy: 'pending' | 'provider'): void {
    this.transition(
      id,
      'sending',
      "state = 'sent', sent_at = @now, error = NULL, next_attempt_at = NULL, sent_copy = @sentCopy",
      { now, sentCopy },
    );
  }

  /** A temporary failure: waiting again, tried at `retryAt`. */
  retryLater(id: number, error: string, retryAt: number): void {
    this.transition(
      id,
      'sending',
      "state = 'queued', error = @error, next_attempt_at = @retryAt, data_started_at = NULL",
      { error, retryAt },
    );
  }

  /** A permanent failure: kept with the server's reason, for the agent. */
  failed(id: number, error: string): void {
    this.transition(id, 'sending', "state = 'failed', error = @error", { error });
  }

  /** The server may or may not have it: never retried blindly (`resend` is the agent's call). */
  unknown(id: number, reason: string): void {
    this.transition(id, 'sending', "state = 'unknown', reason = @reason", { reason });
  }

  /** The collision guard found a reason to wait for the agent. */
  hold(id: number, finding: HeldFinding, reason: string): boolean {
    return this.transition(id, 'sending', "state = 'held', reason = @reason, held_json = @held", {
      reason,
      held: JSON.stringify(finding),
    });
  }

  /** What became of the Sent copy. */
  sentCopy(id: number, copy: 'appended' | 'failed'): void {
    this.db
      .prepare("UPDATE outbox SET sent_copy = ? WHERE id = ? AND state = 'sent'")
      .run(copy, id);
  }

  /**
   * Undo send: takes a message that has not started sending out of the outbox, and returns it
   * (its draft is the caller's to restore). Refused once it is sending or sent.
   */
  cancel(id: number): OutboxEntry {
    return this.db.transaction(() => {
      const found = this.require(id);
      if (!['queued', 'scheduled', 'held', 'failed'].includes(found.state))
        throw new UserError(
          'usage',
          found.state === 'sent'
            ? `message ${id} was sent already`
            : `message ${id} is ${found.state}: it may have reached the server, so it cannot be cancelled`,
        );
      this.db.prepare('DELETE FROM outbox WHERE id = ?').run(id);
      return found;
    })();
  }

  /**
   * The agent's decision on a stopped message: send it (again), now. `anyway` also stops the
   * collision guard from holding it again (send-anyway); resend of an `unknown` one is the agent
   * accepting that the customer may get it twice.
   */
  release(id: number, options: { anyway: boolean; now: number }): OutboxEntry {
    return this.db.transaction(() => {
      const found = this.require(id);
      const allowed = options.anyway
        ? found.state === 'held'
        : ['failed', 'unknown'].includes(found.state);
      if (!allowed)
        throw new UserError(
          'usage',
          options.anyway
            ? `message ${id} is ${found.state}, not held`
            : `message ${id} is ${found.state}: only a failed or unknown message is resent`,
        );
      this.db
        .prepare(
          `UPDATE outbox SET state = 'queued', send_at = min(send_at, @now), next_attempt_at = NULL,
             data_started_at = NULL, reason = NULL, held_json = NULL, skip_guard = max(skip_guard, @anyway)
           WHERE id = @id AND ${STOPPED}`,
        )
        .run({ id, now: options.now, anyway: options.anyway ? 1 : 0 });
      return this.require(id);
    })();
  }

  /** Messages some sender claimed and never finished: found by the next one (recovery.ts). */
  orphans(): OutboxEntry[] {
    return this.db
      .prepare<[], Row>(`SELECT ${COLUMNS} FROM outbox WHERE state = 'sending' ORDER BY id`)
      .all()
      .map(entry);
  }

  /** An orphan whose data never started: nothing reached the server, it waits again. */
  requeue(id: number): void {
    this.transition(id, 'sending', "state = 'queued'", {}, 'data_started_at IS NULL');
  }

  /** Sent messages whose copy in Sent is still to file (a sender that died, an append failed). */
  copiesToFile(): OutboxEntry[] {
    return this.db
      .prepare<[], Row>(
        `SELECT ${COLUMNS} FROM outbox WHERE state = 'sent' AND sent_copy IN ('pending', 'failed') ORDER BY id`,
      )
      .all()
      .map(entry);
  }

  /** Unsent messages of an account: what removing it would drop. */
  unsent(accountId: string): number {
    return this.db
      .prepare("SELECT count(*) FROM outbox WHERE account_id = ? AND state != 'sent'")
      .pluck()
      .get(accountId) as number;
  }

  private transition(
    id: number,
    from: OutboxState,
    set: string,
    params: Record<string, unknown>,
    also = '1',
  ): boolean {
    return (
      this.db
        .prepare(`UPDATE outbox SET ${set} WHERE id = @id AND state = @from AND ${also}`)
        .run({ ...params, id, from }).changes === 1
    );
  }
}

function entry(row: Row): OutboxEntry {
  return {
    id: row.id,
    accountId: row.account_id,
    conversationId: row.conversation_id,
    kind: row.kind,
    messageId: row.message_id,
    envelope: { from: row.envelope_from, to: JSON.parse(row.envelope_to) as string[] },
    subject: row.subject,
    authorId: row.author_id,
    authorEmail: row.author_email,
    sendMode: row.send_mode,
    state: row.state,
    createdAt: row.created_at,
    startedAt: row.started_at,
    sendAt: row.send_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    dataStartedAt: row.data_started_at,
    sentAt: row.sent_at,
    error: row.error,
    reason: row.reason,
    held: row.held_json === null ? null : (JSON.parse(row.held_json) as HeldFinding),
    skipGuard: row.skip_guard === 1,
    sentCopy: row.sent_copy,
    bcc: JSON.parse(row.bcc_json) as OutboxAddress[],
    draft: row.draft_json === null ? null : (JSON.parse(row.draft_json) as DraftSnapshot),
  };
}
