// The stylesheet first: the tokens and the page come before every component's own rules.
import './styles/index.css';
// Then the host's socket, opening while the rest of the code is evaluated (host-link.ts).
import { hostLink } from './host-link.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { setAppLink } from './app-link.js';
import { startBridges } from './bridge/start-bridges.js';
import { useUiStore } from './stores/ui-store.js';
import { applyTheme } from './theme/apply-theme.js';

// Before the first render, so a chosen theme shows from the first frame.
applyTheme(useUiStore.getState().theme);

// The browser host that served this page (Electron sets its IPC bridge here instead).
const link = hostLink;
setAppLink(link);
startBridges(link);

const root = document.getElementById('root');
if (!root) throw new Error('renderer/index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
