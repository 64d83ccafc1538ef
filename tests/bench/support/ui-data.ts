/**
 * bench:ui's data directories: the corpus synced from a private Dovecot into a baseline data
 * directory (the 20k corpus: about 5,000 conversations), and a copy of it grown in SQL to the
 * conversations asked for (support/hundred-k-cache.ts, as bench:app and bench:search grow
 * theirs), each given the same team state through the app's own door (its solo workspace).
 */
import { cpSync } from 'node:fs';
import { listAccounts } from '../../../src/accounts/account-store.js';
import { environmentSecretStore } from '../../../src/app/environment-secret-store.js';
import { openCache } from '../../../src/app/open-cache.js';
import { openSwitchboard } from '../../../src/app/open-switchboard.js';
import type { Dovecot } from '../../helpers/dovecot.js';
import { replicateCache, syncCorpus } from './hundred-k-cache.js';

export interface UiDataDir {
  dir: string;
  messages: number;
  conversations: number;
  /** What the team state set (setTeamState); none on a data directory kept from a run before. */
  triaged?: TeamStateCounts;
}

/** The password of the corpus's Dovecot user (tests/helpers/dovecot.ts's default user). */
export const CORPUS_PASSWORD = 'secret';

/**
 * The environment `switchboard serve` needs to sync the data directory's account: the variable
 * its password reference names (an `env:` reference, support/hundred-k-cache.ts), with the
 * password, as a user's shell would hold it.
 */
export function passwordEnvironment(dataDir: string): Record<string, string> {
  const db = openCache(dataDir);
  try {
    const ref = listAccounts(db)[0]?.passwordRef ?? '';
    const variable = /^env:(.+)$/.exec(ref)?.[1];
    if (!variable)
      throw new Error(`the bench account's password is not an env: reference (${ref})`);
    return { [variable]: CORPUS_PASSWORD };
  } finally {
    db.close();
  }
}

/** What a data directory's cache holds. */
export function countsOf(dataDir: string): { messages: number; conversations: number } {
  const db = openCache(dataDir);
  try {
    const count = (sql: string) => db.prepare<[], number>(sql).pluck().get()!;
    return {
      messages: count('SELECT count(*) FROM messages'),
      conversations: count('SELECT count(*) FROM conversations WHERE message_count > 0'),
    };
  } finally {
    db.close();
  }
}

/** The corpus synced into `dataDir` (Dovecot keeps running: `serve` syncs against it later). */
export async function syncBaseline(dovecot: Dovecot, dataDir: string): Promise<void> {
  const db = openCache(dataDir);
  try {
    await syncCorpus(dovecot, db);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/**
 * A copy of the baseline grown by whole copies of the corpus to at least `conversations`
 * conversations (each copy: the corpus's conversations again, older; its UIDs above the folder's
 * UIDNEXT, so the sync `serve` runs leaves them alone: it only compares UIDs below it).
 */
export function growCopy(baselineDir: string, dataDir: string, conversations: number): void {
  cpSync(baselineDir, dataDir, { recursive: true });
  const base = countsOf(baselineDir);
  const copies = Math.ceil(conversations / base.conversations);
  const db = openCache(dataDir);
  try {
    replicateCache(db, copies * base.messages);
  } finally {
    db.close();
  }
}

/** Conversations given their state at once. */
const BATCH = 16;

/** Tags the team state puts on conversations (an admin defines them on first use). */
const TAGS = ['billing', 'bug', 'vip', 'refund', 'onboarding'] as const;

/**
 * The team state of a busy shared inbox, by position in the list (newest first) so that both
 * data directories show the same on their first screens: a conversation in every `assignEvery`
 * assigned to this app's member, one in `tagEvery` tagged, and some pending, snoozed or closed.
 * Only the newest `reach` conversations: what the views' first thousands of rows show (setting
 * every conversation of 100,000 through the app takes long for nothing the screen shows).
 */
export const TEAM_STATE = {
  reach: 5000,
  assignEvery: 5,
  tagEvery: 4,
  pendingEvery: 9,
  snoozedEvery: 23,
  closedEvery: 6,
} as const;

export interface TeamStateCounts {
  assigned: number;
  tagged: number;
  pending: number;
  snoozed: number;
  closed: number;
  /** How long setting it through the app took, in ms. */
  ms: number;
}

/**
 * Sets the team state through the app's door (`openSwitchboard`, triage.*: what the UI calls),
 * in the data directory's solo workspace; the app is closed after, so that `serve` opens it.
 */
export async function setTeamState(dataDir: string): Promise<TeamStateCounts> {
  const started = performance.now();
  const app = await openSwitchboard({ dataDir, secrets: environmentSecretStore({}) });
  const counts = { assigned: 0, tagged: 0, pending: 0, snoozed: 0, closed: 0, ms: 0 };
  try {
    const conversations = await app.mail.conversations({ limit: TEAM_STATE.reach });
    const snoozedUntil = new Date(Date.now() + 7 * 86_400_000).toISOString();
    // A few calls at a time (each waits for the workspace's server to confirm it).
    for (let from = 0; from < conversations.length; from += BATCH)
      await Promise.all(
        conversations.slice(from, from + BATCH).map(async ({ id: conversationId }, offset) => {
          const index = from + offset;
          if (index % TEAM_STATE.assignEvery === 0) {
            await app.triage.assign({ conversationId, to: 'me' });
            counts.assigned += 1;
          }
          if (index % TEAM_STATE.tagEvery === 0) {
            await app.triage.tag({ conversationId, add: [TAGS[index % TAGS.length]!] });
            counts.tagged += 1;
          }
          if (index % TEAM_STATE.closedEvery === 0) {
            await app.triage.setStatus({ conversationId, status: 'closed' });
            counts.closed += 1;
          } else if (index % TEAM_STATE.pendingEvery === 0) {
            await app.triage.setStatus({ conversationId, status: 'pending' });
            counts.pending += 1;
          } else if (index % TEAM_STATE.snoozedEvery === 0) {
            await app.triage.setStatus({ conversationId, status: 'snoozed', snoozedUntil });
            counts.snoozed += 1;
          }
        }),
      );
  } finally {
    await app.close();
  }
  counts.ms = performance.now() - started;
  return counts;
}

/** Sets the team state on `dataDir` and says what it holds. */
export async function finishDataDir(dataDir: string): Promise<UiDataDir> {
  const triaged = await setTeamState(dataDir);
  return { dir: dataDir, ...countsOf(dataDir), triaged };
}
