import type { AccountSummary, Folder } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import { useWorkspaceStore, type MailboxEntry } from '../stores/workspace-store.js';
import { isUnreachable, messageOf, onEvents, onReconnect, stopAll } from './link-events.js';
import { createReloader } from './reloader.js';

/** Unread counts follow the mail a little behind: a sync's burst is one look at the folders. */
const UNREAD_DEBOUNCE_MS = 1000;

/**
 * The workspace as the sidebar shows it: who this app acts as (session.whoami), the teammates,
 * the tags, and the shared mailboxes (accounts) with their inbox's unread count. Loaded again
 * when the team's directory or the accounts change; the unread counts when mail changes.
 */
export function startWorkspaceBridge(link: AppLink): () => void {
  const loadAll = async () => {
    try {
      const [me, teammates, tags, accounts, folders] = await Promise.all([
        link.call('session.whoami'),
        link.call('team.members'),
        link.call('team.tags'),
        link.call('accounts.list'),
        link.call('mail.folders', {}),
      ]);
      useWorkspaceStore.getState().setWorkspace({
        // None (a solo workspace): the sidebar shows the product's name.
        name: me.workspaceName,
        me: { name: me.name, email: me.email },
        mailboxes: mailboxesOf(accounts, folders),
        tags,
        teammates,
      });
    } catch (error) {
      // Unreachable: still loading, as far as the page can tell; loaded when the link is back.
      if (!isUnreachable(error)) useWorkspaceStore.getState().setFailed(messageOf(error));
    }
  };

  const loadUnread = async () => {
    const { load, mailboxes } = useWorkspaceStore.getState();
    if (load.status !== 'ready') return;
    try {
      const folders = await link.call('mail.folders', {});
      const unread = inboxUnread(folders);
      useWorkspaceStore
        .getState()
        .setMailboxes(mailboxes.map((m) => ({ ...m, unread: unread.get(m.id) ?? null })));
    } catch {
      // A count is a hint: the last one stays until the next change or reconnection.
    }
  };

  const all = createReloader(loadAll, 0);
  const unread = createReloader(loadUnread, UNREAD_DEBOUNCE_MS);
  all.now();
  return stopAll([
    all.stop,
    unread.stop,
    onReconnect(link, all.now),
    onEvents(link, ['team.directory', 'accounts.changed'], all.soon),
    onEvents(link, ['conversations.changed'], (event) => {
      if (event.source !== 'team') unread.soon();
    }),
  ]);
}

/** The accounts as the sidebar lists them, in the order they were added. */
export function mailboxesOf(
  accounts: readonly AccountSummary[],
  folders: readonly Folder[],
): MailboxEntry[] {
  const unread = inboxUnread(folders);
  return accounts.map((account) => ({
    id: account.id,
    name: account.name,
    email: account.email,
    unread: unread.get(account.id) ?? null,
  }));
}

/** Each account's inbox's unread messages (its folder with the inbox role, or INBOX). */
function inboxUnread(folders: readonly Folder[]): Map<string, number> {
  const unread = new Map<string, number>();
  for (const folder of folders)
    if (folder.role === 'inbox' || folder.path.toUpperCase() === 'INBOX')
      unread.set(folder.accountId, folder.unread);
  return unread;
}
