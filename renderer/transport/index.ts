/*
 * The page's transport to the browser host (src/host/): typed calls of the app's contract, its
 * events, and the link's state. Plain TypeScript over the DOM's WebSocket, no React.
 */
export {
  connectHost,
  HostCallError,
  type ConnectOptions,
  type HostConnection,
  type LinkState,
} from './connect-host.js';
export { DEFAULT_BACKOFF, type Backoff } from './reconnect-delay.js';
export { socketUrlOf, WIRE_PROTOCOL } from './wire.js';
