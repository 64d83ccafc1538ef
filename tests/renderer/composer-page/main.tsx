import '../../../renderer/styles/index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setAppLink } from '../../../renderer/app-link.js';
import { connectHost, socketUrlOf } from '../../../renderer/transport/index.js';
import { ComposerPage, startPageBridges } from './composer-page.js';

/*
 * The composer's end-to-end page, served by `switchboard serve` in place of the app
 * (SWITCHBOARD_RENDERER_DIR): the real composer, outbox indicator and toasts over the real host,
 * around a bare list of the conversations. It stands in for the conversation screen, which
 * mounts <ComposerSlot> the same way.
 */
const link = connectHost(socketUrlOf(location));
setAppLink(link);
startPageBridges(link);

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <StrictMode>
    <ComposerPage />
  </StrictMode>,
);
