// A shared-inbox cache without an IMAP server: synthetic messages are filed the way the folder
// sync files them (raw header block + BODYSTRUCTURE → toMessageRecord → MessageWriter), so the
// threading, summaries, queries and search run on exactly the rows a real sync writes.

import { Buffer } from 'node:buffer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/db/open-database.js';
import { toMessageRecord, type FetchedHeaders } from '../../../src/mail/message-record.js';
import { MailboxStore } from '../../../src/store/mailbox-store.js';
import { MessageWriter, type AccountScope } from '../../../src/store/message-writer.js';

export const FOLDERS = ['INBOX', 'Sent', 'Archive'] as const;
export type Folder = (typeof FOLDERS)[number];

export const SUPPORT: AccountScope = { id: 'acct-support', email: 'support@example.com' };

/** One synthetic message (one copy of it, in one folder). */
export interface MailSpec {
  /** Without angle brackets; `null` leaves the Message-ID header out. */
  messageId: string | null;
  references?: string[];
  inReplyTo?: string;
  subject: string;
  /** An address or "Name <address>". */
  from: string;
  to?: string[];
  cc?: string[];
  /** The Date header (ISO 8601); also the INTERNALDATE unless `receivedAt` is given. */
  date: string;
  receivedAt?: string;
  listId?: string;
  /** The text of the text/plain part; `null` leaves it unfetched (body_state 'pending'). */
  body?: string | null;
  /** Makes the message multipart/mixed with this attachment (application/pdf). */
  attachment?: string;
  folder?: Folder;
  flags?: string[];
  /** RFC822.SIZE; a Sent copy differs from the received one. */
  size?: number;
  /** Forces the UID (a re-fetch of a copy already filed); the kit numbers copies otherwise. */
  uid?: number;
}

export interface FiledCopy {
  /** messages.id */
  id: number;
  folder: Folder;
  mailboxId: number;
  uid: number;
}

export function headerBlock(spec: MailSpec): Buffer {
  const lines: string[] = [];
  if (spec.messageId !== null) lines.push(`Message-ID: <${spec.messageId}>`);
  if (spec.inReplyTo) lines.push(`In-Reply-To: <${spec.inReplyTo}>`);
  if (spec.references?.length) {
    // Folded, one id a line, as clients send long References (RFC 5322 §2.2.3).
    lines.push(`References: ${spec.references.map((id) => `<${id}>`).join('\r\n ')}`);
  }
  lines.push(`Subject: ${spec.subject}`);
  lines.push(`From: ${spec.from}`);
  if (spec.to?.length) lines.push(`To: ${spec.to.join(', ')}`);
  if (spec.cc?.length) lines.push(`Cc: ${spec.cc.join(', ')}`);
  lines.push(`Date: ${new Date(spec.date).toUTCString()}`);
  if (spec.listId) lines.push(`List-Id: <${spec.listId}>`);
  return Buffer.from(lines.map((line) => `${line}\r\n`).join(''), 'utf8');
}

/** An imapflow-shaped BODYSTRUCTURE. */
export function bodyStructure(spec: MailSpec): unknown {
  const text = {
    type: 'text/plain',
    parameters: { charset: 'utf-8' },
    encoding: '7bit',
    size: 100,
  };
  if (!spec.attachment) return text;
  const file = {
    part: '2',
    type: 'application/pdf',
    parameters: { name: spec.attachment },
    encoding: 'base64',
    size: 4096,
    disposition: 'attachment',
    dispositionParameters: { filename: spec.attachment },
  };
  return { type: 'multipart/mixed', childNodes: [{ ...text, part: '1' }, file] };
}

export class MailKit {
  readonly mailboxes: Record<Folder, number>;
  readonly writer: MessageWriter;
  private readonly nextUid = new Map<Folder, number>();

  private constructor(
    readonly db: Db,
    private readonly cleanup: () => void,
  ) {
    db.prepare(
      `INSERT INTO accounts (id, name, email, imap_url, smtp_url, password_ref, created_at)
       VALUES (?, 'Support', ?, 'imap://support@imap.example.com', NULL, NULL, 0)`,
    ).run(SUPPORT.id, SUPPORT.email);
    const { current } = new MailboxStore(db).reconcile(SUPPORT.id, [
      { path: 'INBOX', name: 'INBOX', delimiter: '/', role: 'inbox' },
      { path: 'Sent', name: 'Sent', delimiter: '/', role: 'sent' },
      { path: 'Archive', name: 'Archive', delimiter: '/', role: 'archive' },
    ]);
    const idOf = (path: Folder): number => {
      const row = current.find((mailbox) => mailbox.path === path);
      if (!row) throw new Error(`mailbox ${path} was not created`);
      return row.id;
    };
    this.mailboxes = { INBOX: idOf('INBOX'), Sent: idOf('Sent'), Archive: idOf('Archive') };
    this.writer = new MessageWriter(db);
  }

