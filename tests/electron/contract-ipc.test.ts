import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  IPC_CHANNELS,
  serveContract,
  type EventReceiver,
  type IpcMainLike,
  type SenderFrame,
  type ServedContract,
} from '../../electron/main/contract-ipc.js';
import {
  createDispatcher,
  environmentSecretStore,
  METHOD_NAMES,
  openSwitchboard,
  type AppEvent,
  type CallResponse,
  type Switchboard,
} from '../../src/app/index.js';
import { silentLogger } from '../../src/app/platform.js';
import { HostCallError } from '../../renderer/transport/connect-host.js';
import { ipcLink } from '../../renderer/transport/ipc-link.js';

/**
 * ipcMain's part (Electron cannot start here): a channel's handler, called as Electron calls it
 * with the frame a message came from. Everything behind it is the real app.
 */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  handle(channel: string, listener: Parameters<IpcMainLike['handle']>[1]): void {
    if (this.handlers.has(channel)) throw new Error(`a second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(frame: SenderFrame | null, request: unknown): Promise<CallResponse> {
    const handler = this.handlers.get(IPC_CHANNELS.call);
    if (!handler) throw new Error('no handler');
    // As it crosses IPC (structured clone): plain data only.
    const answer = await handler({ senderFrame: frame }, structuredClone(request));
    return structuredClone(answer as CallResponse);
  }
}

const APP_URL = 'app://switchboard/index.html';
/** An account to add: its password is the test environment's (never connected to). */
const SUPPORT = {
  name: 'Support',
  email: 'support@example.com',
  imapUrl: 'imap://support@127.0.0.1:1143',
  password: { env: 'SUPPORT_PASSWORD' },
};
const isAppUrl = (url: string) => url.startsWith('app://switchboard/');
const topFrame: SenderFrame = { url: APP_URL, parent: null };

let dir: string;
let app: Switchboard;
let ipc: FakeIpcMain;
let received: AppEvent[];
/** The page's listeners, as the preload registers them (`ipcRenderer.on`). */
let pageListeners: Set<(event: unknown) => void>;
let served: ServedContract;
let stop: () => void;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-ipc-'));
  app = await openSwitchboard({
    dataDir: join(dir, 'data'),
    secrets: environmentSecretStore({ SUPPORT_PASSWORD: 'secret' }),
  });
  ipc = new FakeIpcMain();
  received = [];
  pageListeners = new Set();
  const window: EventReceiver = {
    send: (channel, event) => {
      if (channel !== IPC_CHANNELS.event) return;
      received.push(structuredClone(event));
      for (const listener of pageListeners) listener(structuredClone(event));
    },
    isDestroyed: () => false,
  };
  const closed: EventReceiver = {
    send: () => {
      throw new Error('sent to a closed window');
    },
    isDestroyed: () => true,
  };
  served = serveContract(ipc, createDispatcher(app, silentLogger), isAppUrl, () => [
    window,
    closed,
  ]);
  stop = () => served.stop();
});
afterEach(async () => {
  stop();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the contract over IPC', () => {
  it('reaches every method of the contract', async () => {
    for (const method of METHOD_NAMES) {
      // Input no method takes: refused by the method's own schema (a field it lacks, or one it
      // does not know), which proves the call reached it, and ran nothing.
      const answer = await ipc.invoke(topFrame, { method, params: { notAField: 1 } });
      expect(answer, method).toMatchObject({ ok: false, error: { code: 'invalid' } });
      expect(answer.ok === false && answer.error.field, method).not.toBe('method');
    }
  });

  it('answers a valid call, and refuses invalid input in main, naming the field', async () => {
    const added = await ipc.invoke(topFrame, {
      method: 'accounts.add',
      params: SUPPORT,
    });
    expect(added).toMatchObject({ ok: true, result: { email: 'support@example.com' } });
    expect(
      await ipc.invoke(topFrame, { method: 'mail.search', params: { query: 'x', limit: 0 } }),
    ).toMatchObject({ ok: false, error: { code: 'invalid', field: 'limit' } });
    expect(await ipc.invoke(topFrame, 'not a call')).toMatchObject({
      ok: false,
      error: { code: 'usage', field: 'method' },
    });
  });

  it('pushes the app’s events to the open windows', async () => {
    await ipc.invoke(topFrame, {
      method: 'accounts.add',
      params: SUPPORT,
    });
    expect(received.map((event) => event.type)).toContain('accounts.changed');
  });

  it('pushes the shell’s own events (the menu’s) to the open windows, as the app’s go', () => {
    served.push({ type: 'menu.chosen', action: 'compose.new' });
    expect(received).toEqual([{ type: 'menu.chosen', action: 'compose.new' }]);
  });

  it('refuses calls from any other page or from a frame inside the window, running nothing', async () => {
    const add = {
      method: 'accounts.add',
      params: {
        name: 'Evil',
        email: 'evil@example.com',
        imapUrl: 'imap://evil@127.0.0.1:1143',
        password: { env: 'SUPPORT_PASSWORD' },
      },
    };
    for (const frame of [
      null,
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///tmp/page.html', parent: null },
      { url: APP_URL, parent: topFrame },
      { url: 'about:srcdoc', parent: topFrame },
    ])
      expect(await ipc.invoke(frame, add)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    expect(await ipc.invoke(topFrame, { method: 'accounts.list' })).toEqual({
      ok: true,
      result: [],
    });
  });

  it('stops answering when stopped', () => {
    stop();
    expect(ipc.handlers.size).toBe(0);
    stop = () => undefined;
  });
});

describe('the page’s link over IPC (renderer/transport/ipc-link.ts)', () => {
  /** The bridge as the preload builds it: calls invoked on the call channel, events heard. */
  const link = () =>
    ipcLink({
      call: (method, params) => ipc.invoke(topFrame, { method, params }),
      onEvent: (listener) => {
        pageListeners.add(listener);
        return () => pageListeners.delete(listener);
      },
    });

  it('calls the app, and throws its refusals as the browser’s link does', async () => {
    const page = link();
    expect(page.state).toBe('online');
    expect(await page.call('accounts.list')).toEqual([]);
    const refused: unknown = await page
      .call('mail.search', { query: 'x', limit: 0 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HostCallError);
    expect(refused).toMatchObject({ code: 'invalid', field: 'limit' });
  });

  it('hears the app’s events until it stops listening', async () => {
    const page = link();
    const heard: string[] = [];
    const stopListening = page.onEvent((event) => heard.push(event.type));
    await page.call('accounts.add', SUPPORT);
    expect(heard).toContain('accounts.changed');
    stopListening();
    expect(pageListeners.size).toBe(0);
  });
});
