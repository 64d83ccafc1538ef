import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccounts } from '../../src/accounts/account-store.js';
import { environmentSecrets } from '../../src/accounts/secrets.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { FULL_FLAG_SCAN_INTERVAL_MS, RECENT_FLAG_WINDOW } from '../../src/sync/folder-sync.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import {
  CAPABILITIES_WITHOUT_CONDSTORE,
  setFlags,
  startDovecot,
  withImap,
  type Dovecot,
} from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { cachePath, locations, withCache } from './support/cache.js';
import { addAccount, makeDataDir, removeDir, syncOnce } from './support/cli.js';
import { plainMessage, uniqueMessageId } from './support/mail.js';
import { rawlogSessions, trafficSince, type Traffic } from './support/rawlog.js';

/*
 * A running sync polls every folder (every 60 s by default). On a server without CONDSTORE
 * (RFC 7162) a flag change leaves UIDNEXT and MESSAGES as they were, so the poll used to fetch
 * the flags of every message of every folder, every time. Now a folder whose STATUS (MESSAGES,
 * UIDNEXT, UNSEEN) is what the cache recorded is not even selected, and all flags are compared
 * only every FULL_FLAG_SCAN_INTERVAL_MS. Counted from the server's side, in Dovecot's rawlog.
 */

const USER = 'support';
const PER_FOLDER = RECENT_FLAG_WINDOW + 50;
const FOLDERS = ['INBOX', 'Archive'];
/** A poll much faster than the real one, so that a test sees many. */
const POLL_MS = 150;
/** The full comparison of a folder's flags (every UID below UIDNEXT). */
const FULL_COMPARISON = `UID FETCH 1:${PER_FOLDER} (UID FLAGS)`;

let dovecot: Dovecot;
let data: string;
let db: Db;
const uids = new Map<string, number[]>();

/** `UID FETCH <set> (UID FLAGS)`: the flag comparison (new messages come with their headers). */
function flagFetches(traffic: Traffic): { commands: string[]; responseBytes: number } {
  const commands = traffic.sent
    .filter((line) => /^\S+ UID FETCH \S+ \(UID FLAGS\)$/i.test(line))
    .map((line) => line.replace(/^\S+ /, ''));
  const responseBytes = traffic.received
    .filter((line) =>
      /^\* \d+ FETCH \((UID \d+ FLAGS \([^)]*\)|FLAGS \([^)]*\) UID \d+)\)$/.test(line),
    )
    .reduce((sum, line) => sum + line.length + 2, 0);
  return { commands, responseBytes };
}

/** Runs the engine (as `switchboard sync` does, with a fast poll) until `done` holds. */
async function withEngine(
  done: (passes: number) => boolean | Promise<boolean>,
  during: (passes: () => number) => Promise<void> = () => Promise.resolve(),
): Promise<{ traffic: Traffic; passes: number }> {
  const before = rawlogSessions(dovecot);
  let passes = 0;
  const errors: string[] = [];
  const clients: ImapFlow[] = [];
  const engine = new SyncEngine(
    db,
    environmentSecrets(process.env),
    {
      onPass: () => (passes += 1),
      onError: (_account, error) => errors.push(error.message),
      imap: { onClient: (client) => clients.push(client) },
    },
    { pollIntervalMs: POLL_MS },
  );
  engine.start(listAccounts(db));
  try {
    await during(() => passes);
    expect(await until(() => done(passes), 20_000)).toBe(true);
  } finally {
    await engine.stop();
  }
  expect(errors).toEqual([]);
  // Dovecot writes the rawlog as the sessions go; wait until it saw them end.
  await until(() => clients.every((client) => !client.usable), 5_000);
  return { traffic: trafficSince(dovecot, before), passes };
}

/** The UIDs a look between full comparisons fetches the flags of, whatever else it finds. */
function newestOf(folder: string): string {
  const appended = uids.get(folder)!;
  return `${appended.at(-RECENT_FLAG_WINDOW)}:${appended.at(-1)}`;
}

const flagsOf = (path: string, uid: number) =>
  withCache(data, (cache) => locations(cache).find((row) => row.path === path && row.uid === uid));

beforeAll(async () => {
  dovecot = await startDovecot({ capabilities: CAPABILITIES_WITHOUT_CONDSTORE, rawlog: true });
  await withImap(dovecot, USER, async (client) => {
    for (const folder of FOLDERS) {
      const appended: number[] = [];
      for (let n = 1; n <= PER_FOLDER; n += 1) {
        const result = await client.append(
          folder,
          plainMessage({
            from: `Customer ${n} <c${n}@customer.example>`,
            to: 'Support <support@example.com>',
            subject: `${folder} request ${n}`,
            date: new Date(Date.UTC(2025, 0, 1, 0, n)),
            messageId: uniqueMessageId(`${folder}-${n}`),
            text: `Request ${n}.`,
          }),
          n % 3 === 0 ? [] : ['\\Seen'],
        );
        if (result === false || result.uid === undefined) throw new Error('APPEND gave no UID');
        appended.push(result.uid);
      }
      uids.set(folder, appended);
    }
  });
  data = await makeDataDir();
  await addAccount(data, dovecot, USER);
  // A first sync: every flag is fetched once, with the headers.
  await syncOnce(data);
  db = openDatabase(cachePath(data));
});

