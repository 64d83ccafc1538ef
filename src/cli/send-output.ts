import type { AppEventOf, CannedInfo, OutboxItem, Queued } from '../app/index.js';
import { clip, type Output } from './output.js';

/*
 * What the sending commands print: a queued (or sent) message in one line that says what to do
 * next, the outbox as a table, and their JSON in the shapes the CLI contract gives (README).
 */

/** What was queued, in the line's words: `reply`, `forward`, `message` (a new one). */
export type SentKind = 'reply' | 'forward' | 'message';

/** `reply --json` and the like: exactly `{"outboxId", "messageId", "state", "reason"?}`. */
export function queuedJson(queued: Queued): {
  outboxId: number;
  messageId: string;
  state: Queued['state'];
  reason?: string;
} {
  // Why it is where it is: held or unknown (the reason), failed or not sent yet (the error).
  const reason = queued.reason ?? queued.error;
  return {
    outboxId: queued.outboxId,
    messageId: queued.messageId,
    state: queued.state,
    ...(reason === undefined ? {} : { reason }),
  };
}

/**
 * A queued or sent message in one line. `now`: it was asked to go at once, so a message still
 * queued without an error is a running sync's to send.
 */
export function queuedLine(kind: SentKind, queued: Queued, now: boolean): string {
  const { outboxId: id, state } = queued;
  const what = `${kind} ${id} <${queued.messageId}>`;
  switch (state) {
    case 'sent':
      return `sent ${what}`;
    case 'queued':
      if (queued.error)
        return `queued, not sent yet: ${queued.error} (it goes with the next sync; stop it with: switchboard outbox cancel ${id})`;
      if (now)
        return `queued ${what}: the running sync sends it (switchboard outbox shows how it went)`;
      return `queued ${what}: sends at ${when(queued.sendAt)} (undo: switchboard outbox cancel ${id})`;
    case 'scheduled':
      return `scheduled ${what}: sends at ${when(queued.sendAt)} (cancel: switchboard outbox cancel ${id})`;
    case 'sending':
      return `sending ${what}: the running sync is sending it (switchboard outbox shows how it went)`;
    case 'held':
      return `held: ${queued.reason ?? 'held'} (send it with: switchboard outbox send-anyway ${id})`;
    case 'unknown':
      return `unknown: ${queued.reason ?? 'the server may have it'} (if its recipients did not get it: switchboard outbox resend ${id})`;
    case 'failed':
      return `failed: ${queued.error ?? 'refused'} (after a fix: switchboard outbox resend ${id})`;
  }
}

/** A message still needing the agent (held, unknown, failed) makes the command exit 1. */
export function queuedExitCode(queued: Queued): number {
  return queued.state === 'held' || queued.state === 'unknown' || queued.state === 'failed' ? 1 : 0;
}

/**
 * `outbox --json`: exactly `{"id", "messageId", "conversationId", "state", "attempts", "error"?,
 * "reason"?, "sendAt"?}` each.
 */
export function outboxJson(item: OutboxItem) {
  return {
    id: item.id,
    messageId: item.messageId,
    conversationId: item.conversationId,
    state: item.state,
    attempts: item.attempts,
    ...(item.error === undefined ? {} : { error: item.error }),
    ...(item.reason === undefined ? {} : { reason: item.reason }),
    ...(item.sendAt === undefined ? {} : { sendAt: item.sendAt }),
  };
}

export function printOutbox(output: Output, items: OutboxItem[]): void {
  if (items.length === 0) {
    output.out('the outbox is empty');
    return;
  }
  for (const item of items) {
    const time = item.sendAt
      ? `sends ${when(item.sendAt)}`
      : item.sentAt
        ? `sent ${when(item.sentAt)}`
        : '';
    const why = item.reason ?? item.error;
    output.out(
      `${String(item.id).padStart(4)}  ${item.state.padEnd(9)}  ${clip(time, 25)}  ${clip(item.to.join(', '), 30)}  ${clip(item.subject, 40)}${why ? `  (${why})` : ''}`,
    );
  }
}

export function printCanned(output: Output, canned: CannedInfo[]): void {
  if (canned.length === 0)
    output.out('no canned responses yet; add one with `switchboard canned add NAME --text TEXT`');
  for (const { name, text } of canned)
    output.out(`${clip(name, 30)}  ${clip(text.replace(/\s+/g, ' ').trim(), 70)}`);
}

/**
 * An instant in this machine's time zone: the time of day when it is within a day of now (an
 * undo window), else with its date.
 */
function when(iso: string | undefined): string {
  if (iso === undefined) return 'once due';
  const date = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  if (Math.abs(date.getTime() - Date.now()) < 24 * 3600_000) return time;
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${time}`;
}

/**
 * What a sync did with a message of the outbox, in one line: sent, or left for the agent (held,
 * failed, unknown). Nothing for the steps between.
 */
export function outboxEventLine(event: AppEventOf<'outbox.changed'>): string | undefined {
  const what = `${event.id} <${event.messageId}>`;
  switch (event.state) {
    case 'sent':
      return `outbox: sent ${what}`;
    case 'held':
      return `outbox: held ${what} (switchboard outbox says why; send it with: switchboard outbox send-anyway ${event.id})`;
    case 'failed':
    case 'unknown':
      return `outbox: ${event.state} ${what} (switchboard outbox says why)`;
    default:
      return undefined;
  }
}
