import type { ExpungeEvent, ImapFlow } from 'imapflow';
import { THREADING_HEADER_FIELDS, toMessageRecord } from '../mail/message-record.js';
import { BULK_LOAD_FROM } from '../store/bulk-load.js';
import type { CacheOp, FiledMessage, OpResult } from '../store/cache-ops.js';
import type { MailboxRow } from '../store/mailbox-store.js';
import { growingBatches, toSequenceSet } from '../imap/uid-set.js';
import { BatchPipe } from './bulk-session.js';
import type { SyncContext } from './sync-context.js';

/** What LIST-STATUS / STATUS told us about a folder without selecting it (RFC 5819, RFC 3501 §6.3.10). */
export interface FolderStatus {
  uidValidity?: bigint | undefined;
  uidNext?: number | undefined;
  highestModseq?: bigint | undefined;
  messages?: number | undefined;
  /** Messages without \Seen. */
  unseen?: number | undefined;
}

/**
 * How the flags of known messages are compared on a server without CONDSTORE (RFC 7162), where a
 * flag change leaves UIDNEXT and MESSAGES as they were and only a comparison of every flag sees
 * all of them. 'full': every time (`sync --once`, one exact pass). 'periodic': a running sync's
 * polls compare every flag only every FULL_FLAG_SCAN_INTERVAL_MS; between, a folder whose STATUS
 * (MESSAGES, UIDNEXT, UNSEEN) is as the cache recorded is skipped, and one that is selected
 * anyway has only the UIDs whose \Seen differs and its RECENT_FLAG_WINDOW newest compared.
 */
export type FlagCheck = 'full' | 'periodic';

/**
 * At most this long between two comparisons of every flag of a folder, for a running sync on a
 * server without CONDSTORE. It is what a change that leaves STATUS alone costs: \Flagged,
 * \Answered, a keyword, or a message read while another was marked unread (UNSEEN unchanged)
 * reaches the cache up to this long plus one poll after it was made, unless it is on one of a
 * folder's newest messages and that folder is selected meanwhile (new mail, IDLE). Five minutes
 * keeps a teammate's flag visible about as soon as anyone would act on it, while an idle account
 * costs one LIST-STATUS per poll instead of every flag of every folder every minute (measured
 * with Dovecot: about 34 bytes per message and comparison; tests/sync/flag-polling.test.ts).
 */
export const FULL_FLAG_SCAN_INTERVAL_MS = 5 * 60_000;

/**
 * Between full comparisons, a folder that is selected anyway has the flags of this many of its
 * newest messages compared: where a team reads, flags and answers (3 to 4 kB with Dovecot).
 */
export const RECENT_FLAG_WINDOW = 100;

/** Messages per op sent to the cache writer, and how many ops may be pending at once. */
const CHUNK = 1000;
const MAX_IN_FLIGHT = 3;
/** New messages expected before the bulk connection is opened ahead of time. */
const PREFETCH_AT = 500;
/** RFC 3501 §6.4.5: everything the inbox needs, and BODYSTRUCTURE to choose the text part. */
const HEADER_ITEMS = `UID FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (${THREADING_HEADER_FIELDS.join(' ').toUpperCase()})]`;

export interface FolderSyncResult {
  path: string;
  skipped: boolean;
  added: number;
  removed: number;
  flagsChanged: number;
  uidValidityReset: boolean;
}

/**
 * A folder is unchanged when its UIDVALIDITY, UIDNEXT and message count match what the cache
 * recorded, and its flags too: with CONDSTORE by HIGHESTMODSEQ, which every flag change raises
 * (RFC 7162 §3.1.1); without, only between full comparisons (FlagCheck) and by UNSEEN. Then there
 * is nothing to select or fetch.
 */
export function isUnchanged(
  mailbox: MailboxRow,
  status: FolderStatus | undefined,
  flagCheck: FlagCheck = 'full',
  now = Date.now(),
): boolean {
  if (!status || mailbox.uid_validity === null || mailbox.last_synced_at === null) return false;
  if (status.uidValidity === undefined || Number(status.uidValidity) !== mailbox.uid_validity)
    return false;
  if (status.uidNext === undefined || status.uidNext !== mailbox.uid_next) return false;
  if (status.messages === undefined || status.messages !== mailbox.message_count) return false;
  // Compared as bigint: two mod-sequences above 2^53 can be one JS number apart from neither.
  if (status.highestModseq !== undefined) return status.highestModseq === mailbox.highest_modseq;
  return (
    flagCheck === 'periodic' &&
    !fullFlagScanDue(mailbox, now) &&
    status.unseen !== undefined &&
    status.unseen === mailbox.unseen_count
  );
}

