import type { ExpungeEvent, FetchMessageObject, ImapFlow } from 'imapflow';
import { THREADING_HEADER_FIELDS, toMessageRecord } from '../mail/message-record.js';
import type { MailboxRow } from '../store/mailbox-store.js';
import { flagColumns } from '../store/message-writer.js';
import { growingBatches, toSequenceSet } from '../imap/uid-set.js';
import type { SyncContext } from './sync-context.js';

/** What LIST-STATUS / STATUS told us about a folder without selecting it (RFC 5819, RFC 3501 §6.3.10). */
export interface FolderStatus {
  uidValidity?: bigint | undefined;
  uidNext?: number | undefined;
  highestModseq?: bigint | undefined;
  messages?: number | undefined;
}

export interface FolderSyncResult {
  path: string;
  skipped: boolean;
  added: number;
  removed: number;
  flagsChanged: number;
  uidValidityReset: boolean;
}

/**
 * A folder is unchanged when its UIDVALIDITY, UIDNEXT, message count and (with CONDSTORE)
 * HIGHESTMODSEQ all match what the cache recorded: then there is nothing to select or fetch.
 */
export function isUnchanged(mailbox: MailboxRow, status: FolderStatus | undefined): boolean {
  if (!status || mailbox.uid_validity === null || mailbox.last_synced_at === null) return false;
  if (status.uidValidity === undefined || Number(status.uidValidity) !== mailbox.uid_validity) return false;
  if (status.uidNext === undefined || status.uidNext !== mailbox.uid_next) return false;
  if (status.messages === undefined || status.messages !== mailbox.message_count) return false;
  // Without CONDSTORE a flag change leaves STATUS as it was: such a folder is always compared.
  if (status.highestModseq === undefined || Number(status.highestModseq) !== mailbox.highest_modseq) return false;
  return true;
}

/**
 * Brings one folder's headers and flags up to date (bodies come later, see body-sync.ts).
 *
 * Order matters for crash safety: new messages are written batch by batch, newest first, each
 * batch in one transaction; the folder's UIDNEXT / HIGHESTMODSEQ are saved only at the end. A
 * sync killed midway restarts from the old state and skips what it already has, so nothing is
 * lost and nothing is stored twice (a copy is keyed by mailbox + UID).
 */
export async function syncFolder(ctx: SyncContext, mailbox: MailboxRow, status?: FolderStatus): Promise<FolderSyncResult> {
  const result: FolderSyncResult = { path: mailbox.path, skipped: false, added: 0, removed: 0, flagsChanged: 0, uidValidityReset: false };
  if (isUnchanged(mailbox, status)) return { ...result, skipped: true };

  return ctx.locks.run(`${ctx.account.id}\n${mailbox.path}`, async () => {
    const { client } = ctx;
    const wasOpen = client.mailbox && client.mailbox.path === mailbox.path;
    const lock = await client.getMailboxLock(mailbox.path, { description: 'switchboard folder sync' });
    try {
      // A mailbox that stayed selected keeps stale counters; SELECT again for fresh ones.
      if (wasOpen) await client.mailboxOpen(mailbox.path);
      const selected = client.mailbox;
      if (!selected) throw new Error(`could not select ${mailbox.path}`);
      const uidValidity = Number(selected.uidValidity);
      let state = ctx.mailboxes.get(mailbox.id) ?? mailbox;

      if (state.uid_validity !== null && state.uid_validity !== uidValidity) {
        // RFC 3501 §2.3.1.1: a new UIDVALIDITY voids every UID we hold for this folder.
        result.uidValidityReset = true;
        result.removed += unfileAll(ctx, mailbox.id);
        ctx.mailboxes.resetState(mailbox.id, uidValidity);
        state = ctx.mailboxes.get(mailbox.id)!;
      }

      const condstore = client.enabled.has('CONDSTORE') && !selected.noModseq && selected.highestModseq !== undefined;
      const qresync = client.enabled.has('QRESYNC');
      let highestModseq = condstore ? (selected.highestModseq ?? 0n) : null;

      const serverNew = await searchUids(client, `${state.uid_next}:*`, state.uid_next);
      if (state.uid_next > 1) {
        const changes = await syncKnownRange(ctx, state.id, state.uid_next, state.highest_modseq, condstore, qresync);
        result.flagsChanged += changes.flagsChanged;
        result.removed += changes.removed;
        // Without QRESYNC an expunge is only visible as a count that no longer adds up.
        const expectedBelow = selected.exists - serverNew.length;
        const localBelow = ctx.mailboxes.localUids(state.id, state.uid_next);
        if (localBelow.length !== expectedBelow) {
          const onServer = new Set(await searchUids(client, `1:${state.uid_next - 1}`, 1));
          result.removed += commitRemovals(ctx, state.id, localBelow.filter((uid) => !onServer.has(uid)));
        }
        if (changes.maxModseq !== null && highestModseq !== null && changes.maxModseq > highestModseq) {
          highestModseq = changes.maxModseq;
        }
      }

      const have = new Set(ctx.mailboxes.localUids(state.id));
      const missing = serverNew.filter((uid) => !have.has(uid)).sort((a, b) => b - a);
      let done = 0;
      for (const batch of growingBatches(missing)) {
        const fetched: FetchMessageObject[] = [];
        for await (const message of client.fetch(
          toSequenceSet(batch),
          { uid: true, flags: true, internalDate: true, size: true, bodyStructure: true, headers: [...THREADING_HEADER_FIELDS] },
          { uid: true },
        )) {
          fetched.push(message);
        }
        const changed = ctx.db.transaction(() => {
          for (const message of fetched) {
            const headers = {
              uid: message.uid,
              flags: message.flags ?? new Set<string>(),
              modseq: message.modseq,
              internalDate: message.internalDate,
              size: message.size,
              headers: message.headers,
              bodyStructure: message.bodyStructure,
            };
            ctx.writer.addLocation(ctx.account, state.id, headers, toMessageRecord(headers));
          }
          return ctx.writer.flush();
        })();
        result.added += fetched.length;
        done += batch.length;
        ctx.onChange?.(changed);
        ctx.onProgress?.({ phase: 'headers', account: ctx.account.email, mailbox: mailbox.path, done, total: missing.length });
      }

      const uidNext = Math.max(selected.uidNext ?? 1, (missing[0] ?? 0) + 1, state.uid_next);
      ctx.mailboxes.saveState(state.id, {
        uidValidity,
        uidNext,
        highestModseq: highestModseq === null ? null : Number(highestModseq),
        messageCount: ctx.mailboxes.localUids(state.id).length,
      });
      return result;
    } finally {
      lock.release();
    }
  });
}

