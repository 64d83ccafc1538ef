/*
 * The page's transport to the app: the browser host's WebSocket (src/host/), or Electron's IPC
 * bridge (electron/preload/): typed calls of the app's contract, its events, and the link's
 * state. Plain TypeScript, no React.
 */
export {
  connectHost,
  HostCallError,
  type ConnectOptions,
  type HostConnection,
  type LinkState,
} from './connect-host.js';
export { DEFAULT_BACKOFF, type Backoff } from './reconnect-delay.js';
export { ipcLink, type IpcBridge } from './ipc-link.js';
export { socketUrlOf, WIRE_PROTOCOL } from './wire.js';