function fullFlagScanDue(mailbox: MailboxRow, now: number): boolean {
  return (
    mailbox.flags_scanned_at === null ||
    now - mailbox.flags_scanned_at >= FULL_FLAG_SCAN_INTERVAL_MS
  );
}

/**
 * Brings one folder's headers and flags up to date (bodies come later, see body-sync.ts).
 *
 * Order matters for crash safety: new messages are written batch by batch, newest first, each
 * batch in one transaction; the folder's UIDNEXT / HIGHESTMODSEQ are saved only at the end. A
 * sync killed midway restarts from the old state and skips what it already has, so nothing is
 * lost and nothing is stored twice (a copy is keyed by mailbox + UID).
 */
export async function syncFolder(
  ctx: SyncContext,
  mailbox: MailboxRow,
  status?: FolderStatus,
  flagCheck: FlagCheck = 'full',
  /** Looked at even when STATUS says unchanged: something is known to have changed. */
  look = false,
): Promise<FolderSyncResult> {
  const result: FolderSyncResult = {
    path: mailbox.path,
    skipped: false,
    added: 0,
    removed: 0,
    flagsChanged: 0,
    uidValidityReset: false,
  };
  // What a full comparison is recorded with: taken before anything is fetched, since a flag
  // changed while it runs may be missed by it and must fall into the next period.
  const startedAt = Date.now();
  if (!look && isUnchanged(mailbox, status, flagCheck, startedAt))
    return { ...result, skipped: true };

  return ctx.locks.run(`${ctx.account.id}\n${mailbox.path}`, async () => {
    const { client } = ctx;
    // Much to fetch (a first sync, or STATUS says so): log the bulk connection in and EXAMINE
    // while imapflow SELECTs and SEARCHes, instead of after.
    const expected =
      mailbox.uid_validity === null
        ? Number.POSITIVE_INFINITY
        : (status?.uidNext ?? mailbox.uid_next) - mailbox.uid_next;
    const bulkReady =
      expected >= PREFETCH_AT
        ? ctx.bulk.get().then(async (bulk) => (await bulk.examine(mailbox.path), bulk))
        : undefined;
    // Awaited below when there is something to fetch; a failure then surfaces there.
    bulkReady?.catch(() => undefined);
    const wasOpen = client.mailbox && client.mailbox.path === mailbox.path;
    let lock: { release(): void } | undefined;
    try {
      // Inside the try: a folder the server refuses to SELECT still waits, below, for its
      // EXAMINE on the bulk connection, which the next folder would otherwise run into.
      lock = await client.getMailboxLock(mailbox.path, {
        description: 'switchboard folder sync',
      });
      // A mailbox that stayed selected keeps stale counters; SELECT again for fresh ones.
      if (wasOpen) await client.mailboxOpen(mailbox.path);
      const selected = client.mailbox;
      if (!selected) throw new Error(`could not select ${mailbox.path}`);
      const uidValidity = Number(selected.uidValidity);
      // Reads below must see every write this sync sent before.
      await ctx.cache.drain();
      let state = ctx.mailboxes.get(mailbox.id) ?? mailbox;

      if (state.uid_validity !== null && state.uid_validity !== uidValidity) {
        // RFC 3501 §2.3.1.1: a new UIDVALIDITY voids every UID we hold for this folder.
        result.uidValidityReset = true;
        result.removed += await write(ctx, {
          type: 'reset-state',
          mailboxId: mailbox.id,
          uidValidity,
        });
        state = ctx.mailboxes.get(mailbox.id)!;
      }

      const condstore =
        client.enabled.has('CONDSTORE') &&
        !selected.noModseq &&
        selected.highestModseq !== undefined;
      const qresync = client.enabled.has('QRESYNC');
      let highestModseq = condstore ? (selected.highestModseq ?? 0n) : null;
      // Every flag is compared when the folder is new to the cache (each message is fetched with
      // its flags) or when syncKnownRange compares them all.
      let flagsScannedAt = state.uid_next === 1 ? startedAt : undefined;

      const serverNew = await searchUids(client, `${state.uid_next}:*`, state.uid_next);
      if (state.uid_next > 1) {
        const changes = await syncKnownRange(ctx, state, {
          condstore,
          qresync,
          fullScan: flagCheck === 'full' || fullFlagScanDue(state, startedAt),
        });
        if (changes.fullScan) flagsScannedAt = startedAt;
        result.flagsChanged += changes.flagsChanged;
        result.removed += changes.removed;
        // Without QRESYNC an expunge is only visible as a count that no longer adds up. Counted,
        // not listed: listing a folder of 400,000 at each pass that found it changed held the
        // app's event loop (and every call from its windows) for 300 ms.
        const expectedBelow = selected.exists - serverNew.length;
        if (ctx.mailboxes.localCount(state.id, state.uid_next) !== expectedBelow) {
          const onServer = new Set(await searchUids(client, `1:${state.uid_next - 1}`, 1));
          result.removed += await commitRemovals(
            ctx,
            state.id,
            ctx.mailboxes.localUids(state.id, state.uid_next).filter((uid) => !onServer.has(uid)),
          );
        }
        if (
          changes.maxModseq !== null &&
          highestModseq !== null &&
          changes.maxModseq > highestModseq
        ) {
          highestModseq = changes.maxModseq;
        }
      }

      // What of the server's new UIDs is here already (a pass cut short): only that range is read.
      const lowestNew = serverNew.reduce((low, uid) => Math.min(low, uid), Infinity);
      const have = new Set(
        serverNew.length ? ctx.mailboxes.localUids(state.id, undefined, lowestNew) : [],
      );
      const missing = serverNew.filter((uid) => !have.has(uid)).sort((a, b) => b - a);
      // Headers come over the bulk connection and are handed to the cache writer in batches as
      // they arrive, committed while the next ones are fetched (a few in flight at most).
      if (missing.length) {
        // Ended by syncAccount once everything is searchable, or by the next pass after a crash.
        if (missing.length >= BULK_LOAD_FROM)
          await ctx.cache.run({ type: 'bulk-load', active: true });
        await bulkReady;
        const bulk = await ctx.bulk.get();
        await bulk.examine(mailbox.path);
        let done = 0;
        const pipe = new BatchPipe<FiledMessage>(
          CHUNK,
          MAX_IN_FLIGHT,
          async (messages) => {
            const { value: count, received } = await commit(ctx, {
              type: 'file',
              account: { id: ctx.account.id, email: ctx.account.email },
              mailboxId: state.id,
              messages,
            });
            if (received)
              ctx.onReceived?.({
                account: ctx.account.email,
                mailbox: mailbox.path,
                role: mailbox.role,
                firstSync: mailbox.uid_validity === null,
                ...received,
              });
            result.added += count;
            done += count;
            ctx.onProgress?.({
              phase: 'headers',
              account: ctx.account.email,
              mailbox: mailbox.path,
              done,
              total: missing.length,
            });
          },
          bulk,
        );
        try {
          for (const batch of growingBatches(missing)) {
            await bulk.fetch(toSequenceSet(batch), HEADER_ITEMS, (item) => {
              const flags = item.flags ?? new Set<string>();
              const record = toMessageRecord({
                uid: item.uid,
                flags,
                modseq: item.modseq,
                internalDate: item.internalDate,
                size: item.size,
                headers: item.headers,
                bodyStructure: item.bodyStructure,
              });
              pipe.push({
                fetched: { uid: item.uid, flags: [...flags], modseq: item.modseq },
                record,
              });
            });
            // Small first batches reach the inbox early; later ones only fill the pipe.
            pipe.flush();
          }
        } finally {
          await pipe.finish();
        }
      }

      const uidNext = Math.max(selected.uidNext ?? 1, (missing[0] ?? 0) + 1, state.uid_next);
      await write(ctx, {
        type: 'save-state',
        mailboxId: state.id,
        state: { uidValidity, uidNext, highestModseq },
        // The STATUS this pass went by (taken before anything was fetched): should a flag change
        // come in between, the next STATUS differs from it and the folder is looked at again.
        flags: { scannedAt: flagsScannedAt, unseenCount: status?.unseen ?? null },
      });
      return result;
    } finally {
      lock?.release();
      // The bulk connection runs one command at a time: the next folder must not race it.
      await bulkReady?.catch(() => undefined);
    }
  });
}

