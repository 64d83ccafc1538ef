/*
 * The browser host: the built renderer and the app's contract over one WebSocket
 * (wire-protocol.ts), behind a per-launch key. Front ends start it through serveApp.
 */
export { DEFAULT_HOST, isLoopback } from './exposure.js';
export { lineLogger, serveApp, servedSecrets, type ServeOptions } from './serve-app.js';
export { withKeptPasswords } from './file-secret-store.js';
export { DEFAULT_PORT, type BrowserHost } from './start-host.js';
export { WIRE_PROTOCOL, SOCKET_PATH, CLOSE_CODES } from './wire-protocol.js';
