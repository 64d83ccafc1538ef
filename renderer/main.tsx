// The stylesheet first: the tokens and the page come before every component's own rules.
import './styles/index.css';
// Then the host's socket, opening while the rest of the code is evaluated (host-link.ts).
import { hostLink } from './host-link.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { setAppLink } from './app-link.js';
import { startBridges } from './bridge/start-bridges.js';
import { preloadScreens } from './screens/lazy-screens.js';
import { useConversationsStore } from './stores/conversations-store.js';
import { useUiStore } from './stores/ui-store.js';
import { applyTheme } from './theme/apply-theme.js';

// Before the first render, so a chosen theme shows from the first frame.
applyTheme(useUiStore.getState().theme);

// The browser host that served this page (Electron sets its IPC bridge here instead).
const link = hostLink;
setAppLink(link);
startBridges(link);

// The other screens' code once the list has answered (lazy-screens.ts): not before the first
// rows, whose frame it would delay, and before the reader opens anything.
const stopWaiting = useConversationsStore.subscribe((state) => {
  if (state.load.status === 'loading') return;
  stopWaiting();
  requestIdleCallback(() => void preloadScreens(), { timeout: 1000 });
});

const root = document.getElementById('root');
if (!root) throw new Error('renderer/index.html has no #root element');
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
// React's first render after the socket's open event, which came while this code was evaluated
// and waits behind it: the bridges' first calls then go out before that render (~0.1 s of a
// cold start) and their answers come while it runs, instead of being asked after it. A host
// slow to answer the handshake does not hold the page back: React renders in the next task.
setTimeout(render, 0);
