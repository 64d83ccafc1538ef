import { connectHost, socketUrlOf } from './transport/index.js';

/**
 * The link to the browser host that served this page, opened as this module runs: main.tsx
 * imports it before React and the screens, so the socket's handshake runs while the rest of the
 * page's code is evaluated (~0.3 s of a cold start) instead of after it, and the first calls go
 * out on an open socket. Electron's preload gives the page its IPC bridge instead (issue 12).
 */
export const hostLink = connectHost(socketUrlOf(location));
