import type { Db } from '../../db/open-database.js';
import { collisionFinding } from '../../outbox/collision-guard.js';
import { OutboxSender, type OutboxSenderOptions } from '../../outbox/outbox-sender.js';
import type { HeldFinding, OutboxEntry } from '../../outbox/outbox-store.js';
import { imapSentCopies } from '../../outbox/sent-copies.js';
import { localSentCopies } from '../../sync/local-mailbox.js';
import type { Account } from '../../accounts/account-store.js';
import type { TeamWorkspace } from '../../team/client/team-workspace.js';
import type { AppContext } from '../app-context.js';

/*
 * The outbox as this application runs it: real SMTP, the Sent folder over IMAP, the collision
 * guard from what the team workspace and the cache know, every change told as `outbox.changed`,
 * and a sent reply recorded in the conversation's activity ("replied by X") for the team.
 */

type SentCopies = NonNullable<OutboxSenderOptions['sentCopies']>;

/** The outbox's sender for one pass (a sync's, or a send-now), as this app runs it. */
export function appOutboxSender(app: AppContext): OutboxSender {
  const db = app.db();
  return new OutboxSender({
    db,
    secrets: app.secrets,
    now: () => app.clock.now(),
    submit: (options) => app.submissions.submit(options),
    sentCopies: sentCopiesFor(app, db),
    guard: (entry) => guard(app, db, entry),
    changed: (entry) => tellChanged(app, entry),
    sent: (entry) => recordReply(app, entry),
  });
}

/**
 * Where a sent message's copy is filed: the account's Sent folder over IMAP, or, for a local
 * mailbox (the demo's), its Sent folder in this cache, at once.
 */
function sentCopiesFor(app: AppContext, db: Db): SentCopies {
  const imap = imapSentCopies(db, app.imap);
  const local = localSentCopies(db, app.blobs(), (conversationIds) =>
    app.events.emit({ type: 'conversations.changed', conversationIds, source: 'mail' }),
  );
  const of = (account: Account) => (account.transport === 'local' ? local : imap);
  return {
    append: (account, raw, sentAt) => of(account).append(account, raw, sentAt),
    holds: (account, entry) => of(account).holds(account, entry),
  };
}

export function tellChanged(
  app: AppContext,
  entry: Pick<OutboxEntry, 'id' | 'messageId' | 'conversationId'> & {
    state: OutboxEntry['state'] | 'cancelled';
  },
): void {
  app.events.emit({
    type: 'outbox.changed',
    id: entry.id,
    messageId: entry.messageId,
    conversationId: entry.conversationId,
    state: entry.state,
  });
}

/**
 * What the guard sees for a reply about to leave: the team's recorded replies and who is
 * replying now (the live workspace when open, else the replica: offline, no presence; nobody
 * for a reply from the shared draft, see below), and the conversation's mail since the reply was
 * started.
 */
async function guard(app: AppContext, db: Db, entry: OutboxEntry): Promise<HeldFinding | null> {
  if (entry.kind !== 'reply' || !entry.conversationId) return null;
  const conversationId = entry.conversationId;
  const team = await app.team.read(async (workspace: TeamWorkspace) => {
    const { actor, team: directory } = workspace.workspace;
    const email = (id: string) => directory.member(id)?.email ?? id;
    const activity = (await workspace.workspace.conversation(conversationId)).activity();
    const now = app.clock.now();
    return {
      teamReplies: activity
        .filter((item) => item.kind === 'replied' && item.actor !== actor)
        .map((item) => ({
          who: email(item.actor),
          at: item.at,
          messageId: item.kind === 'replied' ? item.messageId : null,
        })),
      // A reply sent from the shared draft is the one a teammate typing a reply here works on
      // with its author (the conversation has one draft): co-writing is not a collision.
      replying: (entry.draft ? [] : workspace.teammates())
        .filter(
          (mate) =>
            mate.typing?.conversationId === conversationId &&
            mate.typing.kind === 'reply' &&
            mate.typing.until > now &&
            mate.member.id !== actor,
        )
        .map((mate) => mate.member.email),
    };
  });
  const mailbox = db
    .prepare<[string], string>('SELECT lower(email) FROM accounts WHERE id = ?')
    .pluck()
    .get(entry.accountId);
  const mail = db
    .prepare<
      [string, number],
      { from_address: string; received_at: number; message_id: string | null }
    >(
      `SELECT from_address, received_at, message_id FROM messages
       WHERE conversation_id = ? AND received_at > ?`,
    )
    .all(conversationId, entry.startedAt)
    .map((row) => ({
      from: row.from_address,
      at: row.received_at,
      messageId: row.message_id,
      fromMailbox: row.from_address.toLowerCase() === mailbox,
    }));
  return collisionFinding({
    startedAt: entry.startedAt,
    now: app.clock.now(),
    messageId: entry.messageId,
    teamReplies: team?.teamReplies ?? [],
    replying: team?.replying ?? [],
    mail,
  });
}

/** "Replied by X" in the conversation's activity, for every teammate (a reply or a forward). */
async function recordReply(app: AppContext, entry: OutboxEntry): Promise<void> {
  if (!entry.conversationId || entry.kind === 'new') return;
  const conversationId = entry.conversationId;
  try {
    const team = await app.team.live();
    const conversation = await team.workspace.conversation(conversationId);
    team.atomically(() => conversation.recordReply(entry.messageId));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    app.logger.warn(`the reply ${entry.messageId} was sent but not recorded for the team: ${why}`);
  }
}
