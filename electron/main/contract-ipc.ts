import type { AppEvent, AppEventOf, CallResponse, Dispatcher } from '../../src/app/index.js';

/**
 * The app's contract over Electron's IPC, the desktop twin of the browser host's WebSocket
 * (src/host/wire-protocol.ts): one channel the window invokes with `{ method, params }`, answered
 * as the dispatcher answers (`{ ok, result }` or `{ ok: false, error }`), and one on which main
 * pushes the app's events. The preload (electron/preload/) is the window's side.
 */
export const IPC_CHANNELS = {
  call: 'switchboard:call',
  event: 'switchboard:event',
} as const;

/** The frame a message came from, as Electron describes it (`event.senderFrame`). */
export interface SenderFrame {
  url: string;
  /** Null for a window's top frame; a mail's iframe has its window's frame as parent. */
  parent: unknown;
}

/** What this needs of `ipcMain` (the real one in main.ts; a test's in Node). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame: SenderFrame | null }, ...args: unknown[]) => unknown,
  ): void;
  removeHandler(channel: string): void;
}

/** A window the events are pushed to (`webContents`). */
export interface EventReceiver {
  send(channel: string, event: AppEvent): void;
  isDestroyed(): boolean;
}

/** The contract served over IPC: what stops it, and how the shell tells the windows its own events. */
export interface ServedContract {
  stop(): void;
  /**
   * Pushes an event of the shell's own (the menu's `menu.chosen`) to the windows, as the app's
   * events go: the page hears them through the one bridge, the contract's.
   */
  push(event: AppEventOf<'menu.chosen'>): void;
}

/**
 * Answers the windows' calls with `dispatcher` and pushes its events to `targets()`, until it is
 * stopped. A call is run only when it comes from the app's own page, in a
 * window's top frame (`isAppUrl`): a frame of anything else (a page navigated to by mistake, a
 * mail's iframe) is refused without running it, as Electron's checklist asks
 * (https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages).
 * Inputs are checked by the dispatcher, against the contract's schemas, here in main.
 */
export function serveContract(
  ipc: IpcMainLike,
  dispatcher: Dispatcher,
  isAppUrl: (url: string) => boolean,
  targets: () => readonly EventReceiver[],
): ServedContract {
  ipc.handle(IPC_CHANNELS.call, async (event, request): Promise<CallResponse> => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isAppUrl(frame.url))
      return {
        ok: false,
        error: { code: 'forbidden', message: 'calls come from the app’s own window only' },
      };
    return dispatcher.handle(request);
  });
  const toWindows = (event: AppEvent) => {
    for (const target of targets())
      if (!target.isDestroyed()) target.send(IPC_CHANNELS.event, event);
  };
  const unsubscribe = dispatcher.subscribe(toWindows);
  return {
    stop() {
      unsubscribe();
      ipc.removeHandler(IPC_CHANNELS.call);
    },
    push: toWindows,
  };
}