/** Flags changed and messages expunged below the folder's known UIDNEXT. */
async function syncKnownRange(
  ctx: SyncContext,
  state: MailboxRow,
  mode: { condstore: boolean; qresync: boolean; fullScan: boolean },
): Promise<{
  flagsChanged: number;
  removed: number;
  maxModseq: bigint | null;
  fullScan: boolean;
}> {
  const { client } = ctx;
  const { id: mailboxId, uid_next: uidNext, highest_modseq: knownModseq } = state;
  const incremental = mode.condstore && knownModseq !== null;
  // With CONDSTORE but no mod-sequence recorded yet, one full comparison gives the starting point.
  const fullScan = !incremental && (mode.fullScan || mode.condstore);
  const range =
    incremental || fullScan ? `1:${uidNext - 1}` : await uidsToRecheck(ctx, mailboxId, uidNext);
  if (range === '') return { flagsChanged: 0, removed: 0, maxModseq: null, fullScan };
  const vanished: number[] = [];
  const onExpunge = (event: ExpungeEvent) => {
    if (event.uid !== undefined && event.uid < uidNext) vanished.push(event.uid);
  };
  const updates: Array<{ uid: number; flags: Set<string>; modseq: bigint | undefined }> = [];
  const seen = new Set<number>();
  let maxModseq: bigint | null = null;
  client.on('expunge', onExpunge);
  try {
    // CONDSTORE: only what changed since the last sync; QRESYNC adds the expunged UIDs as
    // VANISHED (EARLIER) (RFC 7162 §3.1.4, §3.2.6). Otherwise every flag, or those chosen above.
    for await (const message of client.fetch(
      range,
      { uid: true, flags: true },
      incremental ? { uid: true, changedSince: knownModseq } : { uid: true },
    )) {
      seen.add(message.uid);
      if (message.modseq !== undefined && (maxModseq === null || message.modseq > maxModseq))
        maxModseq = message.modseq;
      updates.push({ uid: message.uid, flags: message.flags ?? new Set(), modseq: message.modseq });
    }
  } finally {
    client.off('expunge', onExpunge);
  }
  // Only a full comparison tells an expunge by its absence (otherwise see the count in syncFolder).
  const local = fullScan ? ctx.mailboxes.localUids(mailboxId, uidNext) : null;
  const flagsChanged = await write(ctx, {
    type: 'flags',
    mailboxId,
    updates: updates.map((update) => ({
      uid: update.uid,
      flags: [...update.flags],
      modseq: update.modseq,
    })),
    onlyIfDifferent: !incremental,
  });
  let removed = 0;
  if (mode.qresync && incremental) removed += await commitRemovals(ctx, mailboxId, vanished);
  if (local)
    removed += await commitRemovals(
      ctx,
      mailboxId,
      local.filter((uid) => !seen.has(uid)),
    );
  return { flagsChanged, removed, maxModseq, fullScan };
}

