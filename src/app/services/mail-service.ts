import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAccount } from '../../accounts/account-store.js';
import { applyMailAction } from '../../actions/mail-actions.js';
import type { Db } from '../../db/open-database.js';
import { makePrivateDir } from '../../db/private-files.js';
import { UserError } from '../../errors.js';
import { BlobStore } from '../../files/blob-store.js';
import { safeFileName } from '../../files/safe-file-name.js';
import { connectImap } from '../../imap/connect.js';
import { fetchAttachment } from '../../mail/open-message.js';
import {
  listConversations,
  showConversation,
  type ConversationListItem,
  type TeamFilter,
} from '../../queries/conversation-queries.js';
import { searchWithCut } from '../../search/search-messages.js';
import { readTeamConfig } from '../../team/client/team-config.js';
import type { Workspace, Note as WorkspaceNote } from '../../team/workspace/index.js';
import type { AppContext } from '../app-context.js';
import { requireConversation } from '../conversation-id.js';
import type { MethodInput } from '../contract/inputs.js';
import type {
  Attachment,
  ConversationView,
  Folder,
  MarkResult,
  Note,
  SearchResult,
} from '../contract/outputs.js';

/** The mail of the cache: lists, a conversation, search, local actions, attachments. */
export class MailService {
  constructor(private readonly app: AppContext) {}

  folders(input: MethodInput<'mail.folders'>): Folder[] {
    const db = this.app.db();
    const accountId = input.account ? getAccount(db, input.account).id : null;
    return db
      .prepare<
        [string | null, string | null],
        {
          account_id: string;
          path: string;
          name: string;
          role: string | null;
          messages: number;
          unread: number;
          sync_error: string | null;
        }
      >(
        `SELECT mb.account_id, mb.path, mb.name, mb.role, mb.sync_error,
                count(l.uid) AS messages, coalesce(sum(l.seen = 0), 0) AS unread
         FROM mailboxes mb LEFT JOIN message_locations l ON l.mailbox_id = mb.id
         WHERE ? IS NULL OR mb.account_id = ?
         GROUP BY mb.id
         ORDER BY mb.account_id, CASE mb.role WHEN 'inbox' THEN 0 ELSE 1 END, mb.path`,
      )
      .all(accountId, accountId)
      .map((row) => ({
        accountId: row.account_id,
        path: row.path,
        name: row.name,
        role: row.role,
        messages: row.messages,
        unread: row.unread,
        syncError: row.sync_error,
      }));
  }

  conversations(input: MethodInput<'mail.conversations'>): ConversationListItem[] {
    const db = this.app.db();
    const team: TeamFilter = {
      ...(input.assignee ? { assignee: this.assignee(db, input.assignee) } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.tag ? { tag: input.tag } : {}),
    };
    return listConversations(db, {
      ...(input.account ? { accountId: getAccount(db, input.account).id } : {}),
      ...(input.folder ? { folder: input.folder } : {}),
      ...(input.limit ? { limit: input.limit } : {}),
      team,
      now: this.app.clock.now(),
    });
  }

  async conversation(input: MethodInput<'mail.conversation'>): Promise<ConversationView> {
    const shown = showConversation(this.app.db(), input.conversationId, {
      now: this.app.clock.now(),
    });
    const mailbox = this.app
      .db()
      .prepare<[string], string>(
        'SELECT a.email FROM conversations c JOIN accounts a ON a.id = c.account_id WHERE c.id = ?',
      )
      .pluck()
      .get(shown.id);
    const notes = await this.app.team.read(async ({ session, workspace }) => {
      // The notes of a mailbox this member may not access stay hidden, as in search
      // (src/search/note-matches.ts); alone, every note is the user's own.
      const permission = mailbox && workspace.team.mailboxPermission(workspace.actor, mailbox);
      if (!session.solo && (permission === undefined || permission === 'no-access')) return [];
      return (await workspace.conversation(shown.id))
        .notes()
        .map((note) => noteView(workspace, note));
    });
    return { ...shown, notes: notes ?? [] };
  }

  search(input: MethodInput<'mail.search'>): SearchResult {
    return searchWithCut(this.app.db(), input.query, { limit: input.limit ?? 50 });
  }

  mark(input: MethodInput<'mail.mark'>): MarkResult {
    const db = this.app.db();
    const conversationId = requireConversation(db, input.conversationId);
    if (input.action === 'move' && !input.folder)
      throw new UserError('invalid', 'move needs a destination folder', { field: 'folder' });
    const result = applyMailAction(
      db,
      { conversationId },
      input.action,
      input.folder ? { folder: input.folder } : {},
    );
    if (result.updated > 0)
      this.app.events.emit({
        type: 'conversations.changed',
        conversationIds: [conversationId],
        source: 'local',
      });
    return { action: input.action, ...result };
  }

  async attachment(input: MethodInput<'mail.attachment'>): Promise<Attachment> {
    const db = this.app.db();
    const row = db
      .prepare<
        [number],
        {
          filename: string | null;
          content_type: string;
          content_hash: string | null;
          account_id: string;
        }
      >(
        `SELECT a.filename, a.content_type, a.content_hash, m.account_id FROM attachments a
         JOIN messages m ON m.id = a.message_id WHERE a.id = ?`,
      )
      .get(input.attachmentId);
    if (!row)
      throw new UserError('not-found', `unknown attachment: ${input.attachmentId}`, {
        field: 'attachmentId',
      });
    const blobDir = join(this.app.dataDir, 'blobs');
    makePrivateDir(blobDir);
    const blobs = new BlobStore(blobDir);
    // One fetched before is in the store: it opens offline, with no connection at all.
    const file =
      row.content_hash && blobs.has(row.content_hash)
        ? blobs.pathOf(row.content_hash)
        : await this.download(db, blobs, row.account_id, input.attachmentId);
    const content = readFileSync(file);
    return {
      filename: safeFileName(row.filename ?? '', { contentType: row.content_type }),
      contentType: row.content_type,
      size: content.length,
      contentBase64: content.toString('base64'),
    };
  }

  /** Fetches an attachment from its account's server into the store; returns its file. */
  private async download(
    db: Db,
    blobs: BlobStore,
    accountId: string,
    attachmentId: number,
  ): Promise<string> {
    const client = await connectImap(getAccount(db, accountId), this.app.secrets);
    try {
      return await fetchAttachment(db, client, blobs, attachmentId);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  /**
   * "me": this data directory's member, as its team config names it (no document is opened).
   * With no workspace yet, the user a solo workspace would be made for, to whom nothing is
   * assigned yet: nothing matches, and nothing is created.
   */
  private assignee(
    db: Db,
    assignee: NonNullable<MethodInput<'mail.conversations'>['assignee']>,
  ): NonNullable<TeamFilter['assignee']> {
    if (assignee === 'none') return 'none';
    if (assignee !== 'me') return { email: assignee.email };
    const memberId = readTeamConfig(db, this.app.dataDir)?.memberId;
    return memberId ? { memberId } : { email: this.app.me().email };
  }
}

/** A note as the contract shows it: members by their addresses, times in ISO 8601. */
export function noteView(workspace: Workspace, note: WorkspaceNote): Note {
  const email = (id: string) => workspace.team.member(id)?.email ?? id;
  return {
    id: note.id,
    author: email(note.author),
    text: note.text,
    createdAt: new Date(note.createdAt).toISOString(),
    mentions: note.mentions.map(email),
  };
}
