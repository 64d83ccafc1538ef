import { connectHost, ipcLink, socketUrlOf, type IpcBridge } from './transport/index.js';

/** Set by Electron's preload (electron/preload/index.ts); absent in a browser. */
const bridge = (window as { switchboardBridge?: IpcBridge }).switchboardBridge;

/**
 * The page's link to the app, opened as this module runs: in the desktop app, the preload's IPC
 * bridge to the main process; in a browser, the WebSocket of the host that served the page.
 * main.tsx imports it before React and the screens, so the socket's handshake runs while the
 * rest of the page's code is evaluated (~0.3 s of a cold start) instead of after it, and the
 * first calls go out on an open socket.
 */
export const hostLink = bridge ? ipcLink(bridge) : connectHost(socketUrlOf(location));
