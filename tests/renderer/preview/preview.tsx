import '../../../renderer/styles/index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../../../renderer/app.js';
import { useConnectionStore } from '../../../renderer/stores/connection-store.js';
import { useConversationsStore } from '../../../renderer/stores/conversations-store.js';
import { usePresenceStore } from '../../../renderer/stores/presence-store.js';
import { useToastStore } from '../../../renderer/stores/toast-store.js';
import { useUiStore } from '../../../renderer/stores/ui-store.js';
import { useViewsStore } from '../../../renderer/stores/views-store.js';
import { useWorkspaceStore } from '../../../renderer/stores/workspace-store.js';
import { conversationPreview } from './conversation-preview.js';
import { COUNTS, ONLINE_MEMBER_IDS, WORKSPACE } from './fixtures.js';
import { Gallery } from './gallery.js';

/*
 * The preview page of the end-to-end screenshots: the real App over stores filled with fixture
 * data (?screen=shell), or the base components side by side (?screen=gallery).
 */
const screen = new URLSearchParams(location.search).get('screen') ?? 'shell';

if (screen === 'shell') {
  useWorkspaceStore.getState().setWorkspace(WORKSPACE);
  useViewsStore.getState().setCounts(COUNTS, 7);
  useViewsStore.getState().select({ kind: 'view', id: 'snoozed' });
  useConversationsStore.getState().setItems([]);
  useConnectionStore.getState().setStatus('online');
  usePresenceStore
    .getState()
    .setPresence(
      WORKSPACE.teammates
        .filter((m) => ONLINE_MEMBER_IDS.includes(m.id))
        .map((m) => ({ member: m, viewing: null, typing: null })),
    );
  if (!useUiStore.getState().rightPanelOpen) useUiStore.getState().toggleRightPanel();
  useToastStore.getState().show({
    title: 'Assigned to you by Bo Chen',
    description: 'Refund for order #48213 never arrived',
    tone: 'info',
    durationMs: null,
    action: { label: 'Open', onAction: () => {} },
  });
}

// The conversation screens (conversation-preview.tsx): the App with one open.
conversationPreview(screen);

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(<StrictMode>{screen === 'gallery' ? <Gallery /> : <App />}</StrictMode>);