/** Flags changed and messages expunged below the folder's known UIDNEXT. */
async function syncKnownRange(
  ctx: SyncContext,
  mailboxId: number,
  uidNext: number,
  knownModseq: number | null,
  condstore: boolean,
  qresync: boolean,
): Promise<{ flagsChanged: number; removed: number; maxModseq: bigint | null }> {
  const { client } = ctx;
  const range = `1:${uidNext - 1}`;
  const vanished: number[] = [];
  const onExpunge = (event: ExpungeEvent) => {
    if (event.uid !== undefined && event.uid < uidNext) vanished.push(event.uid);
  };
  const updates: Array<{ uid: number; flags: Set<string>; modseq: bigint | undefined }> = [];
  const seen = new Set<number>();
  let maxModseq: bigint | null = null;
  const incremental = condstore && knownModseq !== null;
  client.on('expunge', onExpunge);
  try {
    // CONDSTORE: only what changed since the last sync; QRESYNC adds the expunged UIDs as
    // VANISHED (EARLIER) (RFC 7162 §3.1.4, §3.2.6). Otherwise every flag is compared.
    for await (const message of client.fetch(
      range,
      { uid: true, flags: true },
      incremental ? { uid: true, changedSince: BigInt(knownModseq) } : { uid: true },
    )) {
      seen.add(message.uid);
      if (message.modseq !== undefined && (maxModseq === null || message.modseq > maxModseq)) maxModseq = message.modseq;
      updates.push({ uid: message.uid, flags: message.flags ?? new Set(), modseq: message.modseq });
    }
  } finally {
    client.off('expunge', onExpunge);
  }
  const local = incremental ? null : ctx.mailboxes.localFlags(mailboxId, uidNext);
  const flagsChanged = ctx.db.transaction(() => {
    let changed = 0;
    for (const update of updates) {
      if (local && local.get(update.uid) === flagColumns(update.flags).flags) continue;
      if (ctx.writer.setFlags(mailboxId, update.uid, update.flags, update.modseq)) changed += 1;
    }
    return changed;
  })();
  let removed = 0;
  if (qresync && incremental) removed += commitRemovals(ctx, mailboxId, vanished);
  if (local) removed += commitRemovals(ctx, mailboxId, [...local.keys()].filter((uid) => !seen.has(uid)));
  if (flagsChanged) ctx.onChange?.(ctx.writer.flush());
  return { flagsChanged, removed, maxModseq };
}

function commitRemovals(ctx: SyncContext, mailboxId: number, uids: number[]): number {
  if (uids.length === 0) return 0;
  const changed = ctx.db.transaction(() => {
    for (const uid of uids) ctx.writer.removeLocation(mailboxId, uid);
    return ctx.writer.flush();
  })();
  ctx.onChange?.(changed);
  return uids.length;
}

function unfileAll(ctx: SyncContext, mailboxId: number): number {
  return commitRemovals(ctx, mailboxId, ctx.mailboxes.localUids(mailboxId));
}

async function searchUids(client: ImapFlow, range: string, atLeast: number): Promise<number[]> {
  const found = await client.search({ uid: range }, { uid: true });
  // "N:*" always matches the highest UID even when it is below N (RFC 3501 §6.4.8).
  return (found || []).filter((uid) => uid >= atLeast);
}