afterAll(async () => {
  db?.close();
  await dovecot?.stop();
  if (data) await removeDir(data);
});

describe('polling a server without CONDSTORE', () => {
  it('talks to a server without CONDSTORE', async () => {
    expect(
      await withImap(dovecot, USER, (client) =>
        Promise.resolve(client.capabilities.has('CONDSTORE')),
      ),
    ).toBe(false);
  });

  it('fetches no flags while nothing changes, but for the newest of the Inbox once as IDLE starts', async () => {
    const { traffic, passes } = await withEngine((count) => count >= 6);
    const fetched = flagFetches(traffic);
    console.log(
      `${passes} passes over ${FOLDERS.length} folders of ${PER_FOLDER} messages, nothing changed: ` +
        `${fetched.commands.length} flag FETCHes, ${fetched.responseBytes} bytes of FETCH responses`,
    );
    // IDLE tells of changes after its SELECT only: what changed before is looked for once.
    expect(fetched.commands).toEqual([`UID FETCH ${newestOf('INBOX')} (UID FLAGS)`]);
    expect(fetched.responseBytes).toBeLessThan(RECENT_FLAG_WINDOW * 60);
    // The passes did look: each listed the folders with their STATUS, UNSEEN included.
    expect(
      traffic.sent.filter((line) => / LIST .*STATUS \(.*UNSEEN/i.test(line)).length,
    ).toBeGreaterThanOrEqual(passes);
  });

  it('brings a \\Seen change on an old message in within a poll, without a full comparison', async () => {
    const oldest = uids.get('Archive')![0]!;
    expect(flagsOf('Archive', oldest)).toMatchObject({ seen: 1 });
    const { traffic } = await withEngine(
      () => flagsOf('Archive', oldest)?.seen === 0,
      async () => {
        await setFlags(dovecot, USER, 'Archive', oldest, [], ['\\Seen']);
      },
    );
    const fetched = flagFetches(traffic);
    console.log(
      `a \\Seen change outside the recent window: ${JSON.stringify(fetched.commands)}, ${fetched.responseBytes} bytes`,
    );
    // In the Archive, the UID whose \Seen differs and the newest: never the whole folder. In the
    // Inbox, its newest once as IDLE starts (above).
    expect([...fetched.commands].sort()).toEqual(
      [
        `UID FETCH ${oldest},${newestOf('Archive')} (UID FLAGS)`,
        `UID FETCH ${newestOf('INBOX')} (UID FLAGS)`,
      ].sort(),
    );
  });

  it('brings a \\Flagged change on a recent message in at the next pass that looks at the folder', async () => {
    const newest = uids.get('INBOX')!.at(-1)!;
    // IDLE on the Inbox reports the change at once; that pass fetches the recent UIDs' flags.
    await withEngine(
      () => flagsOf('INBOX', newest)?.flagged === 1,
      async () => {
        await setFlags(dovecot, USER, 'INBOX', newest, ['\\Flagged'], []);
      },
    );
  });

  it('brings a \\Flagged change made while it was stopped in as it starts', async () => {
    const recent = uids.get('INBOX')!.at(-2)!;
    // Before IDLE's SELECT, and STATUS shows nothing: only a look at the Inbox as IDLE starts sees it.
    await setFlags(dovecot, USER, 'INBOX', recent, ['\\Flagged'], []);
    await withEngine(() => flagsOf('INBOX', recent)?.flagged === 1);
  });

  it('brings a \\Flagged change on an old message in with the next full comparison', async () => {
    const oldest = uids.get('Archive')![1]!;
    let passesAtChange = 0;
    const { traffic } = await withEngine(
      () => flagsOf('Archive', oldest)?.flagged === 1,
      async (passes) => {
        await setFlags(dovecot, USER, 'Archive', oldest, ['\\Flagged'], []);
        // \Flagged leaves STATUS as it was: polls do not see it (that is the saving) …
        passesAtChange = passes();
        expect(await until(() => passes() >= passesAtChange + 3, 20_000)).toBe(true);
        expect(flagsOf('Archive', oldest)).toMatchObject({ flagged: 0 });
        // … until the full comparison is due: as if FULL_FLAG_SCAN_INTERVAL_MS had passed.
        db.prepare(
          "UPDATE mailboxes SET flags_scanned_at = flags_scanned_at - ? WHERE path = 'Archive'",
        ).run(FULL_FLAG_SCAN_INTERVAL_MS);
      },
    );
    const full = flagFetches(traffic).commands.filter((command) => command === FULL_COMPARISON);
    expect(full).toHaveLength(1);
  });
});
