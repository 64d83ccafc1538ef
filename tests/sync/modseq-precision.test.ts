import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendMessage,
  setFlags,
  startDovecot,
  withImap,
  type Dovecot,
} from '../helpers/dovecot.js';
import { withCache } from './support/cache.js';
import { addAccount, makeDataDir, removeDir, syncOnce } from './support/cli.js';
import { plainMessage, uniqueMessageId } from './support/mail.js';
import { rawlogSessions, trafficSince } from './support/rawlog.js';

/*
 * Mod-sequences are unsigned 63-bit numbers (RFC 7162 §7: mod-sequence-value is 1*DIGIT up to
 * 2^63-1). A JavaScript number holds integers exactly only up to 2^53: 2^53 and 2^53 + 1 are the
 * same number, so a cache that keeps HIGHESTMODSEQ as a number takes a folder whose only change
 * moved it from 2^53 to 2^53 + 1 for unchanged. A real Dovecot is brought there with
 * `doveadm mailbox update --min-highest-modseq` (meant for migrations: it only ever raises it).
 */

const USER = 'support';
const TWO_TO_53 = 9007199254740992n;

let dovecot: Dovecot;
let data: string;
let uid: number;

async function raiseHighestModseq(folder: string, atLeast: bigint): Promise<void> {
  await promisify(execFile)('doveadm', [
    '-c',
    join(dovecot.dir, 'dovecot.conf'),
    'mailbox',
    'update',
    '-u',
    USER,
    '--min-highest-modseq',
    String(atLeast),
    folder,
  ]);
}

async function serverHighestModseq(folder: string): Promise<bigint | undefined> {
  return withImap(dovecot, USER, async (client) => {
    const status = await client.status(folder, { highestModseq: true });
    return status === false ? undefined : status.highestModseq;
  });
}

/** The cache's values, read as bigint so that this reading loses nothing either. */
function cached(): { highest: bigint | null; location: bigint | null; flagged: bigint } {
  return withCache(data, (db) => {
    const mailbox = db
      .prepare("SELECT highest_modseq FROM mailboxes WHERE path = 'INBOX'")
      .safeIntegers()
      .get() as { highest_modseq: bigint | null };
    const location = db
      .prepare(
        `SELECT l.modseq, l.flagged FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id
         WHERE mb.path = 'INBOX' AND l.uid = ?`,
      )
      .safeIntegers()
      .get(uid) as { modseq: bigint | null; flagged: bigint };
    return {
      highest: mailbox.highest_modseq,
      location: location.modseq,
      flagged: location.flagged,
    };
  });
}

beforeAll(async () => {
  dovecot = await startDovecot({ rawlog: true });
  uid = await appendMessage(
    dovecot,
    USER,
    'INBOX',
    plainMessage({
      from: 'Big Numbers <big@customer.example>',
      to: 'Support <support@example.com>',
      subject: 'A mailbox with a long history',
      date: new Date(Date.UTC(2025, 4, 1)),
      messageId: uniqueMessageId('modseq'),
      text: 'Many changes ago.',
    }),
    ['\\Seen'],
  );
  await raiseHighestModseq('INBOX', TWO_TO_53);
  data = await makeDataDir();
  await addAccount(data, dovecot, USER);
});

afterAll(async () => {
  await dovecot?.stop();
  if (data) await removeDir(data);
});

describe('HIGHESTMODSEQ above 2^53', () => {
  it('is kept exactly after a first sync', async () => {
    expect(await serverHighestModseq('INBOX')).toBe(TWO_TO_53);
    await syncOnce(data);
    expect(cached()).toMatchObject({ highest: TWO_TO_53, flagged: 0n });
  });

  it('sees a change that moved it from 2^53 to 2^53 + 1, and keeps the new value exactly', async () => {
    await setFlags(dovecot, USER, 'INBOX', uid, ['\\Flagged'], []);
    expect(await serverHighestModseq('INBOX')).toBe(TWO_TO_53 + 1n);

    const [summary] = await syncOnce(data);
    expect(summary!.flagsChanged).toBe(1);
    expect(cached()).toEqual({ highest: TWO_TO_53 + 1n, location: TWO_TO_53 + 1n, flagged: 1n });
  });

  it('then takes the folder for unchanged: not even selected', async () => {
    const before = rawlogSessions(dovecot);
    const [summary] = await syncOnce(data);
    expect(summary).toMatchObject({ added: 0, removed: 0, flagsChanged: 0 });
    const { sent } = trafficSince(dovecot, before);
    // The sync did run (it listed the folders with their STATUS) …
    expect(sent.some((line) => / LIST .*STATUS/i.test(line))).toBe(true);
    // … and found nothing to look at in INBOX.
    expect(sent.filter((line) => /^\S+ (SELECT|EXAMINE) "?INBOX"?/i.test(line))).toEqual([]);
    expect(cached()).toEqual({ highest: TWO_TO_53 + 1n, location: TWO_TO_53 + 1n, flagged: 1n });
  });
});
