import type { ImapFlow } from 'imapflow';
import { textOf } from './connection-errors.js';

/*
 * IMAP's share of a diagnosis: what a connection was waiting for when it stalled (in words, for
 * the message), and what the server said when it refused a command (RFC 3501 §7.1: NO / BAD).
 */

/** What waiting for the answer to each command means to a user; `m` is the mailbox. */
const WAITS: Record<string, (m: string) => string> = {
  LIST: () => 'listing folders',
  LSUB: () => 'listing folders',
  STATUS: (m) => `reading the status of ${m}`,
  SELECT: (m) => `opening ${m}`,
  EXAMINE: (m) => `opening ${m}`,
  SEARCH: (m) => `searching ${m}`,
  FETCH: (m) => `fetching messages of ${m}`,
  STORE: (m) => `changing flags in ${m}`,
  COPY: (m) => `copying messages out of ${m}`,
  MOVE: (m) => `moving messages out of ${m}`,
  EXPUNGE: (m) => `expunging ${m}`,
  APPEND: () => 'uploading a message',
  CREATE: () => 'creating a folder',
  IDLE: (m) => `waiting for changes to ${m} (IDLE)`,
  NOOP: () => 'checking that the connection is alive (NOOP)',
  LOGIN: () => 'logging in',
  AUTHENTICATE: () => 'logging in',
  CAPABILITY: () => 'setting up the session',
  ID: () => 'setting up the session',
  ENABLE: () => 'setting up the session',
  NAMESPACE: () => 'setting up the session',
  COMPRESS: () => 'setting up the session',
  STARTTLS: () => 'starting TLS',
  LOGOUT: () => 'logging out',
  CLOSE: (m) => `closing ${m}`,
  UNSELECT: (m) => `closing ${m}`,
};

/** "fetching messages of INBOX" for `UID FETCH` in INBOX. */
export function describeWait(command: string, mailbox: string | undefined): string {
  const name = command.toUpperCase().replace(/^UID /, '');
  const wait = Object.hasOwn(WAITS, name) ? WAITS[name] : undefined;
  return wait ? wait(mailbox ?? 'the mailbox') : `the answer to ${name}`;
}

/** The parts of imapflow's state that say what it is doing (not in its typings). */
interface ImapflowState {
  currentRequest?: { command?: string; attributes?: Array<{ value?: unknown }> } | false;
  mailbox?: { path: string } | false;
}

/** What imapflow is waiting for right now, in words. */
export function imapflowWait(client: ImapFlow): string {
  const state = client as unknown as ImapflowState;
  const request = state.currentRequest || undefined;
  if (!request?.command) return 'waiting for an answer';
  // SELECT / EXAMINE / STATUS name their mailbox as the first argument (as sent on the wire).
  const named = /^(SELECT|EXAMINE|STATUS)$/.test(request.command)
    ? request.attributes?.[0]?.value
    : undefined;
  const mailbox =
    typeof named === 'string' ? named : state.mailbox ? state.mailbox.path : undefined;
  return describeWait(request.command, mailbox);
}

/** imapflow's code for a connection that went quiet past its socket timeout. */
export const isImapflowTimeout = (error: unknown) =>
  (error as { code?: unknown }).code === 'ETIMEOUT';

const stalls = new WeakMap<ImapFlow, string>();

/**
 * Listens to a client's 'error' events (without a listener one would crash the process) and
 * remembers what it was waiting for when it timed out: the command that then fails only says
 * the connection is gone.
 */
export function watchForStalls(client: ImapFlow): void {
  client.on('error', (error: unknown) => {
    if (isImapflowTimeout(error) && !stalls.has(client)) stalls.set(client, imapflowWait(client));
  });
}

/** What `client` was waiting for when it stalled, if it did. */
export function stallOf(client: ImapFlow | undefined): string | undefined {
  return client ? stalls.get(client) : undefined;
}

interface CommandRefusal {
  responseStatus?: unknown;
  responseText?: unknown;
  /** imapflow: the command line as sent ("7 SELECT Secret"). */
  executedCommand?: unknown;
  /** bulk-connection.ts: the command's name. */
  command?: unknown;
  authenticationFailed?: unknown;
  message?: unknown;
}

/** Whether the server refused a command (NO or BAD) on a connection that goes on working. */
export function isCommandRefusal(error: unknown): boolean {
  const status = (error as CommandRefusal | undefined)?.responseStatus;
  return status === 'NO' || status === 'BAD';
}

/**
 * "the server answered NO to SELECT: Permission denied", from a refused command: one line for
 * the folder's row and the end of `sync --once`.
 */
export function describeRefusal(error: unknown): string {
  const refusal = error as CommandRefusal;
  const executed = typeof refusal.executedCommand === 'string' ? refusal.executedCommand : '';
  const words = executed.split(' ');
  const command =
    typeof refusal.command === 'string'
      ? refusal.command
      : words[1]?.toUpperCase() === 'UID'
        ? `UID ${words[2] ?? ''}`
        : (words[1] ?? 'a command');
  const text = (textOf(refusal.responseText) || textOf(refusal.message))
    // Dovecot's timing suffix ("(0.001 + 0.000 secs).") is noise here; its timestamp is not.
    .replace(/\s*\(\d+\.\d+(?: \+ \d+\.\d+)* secs\)\.?\s*$/, '')
    .replace(/[\r\n]+/g, ' ')
    .trim();
  return `the server answered ${String(refusal.responseStatus)} to ${command.toUpperCase()}${text ? `: ${text}` : ''}`;
}
