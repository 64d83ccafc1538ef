import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawlogDir, type Dovecot } from '../../helpers/dovecot.js';

/*
 * What clients said to a Dovecot started with `rawlog: true`, as the server recorded it: one
 * `<session>.in` (client to server) and `<session>.out` file per IMAP session, each line prefixed
 * with a timestamp. Sessions write their files as they go; read them once the sessions ended.
 */

export interface Traffic {
  /** Command lines clients sent, tag included, without the timestamp. */
  sent: string[];
  /** Response lines the server sent. */
  received: string[];
}

/** The sessions recorded so far, to tell later ones apart (`since`). */
export function rawlogSessions(dovecot: Dovecot): Set<string> {
  return new Set(
    readdirSync(rawlogDir(dovecot.dir))
      .filter((name) => name.endsWith('.in'))
      .map((name) => name.slice(0, -'.in'.length)),
  );
}

/** The traffic of every session that began after `before` was taken. */
export function trafficSince(dovecot: Dovecot, before: Set<string>): Traffic {
  const traffic: Traffic = { sent: [], received: [] };
  for (const session of [...rawlogSessions(dovecot)].sort()) {
    if (before.has(session)) continue;
    traffic.sent.push(...linesOf(dovecot, `${session}.in`));
    traffic.received.push(...linesOf(dovecot, `${session}.out`));
  }
  return traffic;
}

function linesOf(dovecot: Dovecot, file: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(rawlogDir(dovecot.dir), file), 'latin1');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^\d+\.\d+ /, '').replace(/\r$/, ''));
}
