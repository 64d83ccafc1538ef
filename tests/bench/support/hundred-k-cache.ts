/**
 * The benchmarks' 100,000-message cache: a real sync of the 20k corpus from a private Dovecot,
 * then replicated in SQL (new ids, conversations and UIDs; same text distribution) and indexed
 * as a first sync indexes (bulk-load.ts), so that every figure is taken on the shape of mail a
 * shared inbox really holds.
 */
import { addAccount, type Account } from '../../../src/accounts/account-store.js';
import { environmentSecrets, envSecretRef } from '../../../src/accounts/secrets.js';
import type { Db } from '../../../src/db/open-database.js';
import { SEARCH_KEY_SQL } from '../../../src/search/search-key.js';
import { beginBulkLoad, endBulkLoad } from '../../../src/store/bulk-load.js';
import { syncAccountOnce } from '../../../src/sync/sync-runner.js';
import { seedCorpus, type Dovecot } from '../../helpers/dovecot.js';

/** The corpus every search and app figure is taken on: 20,000 messages in 5,000 threads. */
export const CORPUS = { messages: 20_000, threads: 5_000, seed: 42 } as const;

/** The password the bench account's variable holds (Dovecot's test users all have it). */
const PASSWORD_VARIABLE = 'SWITCHBOARD_BENCH_PASSWORD';

/**
 * Seeds Dovecot's `support` INBOX with the corpus and syncs it into `db` as one account
 * (`support@bench.example`), which it returns.
 */
export async function syncCorpus(dovecot: Dovecot, db: Db): Promise<Account> {
  await seedCorpus(dovecot, 'support', CORPUS.messages, CORPUS.threads, CORPUS.seed);
  const account = addAccount(db, {
    name: 'Bench',
    email: 'support@bench.example',
    imap: {
      protocol: 'imap',
      host: '127.0.0.1',
      port: dovecot.port,
      user: 'support',
      secure: false,
      requireStartTls: false,
    },
    passwordRef: envSecretRef(PASSWORD_VARIABLE),
  });
  await syncAccountOnce(db, account, environmentSecrets({ [PASSWORD_VARIABLE]: 'secret' }));
  return account;
}

/**
 * Copies the synced messages (with their locations and conversations) until the cache holds
 * `target` messages: copy n is `~n` on every id, 30·n days older, and `_n` on conversation ids
 * (which must stay valid workspace ids, [A-Za-z0-9_-], for triage and notes to work on every
 * conversation). A cache replicated before grows by further copies (from whole copies only: a
 * partial last copy would be copied again). Returns the message count.
 */
export function replicateCache(db: Db, target: number): number {
  const count = (where: string) =>
    (db.prepare(`SELECT count(*) AS n FROM messages ${where}`).get() as { n: number }).n;
  const base = count("WHERE instr(dedupe_key, '~') = 0");
  const have = count('');
  if (have >= target) return have;
  if (have % base !== 0)
    throw new Error(`a cache of ${have} messages grows from whole copies only`);
  const firstCopy = have / base;
  const copies = Math.ceil(target / base) - 1;
  const lastId = db.prepare('SELECT max(id) FROM messages').pluck().get() as number;
  // Indexed as a first sync indexes (bulk-load.ts): merged into one segment at the end.
  beginBulkLoad(db);
  db.pragma('wal_autocheckpoint = 0');
  db.transaction(() => {
    for (let copy = firstCopy; copy <= copies; copy += 1) {
      const suffix = `~${copy}`;
      const conversation = `_${copy}`;
      db.prepare(
        `INSERT INTO messages (account_id, conversation_id, dedupe_key, message_id, thread_node, in_reply_to, references_json,
           subject, from_name, from_address, to_json, cc_json, reply_to_json, participants, sent_at, received_at, size, has_attachments,
           text_part_json, has_html, body_state, body_text, problems, list_id)
         SELECT account_id, conversation_id || @conversation, dedupe_key || @suffix, message_id || @suffix, thread_node || @suffix, in_reply_to, references_json,
           subject, from_name, from_address, to_json, cc_json, reply_to_json, participants, sent_at, received_at - @days * 86400000, size, has_attachments,
           text_part_json, has_html, body_state, body_text, problems, list_id
         FROM messages WHERE instr(dedupe_key, '~') = 0 ORDER BY id LIMIT @limit`,
      ).run({
        suffix,
        conversation,
        days: copy * 30,
        limit: Math.min(base, target - base * copy),
      });
      db.prepare(
        `INSERT INTO message_locations (mailbox_id, uid, message_id, flags, seen, flagged, modseq)
         SELECT l.mailbox_id, l.uid + @copy * 1000000, c.id, l.flags, l.seen, l.flagged, l.modseq
         FROM message_locations l JOIN messages m ON m.id = l.message_id
         JOIN messages c ON c.dedupe_key = m.dedupe_key || @suffix AND c.account_id = m.account_id`,
      ).run({ suffix, copy });
      db.prepare(
        `INSERT INTO conversations (id, account_id, root_node, subject, normalized_subject, orphan_reply, message_count,
           unread_count, first_message_at, last_message_at, participants_json, has_attachments)
         SELECT id || @conversation, account_id, root_node || @suffix, subject, normalized_subject, orphan_reply, message_count,
           unread_count, first_message_at - @days * 86400000, last_message_at - @days * 86400000, participants_json, has_attachments
         FROM conversations WHERE instr(id, '_') = 0`,
      ).run({ suffix, conversation, days: copy * 30 });
    }
    db.exec(
      `UPDATE messages SET search_key = ${SEARCH_KEY_SQL} WHERE search_key IS NULL AND body_state != 'pending'`,
    );
    db.exec(
      `INSERT INTO message_search (rowid, subject, participants, body_text)
       SELECT search_key, subject, participants, coalesce(body_text, '') FROM messages WHERE id > ${lastId}`,
    );
  })();
  db.transaction(() => endBulkLoad(db))();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
}
