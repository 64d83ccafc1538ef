import { sentFolderPath } from '../../outbox/sent-folder.js';
import type { AppContext } from '../app-context.js';

/** Where a running sync looks at once (SyncEngine.lookAt). */
export interface FolderLooker {
  lookAt(accountId: string, paths: readonly string[]): void;
}

/**
 * After the look at once, when the reply is still not in the cache: looked for again after these
 * waits (ms). The team hears of a reply when the SMTP server accepted it, a moment before its
 * author's app files the copy in Sent (and a provider that files it itself takes its time).
 */
const LOOK_AGAIN_MS = [300, 1_000, 3_000, 10_000, 30_000] as const;

/**
 * Brings a reply into its conversation as mail as soon as it is in the mailbox's Sent folder,
 * rather than at the next poll (IDLE watches the Inbox only): this app's own replies once their
 * copy is filed, and a teammate's as soon as the team layer says one was sent that the cache
 * does not hold (the conversation's last reply is newer than its newest message). Every teammate
 * syncs the same shared mailbox, so the reply is in their Sent folder too. Returns the stop.
 */
export function watchSentReplies(app: AppContext, looker: FolderLooker): () => void {
  const db = app.db();
  const accountOfOutbox = db
    .prepare<[number], string>('SELECT account_id FROM outbox WHERE id = ?')
    .pluck();
  /** The conversation's account, while the team knows of a reply newer than its mail. */
  const awaitingReply = db
    .prepare<[string], string>(
      `SELECT c.account_id FROM conversations c
         JOIN conversation_team_state t ON t.conversation_id = c.id
       WHERE c.id = ? AND t.last_reply_at > c.last_message_at`,
    )
    .pluck();
  /** The next look of each conversation followed (one chain each, however often it is told). */
  const timers = new Map<string, NodeJS.Timeout>();
  const look = (accountId: string) => {
    const path = sentFolderPath(db, accountId);
    if (path) looker.lookAt(accountId, [path]);
  };
  const follow = (conversationId: string, step = 0) => {
    clearTimeout(timers.get(conversationId));
    timers.delete(conversationId);
    const accountId = awaitingReply.get(conversationId);
    if (!accountId) return;
    look(accountId);
    const wait = LOOK_AGAIN_MS[step];
    if (wait === undefined) return;
    const timer = setTimeout(() => follow(conversationId, step + 1), wait);
    timer.unref();
    timers.set(conversationId, timer);
  };
  const unsubscribe = app.events.subscribe((event) => {
    if (event.type === 'outbox.changed' && event.state === 'sent') {
      const accountId = accountOfOutbox.get(event.id);
      if (accountId) look(accountId);
    } else if (event.type === 'conversations.changed' && event.source === 'team')
      for (const id of event.conversationIds) follow(id);
  });
  return () => {
    unsubscribe();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}
