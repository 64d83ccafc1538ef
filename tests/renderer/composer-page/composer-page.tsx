import { useEffect, useState } from 'react';
import type { ConversationListItem } from '../../../src/app/index.js';
import { useActionKeys } from '../../../renderer/actions/use-action-keys.js';
import type { AppLink } from '../../../renderer/app-link.js';
import { appLink } from '../../../renderer/app-link.js';
import { ToastRegion } from '../../../renderer/components/ui/toast-region.js';
import { ComposerSlot, OutboxIndicator } from '../../../renderer/screens/composer/index.js';
import { usePresenceStore } from '../../../renderer/stores/presence-store.js';
import { useToastStore } from '../../../renderer/stores/toast-store.js';
import { useWorkspaceStore } from '../../../renderer/stores/workspace-store.js';
import './composer-page.css';

/** What the inbox's bridges do in the app, as far as the composer reads it: me, teammates, presence. */
export function startPageBridges(link: AppLink): void {
  void (async () => {
    const [me, members, presence] = await Promise.all([
      link.call('session.whoami', {}),
      link.call('team.members', {}),
      link.call('team.presence', {}),
    ]);
    useWorkspaceStore.getState().setWorkspace({
      name: 'Support',
      me: { name: me.name, email: me.email },
      mailboxes: [],
      tags: [],
      teammates: members,
    });
    usePresenceStore.getState().setPresence(presence);
  })();
  link.onEvent((event) => {
    if (event.type === 'presence.changed') usePresenceStore.getState().setPresence(event.teammates);
  });
}

/** The conversations as buttons, the open one's subject, and its composer slot. */
export function ComposerPage() {
  useActionKeys();
  const [items, setItems] = useState<ConversationListItem[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const toasts = useToastStore((s) => s.toasts);
  const dismiss = useToastStore((s) => s.dismiss);
  const me = useWorkspaceStore((s) => s.me);
  useEffect(() => {
    void appLink()
      .call('mail.conversations', {})
      .then((listed) => setItems(listed));
  }, []);
  const open = items.find((item) => item.id === openId);
  return (
    <div className="composer-page">
      <aside className="composer-page__list">
        <p className="composer-page__me">{me.name || '…'}</p>
        <ul aria-label="Conversations">
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                aria-pressed={item.id === openId}
                onClick={() => setOpenId(item.id)}
              >
                {item.subject}
              </button>
            </li>
          ))}
        </ul>
        <div className="composer-page__footer">
          <OutboxIndicator />
        </div>
      </aside>
      <main className="composer-page__main">
        {open ? (
          <section className="composer-page__conversation" role="region" aria-label="Conversation">
            <h1>{open.subject}</h1>
            <p className="composer-page__from">{open.participants.join(', ')}</p>
            <div className="composer-page__spacer" />
            <ComposerSlot conversationId={open.id} />
          </section>
        ) : null}
      </main>
      <ToastRegion toasts={toasts} onDismiss={dismiss} />
    </div>
  );
}
