import { getAccount } from '../../accounts/account-store.js';
import { applyMailAction } from '../../actions/mail-actions.js';
import type { Db } from '../../db/open-database.js';
import { UserError } from '../../errors.js';
import { countConversations, type ConversationCounts } from '../../queries/conversation-counts.js';
import {
  listConversations,
  showConversation,
  type ConversationListItem,
  type MentionFilter,
  type TeamFilter,
} from '../../queries/conversation-queries.js';
import { noteAccess } from '../../search/note-matches.js';
import { searchWithCut } from '../../search/search-messages.js';
import { readTeamConfig } from '../../team/client/team-config.js';
import type { Workspace, Note as WorkspaceNote } from '../../team/workspace/index.js';
import type { AppContext } from '../app-context.js';
import { attachmentBytes } from '../attachment-bytes.js';
import { activityView } from '../conversation-activity.js';
import { outgoingOf } from './outbox-service.js';
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
        // Two counts per folder, each a range of the message_locations_seen index (migration
        // 014): a join grouped by folder would walk the locations' rows themselves.
        `SELECT mb.account_id, mb.path, mb.name, mb.role, mb.sync_error,
                (SELECT count(*) FROM message_locations l WHERE l.mailbox_id = mb.id) AS messages,
                (SELECT count(*) FROM message_locations l
                 WHERE l.mailbox_id = mb.id AND l.seen = 0) AS unread
         FROM mailboxes mb
         WHERE ? IS NULL OR mb.account_id = ?
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
    const mentioned = input.mentioned && this.mentioned(db, input.mentioned);
    // Mentions with no workspace to have notes in: nobody is mentioned anywhere.
    if (input.mentioned && !mentioned) return [];
    const team: TeamFilter = {
      ...(input.assignee ? { assignee: this.assignee(db, input.assignee) } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.tag ? { tag: input.tag } : {}),
      ...(mentioned ? { mentioned } : {}),
    };
    return listConversations(db, {
      ...(input.account ? { accountId: getAccount(db, input.account).id } : {}),
      ...(input.folder ? { folder: input.folder } : {}),
      ...(input.limit ? { limit: input.limit } : {}),
      ...(input.offset ? { offset: input.offset } : {}),
      team,
      now: this.app.clock.now(),
    });
  }

  /** The inbox's counts: each view's conversations, as its list filters them, and the unread. */
  counts(input: MethodInput<'mail.counts'>): ConversationCounts {
    const db = this.app.db();
    return countConversations(db, {
      ...(input.account ? { accountId: getAccount(db, input.account).id } : {}),
      me: this.assignee(db, 'me') as { memberId: string } | { email: string },
      mentioned: this.mentioned(db, 'me'),
      now: this.app.clock.now(),
    });
  }

  async conversation(input: MethodInput<'mail.conversation'>): Promise<ConversationView> {
    const shown = showConversation(this.app.db(), input.conversationId, {
      now: this.app.clock.now(),
      fold: input.fold ?? false,
    });
    const mailbox = this.app
      .db()
      .prepare<[string], string>(
        'SELECT a.email FROM conversations c JOIN accounts a ON a.id = c.account_id WHERE c.id = ?',
      )
      .pluck()
      .get(shown.id);
    const team = await this.app.team.read(async ({ session, workspace }) => {
      // The notes and activity of a mailbox this member may not access stay hidden, as in
      // search (src/search/note-matches.ts); alone, every note is the user's own.
      const permission = mailbox && workspace.team.mailboxPermission(workspace.actor, mailbox);
      if (!session.solo && (permission === undefined || permission === 'no-access')) return null;
      const conversation = await workspace.conversation(shown.id);
      return {
        notes: conversation.notes().map((note) => noteView(workspace, note)),
        activity: activityView(workspace, conversation.activity()),
      };
    });
    return {
      ...shown,
      notes: team?.notes ?? [],
      activity: team?.activity ?? [],
      outgoing: outgoingOf(this.app.db(), shown.id),
    };
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
    const file = await attachmentBytes(this.app, input.attachmentId);
    return {
      filename: file.filename,
      contentType: file.contentType,
      size: file.content.length,
      contentBase64: file.content.toString('base64'),
    };
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

  /**
   * Whose mentions, in the notes this data directory may read (the rule search follows); "me":
   * this member's address as the workspace has it. Undefined without a workspace: no notes.
   */
  private mentioned(
    db: Db,
    mentioned: NonNullable<MethodInput<'mail.conversations'>['mentioned']>,
  ): MentionFilter | undefined {
    const access = noteAccess(db);
    if (!access) return undefined;
    return {
      ...access,
      email: mentioned === 'me' ? this.myEmail(db, access.workspaceId) : mentioned,
    };
  }

  /** This member's address in the workspace (its directory's), else the app user's. */
  private myEmail(db: Db, workspaceId: string): string {
    const memberId = readTeamConfig(db, this.app.dataDir)?.memberId;
    const email = memberId
      ? db
          .prepare<[string, string], string>(
            'SELECT email FROM team_members WHERE workspace_id = ? AND member_id = ?',
          )
          .pluck()
          .get(workspaceId, memberId)
      : undefined;
    return email ?? this.app.me().email;
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
