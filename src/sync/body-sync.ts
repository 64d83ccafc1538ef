import { decodeTextPart, type PartRef } from '../mime/text-part.js';
import { growingBatches, toSequenceSet } from '../imap/uid-set.js';
import { BULK_LOAD_FROM } from '../store/bulk-load.js';
import type { BodyResult } from '../store/cache-ops.js';
import { BatchPipe } from './bulk-session.js';
import type { SyncContext } from './sync-context.js';

/**
 * Text beyond this is not needed to find or preview a message; the full message is parsed when it
 * is opened. Capping the fetch keeps one huge message from holding up the rest.
 */
export const MAX_TEXT_PART_BYTES = 2 * 1024 * 1024;
const BODY_BATCH = 250;

interface PendingBody {
  id: number;
  text_part_json: string;
  mailbox_id: number;
  path: string;
  uid: number;
}

/**
 * Second phase of a sync: fetches only each message's chosen text part (from BODYSTRUCTURE, so
 * attachments never cross the wire), decodes it and makes it searchable. Newest first.
 */
export async function syncBodies(
  ctx: SyncContext,
  options: { limit?: number } = {},
): Promise<number> {
  const pending = ctx.db
    .prepare<[string, number], PendingBody>(
      `SELECT m.id, m.text_part_json, l.mailbox_id, mb.path, l.uid
       FROM messages m
       JOIN message_locations l ON l.message_id = m.id AND l.uid > 0
       JOIN mailboxes mb ON mb.id = l.mailbox_id
       WHERE m.account_id = ? AND m.body_state = 'pending'
       GROUP BY m.id
       ORDER BY m.received_at DESC
       LIMIT ?`,
    )
    .all(ctx.account.id, options.limit ?? -1);
  const byMailbox = new Map<string, PendingBody[]>();
  for (const row of pending) {
    const list = byMailbox.get(row.path) ?? [];
    list.push(row);
    byMailbox.set(row.path, list);
  }
  // Ended by syncAccount once everything is searchable, or by the next pass after a crash.
  if (pending.length >= BULK_LOAD_FROM) await ctx.cache.run({ type: 'bulk-load', active: true });
  let stored = 0;
  for (const [path, rows] of byMailbox) {
    // A folder the server refuses to open costs its own bodies only (folder-failures.ts).
    stored +=
      (await ctx.failures.isolate({ id: rows[0]!.mailbox_id, path }, () =>
        ctx.locks.run(`${ctx.account.id}\n${path}`, () => fetchMailboxBodies(ctx, path, rows)),
      )) ?? 0;
  }
  return stored;
}

async function fetchMailboxBodies(
  ctx: SyncContext,
  path: string,
  rows: PendingBody[],
): Promise<number> {
  const bulk = await ctx.bulk.get();
  await bulk.examine(path);
  let stored = 0;
  const pipe = new BatchPipe<BodyResult>(
    BODY_BATCH,
    2,
    async (results) => {
      // FTS5 appends to its doclists cheaply in rowid order and merges when not: measured on
      // the 20k corpus, 1.6-2.0 s to index in ascending order against 3.6 s newest-first.
      results.sort((a, b) => a.id - b.id);
      await ctx.cache.run({ type: 'bodies', results });
      stored += results.length;
      ctx.onProgress?.({
        phase: 'bodies',
        account: ctx.account.email,
        mailbox: path,
        done: stored,
        total: rows.length,
      });
    },
    bulk,
  );
  try {
    for (const batch of growingBatches(rows, 200, 2000)) {
      // One FETCH per distinct part number ("1", "1.1", …) in the batch.
      const byPart = new Map<string, PendingBody[]>();
      for (const row of batch) {
        const part = (JSON.parse(row.text_part_json) as PartRef).part;
        byPart.set(part, [...(byPart.get(part) ?? []), row]);
      }
      for (const [part, group] of byPart) {
        const byUid = new Map(group.map((row) => [row.uid, row]));
        await bulk.fetch(
          toSequenceSet(byUid.keys()),
          `UID BODY.PEEK[${part}]<0.${MAX_TEXT_PART_BYTES}>`,
          (item) => {
            const row = byUid.get(item.uid);
            if (!row) return;
            byUid.delete(item.uid);
            pipe.push(decodeBody(row, item.parts.get(part) ?? item.parts.values().next().value));
          },
        );
        // Expunged meanwhile: the next folder sync removes them; they stay pending until then.
      }
      pipe.flush();
    }
  } finally {
    await pipe.finish();
  }
  return stored;
}

/**
 * A message's searchable text from its text part's raw bytes (as BODY[part] gives them, at most
 * MAX_TEXT_PART_BYTES), or what went wrong: the same for mail fetched from a server and for a
 * local mailbox's (local-mailbox.ts).
 */
export function decodeBody(
  row: Pick<PendingBody, 'id' | 'text_part_json'>,
  raw: Buffer | undefined,
): BodyResult {
  if (!raw)
    return { id: row.id, text: '', problem: 'text part missing on the server', state: 'error' };
  try {
    const part = JSON.parse(row.text_part_json) as PartRef;
    const text = decodeTextPart(raw, part);
    return raw.length >= MAX_TEXT_PART_BYTES
      ? { id: row.id, text, problem: 'text truncated', state: 'done' }
      : { id: row.id, text, state: 'done' };
  } catch (error) {
    // Malformed content never stops the sync: keep what can be read, mark the message.
    const text = raw.toString('latin1').slice(0, 100_000);
    return {
      id: row.id,
      text,
      problem: `undecodable text: ${(error as Error).message}`,
      state: 'error',
    };
  }
}
