import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import {
  app,
  BrowserWindow,
  crashReporter,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
  type WebContents,
} from 'electron';
import { isUserError, LINK_SCHEME, type Logger } from '../../src/app/index.js';
import type { FromFacade } from '../facade/facade-protocol.js';
import { menuTemplate } from './app-menu.js';
import { APP_ENTRY, APP_SCHEME, isAppUrl, rendererFile } from './app-protocol.js';
import { followAssignedCount } from './assigned-badge.js';
import { WINDOW_CONTENT_SECURITY_POLICY } from './content-security-policy.js';
import { serveContract } from './contract-ipc.js';
import { appLinksIn, linkDoor } from './deep-links.js';
import { externalUrl } from './external-links.js';
import { superviseFacade, type FacadeChild, type FacadeSupervisor } from './facade-supervisor.js';
import { keychainSecretStore, NO_KEYCHAIN_WARNING } from './keychain-secret-store.js';
import { checkForUpdates } from './updates.js';
import { allowsPermission } from './permissions.js';
import { windowOptions } from './window-options.js';
import { rotatingLog, type RotatingLog } from './rotating-log.js';
import { restoredWindow, type SavedWindow } from './window-state.js';

/*
 * The desktop app's main process: Electron glue only. The app itself is the facade (src/app/),
 * run in a utility process of its own (facade-supervisor.ts: main's thread is the window's, and
 * a sync must never freeze it) and reached by the window through the contract over IPC
 * (contract-ipc.ts), which main relays. Every decision that can be made without Electron lives
 * in this folder's other files, tested in Node.
 */

/** How long quitting waits for the app to close (the sync stopped, the cache flushed). */
const QUIT_DEADLINE_MS = 5000;

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererRoot = join(here, '../renderer');
const preload = join(here, '../preload/index.cjs');
const facadeEntry = join(here, 'facade.js');

// Crash dumps stay on this machine, beside the logs (Help > Show Logs and Crash Reports), for
// the user to send or not.
app.setPath('crashDumps', join(app.getPath('logs'), 'crashes'));
crashReporter.start({ uploadToServer: false });

/** main.log in Electron's logs folder, rotated (rotating-log.ts); opened at the first line. */
let logFile: RotatingLog | undefined;
const logLine = (level: 'warn' | 'error', text: string) => {
  (logFile ??= rotatingLog(join(app.getPath('logs'), 'main.log'))).write(level, text);
  if (level === 'warn') console.warn(text);
  else console.error(text);
};
const logger: Logger = {
  warn: (message) => logLine('warn', message),
  error: (message, error) =>
    logLine(
      'error',
      error === undefined
        ? message
        : `${message}: ${error instanceof Error ? (error.stack ?? error.message) : inspect(error)}`,
    ),
};

// Before ready: the page's origin is a standard, secure scheme of its own (app-protocol.ts).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/**
 * The links the OS hands over (a `mailto:` clicked elsewhere, `switchboard://conversation/ID`):
 * held until the app is open. macOS sends them as `open-url`, even the one that launched the
 * app, before it is ready; Windows and Linux as a launch's arguments.
 */
const links = linkDoor(logger);
app.on('open-url', (event, url) => {
  event.preventDefault();
  void links.receive([url]);
});
void links.receive(appLinksIn(process.argv));

if (!app.requestSingleInstanceLock()) app.quit();
else
  start().catch((error: unknown) => {
    // A user's matter (the data directory locked by a running `switchboard sync`, a damaged
    // cache) is said in its one line; anything else is a bug, logged with its stack.
    const message = isUserError(error) ? error.message : 'an unexpected error (see main.log)';
    if (!isUserError(error)) logger.error('Switchboard could not start', error);
    dialog.showErrorBox('Switchboard could not start', message);
    app.exit(1);
  });

