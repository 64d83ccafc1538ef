import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

/*
 * The window's side of the contract over IPC (electron/main/contract-ipc.ts), and all the page
 * gets of Electron: a function to call the app and one to hear its events, as
 * `window.switchboardBridge`. No ipcRenderer, no Node: the page's scripts cannot reach them
 * (contextIsolation), and each call is checked again in main. Built as CommonJS (.cjs), which a
 * sandboxed window's preload must be. Its channel names are main's (not imported: the preload
 * bundles nothing but this file).
 */

const CALL = 'switchboard:call';
const EVENT = 'switchboard:event';

contextBridge.exposeInMainWorld('switchboardBridge', {
  call: (method: string, params?: unknown): Promise<unknown> =>
    ipcRenderer.invoke(CALL, { method, params }),
  onEvent: (listener: (event: unknown) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, appEvent: unknown) => listener(appEvent);
    ipcRenderer.on(EVENT, forward);
    return () => {
      ipcRenderer.removeListener(EVENT, forward);
    };
  },
});
