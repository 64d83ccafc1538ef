import type {
  AppEvent,
  CallResponse,
  MethodInput,
  MethodName,
  MethodOutput,
} from '../../src/app/index.js';
import { HostCallError, type HostConnection, type LinkState } from './connect-host.js';

/** What Electron's preload gives the page (electron/preload/index.ts): the contract over IPC. */
export interface IpcBridge {
  call(method: string, params?: unknown): Promise<unknown>;
  onEvent(listener: (event: unknown) => void): () => void;
}

/**
 * The page's link to the app in the desktop app: calls and events through the preload's bridge
 * to the main process, which runs the app. Always online: the app is in the same program (the
 * mail and team servers' own reachability is told by the app's events, as in the browser).
 */
export function ipcLink(bridge: IpcBridge): HostConnection {
  const state: LinkState = 'online';
  return {
    async call<M extends MethodName>(method: M, params?: MethodInput<M>) {
      const answer = (await bridge.call(method, params)) as CallResponse;
      if (!answer.ok) throw new HostCallError(answer.error);
      return answer.result as MethodOutput<M>;
    },
    onEvent: (listener) => bridge.onEvent((event) => listener(event as AppEvent)),
    state,
    onState: () => () => undefined,
    close: () => undefined,
  };
}
