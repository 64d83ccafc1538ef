import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedMessage } from './message.js';

/*
 * Messages written straight into a Maildir (https://cr.yp.to/proto/maildir.html), so Dovecot
 * serves them on its next look at the folder without an APPEND each: seen mail in cur/ with its
 * flags in the name, and half the unseen in new/, as a delivery agent leaves it.
 */

export function createMaildir(dir: string): void {
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
}

/** Writes message `index`; its mtime is its arrival, which Dovecot reports as INTERNALDATE. */
export function writeMaildirMessage(dir: string, index: number, message: RenderedMessage): void {
  const seconds = Math.floor(message.receivedAt / 1000);
  const unique = `${seconds}.M${index}.switchboard-corpus`;
  const file =
    message.delivered === 'new'
      ? join(dir, 'new', unique)
      : join(dir, 'cur', `${unique}:2,${message.flags}`);
  writeFileSync(file, message.raw);
  utimesSync(file, seconds, seconds);
}