  /** An in-memory cache, or (`onDisk`) a file in a temporary directory removed by `close`. */
  static open(options: { onDisk?: boolean } = {}): MailKit {
    if (!options.onDisk) return new MailKit(openDatabase(':memory:'), () => undefined);
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-kit-'));
    return new MailKit(openDatabase(join(dir, 'cache.db')), () =>
      rmSync(dir, { recursive: true, force: true }),
    );
  }

  close(): void {
    this.db.close();
    this.cleanup();
  }

  /** Files one copy in a batch of its own, then its text as the body sync does. */
  file(spec: MailSpec): FiledCopy {
    return this.fileBatch([spec])[0]!;
  }

  /** Files each copy in a batch of its own (the conversation rows are current after each). */
  fileAll(specs: readonly MailSpec[]): FiledCopy[] {
    return specs.map((spec) => this.file(spec));
  }

  /**
   * Files copies as one fetched batch of the folder sync: every `addLocation` in one
   * transaction, `flush` once at its end; then their texts in one body-sync transaction.
   */
  fileBatch(specs: readonly MailSpec[]): FiledCopy[] {
    const copies = specs.map((spec) => {
      const folder = spec.folder ?? 'INBOX';
      const fetched: FetchedHeaders = {
        uid: this.allocateUid(folder, spec.uid),
        flags: new Set(spec.flags ?? []),
        modseq: undefined,
        internalDate: new Date(spec.receivedAt ?? spec.date),
        size: spec.size ?? 1000,
        headers: headerBlock(spec),
        bodyStructure: bodyStructure(spec),
      };
      return { spec, folder, mailboxId: this.mailboxes[folder], fetched };
    });
    const filed = this.db.transaction(() => {
      const result = copies.map(({ folder, mailboxId, fetched }) => ({
        id: this.writer.addLocation(SUPPORT, mailboxId, fetched, toMessageRecord(fetched)),
        folder,
        mailboxId,
        uid: fetched.uid,
      }));
      this.writer.flush();
      return result;
    })();
    this.db.transaction(() => {
      filed.forEach((copy, index) => {
        const body = specs[index]!.body;
        if (body !== null) {
          this.writer.storeBody(copy.id, body ?? `Body of: ${specs[index]!.subject}`, 'done');
        }
      });
      this.writer.flush();
    })();
    return filed;
  }

  /** The server expunged this copy (the folder sync's vanished UIDs). */
  expunge(copy: FiledCopy): void {
    this.db.transaction(() => {
      this.writer.removeLocation(copy.mailboxId, copy.uid);
      this.writer.flush();
    })();
  }

  setFlags(copy: FiledCopy, flags: string[]): void {
    this.db.transaction(() => {
      this.writer.setFlags(copy.mailboxId, copy.uid, flags);
      this.writer.flush();
    })();
  }

  /** The end-of-pass collection of messages no folder holds. */
  collect(): number {
    return this.db.transaction(() => {
      const removed = this.writer.collect(SUPPORT.id);
      this.writer.flush();
      return removed;
    })();
  }

  /** The conversation of the (one) message with this Message-ID. */
  conversationOf(messageId: string): string {
    const rows = this.db
      .prepare<[string], { conversation_id: string }>(
        'SELECT conversation_id FROM messages WHERE message_id = ?',
      )
      .all(messageId);
    const ids = new Set(rows.map((row) => row.conversation_id));
    if (ids.size !== 1) throw new Error(`${messageId} is in ${ids.size} conversations`);
    return [...ids][0]!;
  }

  /** Every message (by dedupe key) → its conversation id, sorted for comparisons. */
  conversationMap(): Record<string, string> {
    const rows = this.db
      .prepare<[], { dedupe_key: string; conversation_id: string }>(
        'SELECT dedupe_key, conversation_id FROM messages ORDER BY dedupe_key',
      )
      .all();
    return Object.fromEntries(rows.map((row) => [row.dedupe_key, row.conversation_id]));
  }

  count(sql: string, ...params: unknown[]): number {
    return (
      this.db
        .prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM (${sql})`)
        .get(...params) ?? { n: 0 }
    ).n;
  }

  private allocateUid(folder: Folder, wanted?: number): number {
    const next = this.nextUid.get(folder) ?? 1;
    const uid = wanted ?? next;
    this.nextUid.set(folder, Math.max(next, uid + 1));
    return uid;
  }
}

/** Seeded Mulberry32: reproducible shuffles (a failing seed can be replayed). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
