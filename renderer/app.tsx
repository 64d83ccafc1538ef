import { Suspense, useEffect } from 'react';
import { LoadBoundary } from './components/ui/load-boundary.js';
import { ToastRegion } from './components/ui/toast-region.js';
import { Overlays } from './screens/overlays/overlays.js';
import { AppLayout } from './layout/app-layout.js';
import { ReadingPane } from './layout/reading-pane.js';
import { RightPanel } from './layout/right-panel.js';
import { ComposerSlot, OutboxIndicator } from './screens/composer/index.js';
import { ContactScreen } from './screens/conversation/contact-screen.js';
import { ConversationSkeleton } from './screens/conversation/conversation-skeleton.js';
import { ConversationScreen } from './screens/lazy-screens.js';
import { Sidebar } from './layout/sidebar/sidebar.js';
import { teammateEntries } from './layout/sidebar/teammate-entries.js';
import { useConnectionStore } from './stores/connection-store.js';
import { useConversationsStore } from './stores/conversations-store.js';
import { usePresenceStore } from './stores/presence-store.js';
import { useToastStore } from './stores/toast-store.js';
import { useUiStore } from './stores/ui-store.js';
import { useViewsStore } from './stores/views-store.js';
import { useWorkspaceStore } from './stores/workspace-store.js';
import { applyTheme } from './theme/apply-theme.js';
import { useActionKeys } from './actions/index.js';
import { InboxList } from './screens/inbox/inbox-list.js';

/**
 * The app: the layout's panes filled from the stores. Data reaches the stores from the host's
 * transport (renderer/transport/); until it does, every pane shows its loading state.
 */
export function App() {
  const theme = useUiStore((s) => s.theme);
  const setTheme = useUiStore((s) => s.setTheme);
  const rightPanelOpen = useUiStore((s) => s.rightPanelOpen);
  const toggleRightPanel = useUiStore((s) => s.toggleRightPanel);
  const openOverlay = useUiStore((s) => s.openOverlay);

  const workspaceLoad = useWorkspaceStore((s) => s.load);
  const workspaceName = useWorkspaceStore((s) => s.name);
  const me = useWorkspaceStore((s) => s.me);
  const mailboxes = useWorkspaceStore((s) => s.mailboxes);
  const tags = useWorkspaceStore((s) => s.tags);
  const teammates = useWorkspaceStore((s) => s.teammates);

  const selected = useViewsStore((s) => s.selected);
  const counts = useViewsStore((s) => s.counts);
  const select = useViewsStore((s) => s.select);

  const connection = useConnectionStore((s) => s.status);
  const present = usePresenceStore((s) => s.teammates);
  const toasts = useToastStore((s) => s.toasts);
  const dismissToast = useToastStore((s) => s.dismiss);

  useEffect(() => applyTheme(theme), [theme]);
  useActionKeys();

  const ready = workspaceLoad.status === 'ready';

  return (
    <>
      <AppLayout
        sidebar={
          <Sidebar
            workspace={{ name: workspaceName, load: workspaceLoad }}
            me={ready ? me : null}
            selected={selected}
            counts={counts}
            onSelect={select}
            mailboxes={mailboxes}
            tags={tags}
            teammates={teammateEntries(teammates, me, present, connection)}
            connection={connection}
            theme={theme}
            onThemeChange={setTheme}
            onOpenSearch={() => openOverlay('search')}
            onOpenSettings={() => openOverlay('settings')}
            outbox={<OutboxIndicator />}
          />
        }
        list={<InboxList />}
        reading={<OpenConversation />}
        panel={rightPanelOpen ? <OpenContact onClose={toggleRightPanel} /> : undefined}
      />
      <ToastRegion toasts={toasts} onDismiss={dismissToast} />
      <Overlays />
    </>
  );
}

/*
 * What depends on the open conversation subscribes to it here, below the app: opening one
 * renders the reading pane and the contact panel, not the sidebar and the list around them.
 */

function OpenConversation() {
  const openId = useConversationsStore((s) => s.openId);
  const openConversation = useConversationsStore((s) => s.open);
  return (
    <ReadingPane>
      {openId ? (
        <LoadBoundary what="The conversation" onGiveUp={() => openConversation(null)}>
          <Suspense fallback={<ConversationSkeleton />}>
            <ConversationScreen footer={<ComposerSlot conversationId={openId} />} />
          </Suspense>
        </LoadBoundary>
      ) : undefined}
    </ReadingPane>
  );
}

function OpenContact({ onClose }: { onClose: () => void }) {
  const open = useConversationsStore((s) => s.openId !== null);
  return <RightPanel onClose={onClose}>{open ? <ContactScreen /> : undefined}</RightPanel>;
}