async function start(): Promise<void> {
  await app.whenReady();
  const userData = app.getPath('userData');
  const secrets = keychainSecretStore(join(userData, 'passwords.json'), safeStorage, (line) => {
    logger.warn(line);
    if (line === NO_KEYCHAIN_WARNING)
      void dialog.showMessageBox({
        type: 'warning',
        message: 'Passwords are kept for this session only',
        detail: NO_KEYCHAIN_WARNING,
      });
  });
  const facade = superviseFacade({
    spawn: spawnFacade,
    startMessage: () => ({
      type: 'start',
      dataDir: join(userData, 'data'),
      secrets: secrets.snapshot(),
    }),
    secrets,
    logger,
    onRestarted: () => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
    },
    onGaveUp: (message) => {
      dialog.showErrorBox('Switchboard stopped', message);
      app.exit(1);
    },
  });
  const contract = serveContract(ipcMain, facade.client, isAppUrl, () =>
    BrowserWindow.getAllWindows().map((window) => window.webContents),
  );
  await facade.ready;
  // The app's own links open here (mailto: is offered to the OS by the package, for the user
  // to choose as their mail app: taking it over silently is not ours to do).
  if (!app.isDefaultProtocolClient(LINK_SCHEME)) app.setAsDefaultProtocolClient(LINK_SCHEME);
  void links.open(facade.client);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        { mac: process.platform === 'darwin', productName: app.getName(), dev: !app.isPackaged },
        {
          choose: (action) => contract.push({ type: 'menu.chosen', action }),
          showLogs: () => void shell.openPath(app.getPath('logs')),
          checkForUpdates: () =>
            void checkForUpdates(BrowserWindow.getAllWindows()[0], app.getVersion(), logger),
        },
      ),
    ),
  );
  // The dock's badge (macOS) or the launcher's (Linux, Unity): what is assigned to me and open.
  const stopBadge = followAssignedCount(facade.client, (count) => app.setBadgeCount(count));
  serveRenderer();
  limitPermissions();
  app.on('web-contents-created', (_event, contents) => guard(contents));
  const window = openWindow(join(userData, 'window.json'));
  // A second launch ends at once (its lock refused); its links come here, to this window.
  app.on('second-instance', (_event, argv) => {
    if (window.isMinimized()) window.restore();
    window.focus();
    void links.receive(appLinksIn(argv));
  });
  quitGracefully(facade, () => {
    stopBadge();
    contract.stop();
  });
}

/** The facade's process (out/main/facade.js, built from electron/facade/). */
function spawnFacade(): FacadeChild {
  const child = utilityProcess.fork(facadeEntry, [], { serviceName: 'Switchboard app' });
  return {
    post: (message) => child.postMessage(message),
    onMessage(listener) {
      const onMessage = (message: unknown) => listener(message as FromFacade);
      child.on('message', onMessage);
      return () => child.off('message', onMessage);
    },
    onExit: (listener) => child.once('exit', listener),
    kill: () => void child.kill(),
  };
}

/** The built renderer under app://, each answer with the window's CSP. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const found = rendererFile(rendererRoot, request.url);
    if (!found) return new Response('not found', { status: 404 });
    const answer = await net.fetch(pathToFileURL(found.file).href);
    return new Response(answer.body, {
      status: answer.status,
      headers: {
        'content-type': found.contentType,
        'content-security-policy': WINDOW_CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}

/** Notifications for the app's page; nothing else for any page (permissions.ts). */
function limitPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, grant, details) =>
    grant(allowsPermission(permission, details.requestingUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) =>
    allowsPermission(permission, origin),
  );
}

/** Every page stays the app's: links leave for the OS (if safe), nothing opens in the app. */
function guard(contents: WebContents): void {
  const leave = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    const external = externalUrl(url);
    if (external) void shell.openExternal(external);
  };
  contents.on('will-navigate', leave);
  contents.on('will-redirect', leave);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
}

function openWindow(stateFile: string): BrowserWindow {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    saved = undefined;
  }
  const displays = screen.getAllDisplays().map((display) => display.workArea);
  const restored = restoredWindow(saved, displays);
  const window = new BrowserWindow(windowOptions(preload, restored.bounds));
  if (restored.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const state: SavedWindow = {
      bounds: window.getNormalBounds(),
      maximized: window.isMaximized(),
    };
    try {
      writeFileSync(stateFile, JSON.stringify(state));
    } catch (error) {
      logger.warn(`the window's place could not be saved: ${(error as Error).message}`);
    }
  });
  void window.loadURL(APP_ENTRY);
  return window;
}

/** Quitting closes the app first (its sync stopped, its cache flushed), within a deadline. */
function quitGracefully(facade: FacadeSupervisor, stop: () => void): void {
  let closing = false;
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    stop();
    void facade
      .close(QUIT_DEADLINE_MS)
      .catch((error: unknown) => logger.error('closing the app failed', error))
      .finally(() => app.exit(0));
  });
}
