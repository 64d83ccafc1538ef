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

// The browser host that served this page, or Electron's IPC bridge (host-link.ts).
const link = hostLink;
setAppLink(link);
startBridges(link);

// The other screens' code once the list has answered (lazy-screens.ts): not before the first
// rows, whose frame it would delay, and before the reader opens anything.
const stopWaiting = useConversationsStore.subscribe((state) => {
  if (state.load.status === 'loading') return;
  stopWaiting();
  // Safari has no idle callbacks: a moment after the rows there.
  if (typeof requestIdleCallback === 'function')
    requestIdleCallback(() => void preloadScreens(), { timeout: 1000 });
  else setTimeout(() => void preloadScreens(), 200);
});

const root = document.getElementById('root');
if (!root) throw new Error('renderer/index.html has no #root element');

/** The longest the first render waits for the list (a host slow to answer: the panes show). */
const FIRST_RENDER_WAIT_MS = 250;

// React's first render once the list has answered: the page then lays itself out once, with its
// rows, instead of laying out its empty panes and then again as the rows come (~0.1 s of a cold
// start). Not before the socket's open event either (it came while this code was evaluated, and
// waits behind it), so that the list is asked before any render.
let rendered = false;
const render = () => {
  if (rendered) return;
  rendered = true;
  stopWaitingToRender();
  clearTimeout(renderAnyway);
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
};
const stopWaitingToRender = useConversationsStore.subscribe((state) => {
  if (state.load.status !== 'loading') render();
});
const renderAnyway = setTimeout(render, FIRST_RENDER_WAIT_MS);