/**
 * Between full comparisons without CONDSTORE: the known UIDs whose \Seen differs between server
 * (UID SEARCH UNSEEN: a UID list as long as the unread mail) and cache, and the newest known UIDs,
 * as a sequence set ('' for none).
 */
async function uidsToRecheck(
  ctx: SyncContext,
  mailboxId: number,
  uidNext: number,
): Promise<string> {
  const found = await ctx.client.search({ uid: `1:${uidNext - 1}`, seen: false }, { uid: true });
  const unseenOnServer = new Set(found || []);
  const unseenHere = new Set(ctx.mailboxes.localUnseenUids(mailboxId, uidNext));
  const differing = [
    ...[...unseenOnServer].filter((uid) => !unseenHere.has(uid)),
    ...[...unseenHere].filter((uid) => !unseenOnServer.has(uid)),
  ];
  const newest = ctx.mailboxes.newestLocalUids(mailboxId, uidNext, RECENT_FLAG_WINDOW);
  return toSequenceSet([...differing, ...newest]);
}

async function commitRemovals(
  ctx: SyncContext,
  mailboxId: number,
  uids: number[],
): Promise<number> {
  if (uids.length === 0) return 0;
  return write(ctx, { type: 'remove', mailboxId, uids });
}

/** Sends one op to the cache writer and reports the conversations it changed. */
async function commit<T extends CacheOp>(ctx: SyncContext, op: T): Promise<OpResult<T['type']>> {
  const result = await ctx.cache.run(op);
  if (result.changed.length) ctx.onChange?.(result.changed);
  return result;
}

/** `commit`, for the ops that answer a count. */
async function write<T extends CacheOp>(ctx: SyncContext, op: T): Promise<number> {
  return (await commit(ctx, op)).value as number;
}

async function searchUids(client: ImapFlow, range: string, atLeast: number): Promise<number[]> {
  const found = await client.search({ uid: range }, { uid: true });
  // "N:*" always matches the highest UID even when it is below N (RFC 3501 §6.4.8).
  return (found || []).filter((uid) => uid >= atLeast);
}
