import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo-root.js';

/*
 * What `npm run build:app` (electron-vite, part of `npm run build`) leaves in out/: the files
 * Electron loads. Electron cannot start here, so the built preload is run in a VM with the
 * part of `electron` it may use, and main's one import of the core is resolved as Node would.
 */

const root = repoRoot();
const out = (path: string) => join(root, 'out', path);

beforeAll(() => {
  if (!existsSync(out('preload/index.cjs')))
    throw new Error('out/ is missing: run `npm run build` (it runs `npm run build:app`)');
  for (const source of [
    'electron/preload/index.ts',
    'electron/main/index.ts',
    'electron/facade/index.ts',
  ])
    if (statSync(join(root, source)).mtimeMs > statSync(out('main/index.js')).mtimeMs + 1000)
      throw new Error(`out/ is older than ${source}: run \`npm run build\``);
});

describe('the desktop app’s build', () => {
  it('has the main process (package.json names it), the preload as a .cjs file, and the page', () => {
    const { main } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(join(root, main)).toBe(out('main/index.js'));
    expect(existsSync(out('main/index.js'))).toBe(true);
    // The facade's process, which main starts beside it (facade-supervisor.ts).
    expect(existsSync(out('main/facade.js'))).toBe(true);
    expect(existsSync(out('preload/index.cjs'))).toBe(true);
    expect(readFileSync(out('renderer/index.html'), 'utf8')).toContain('<div id="root">');
  });

  it('builds the preload as CommonJS that requires electron and nothing else', () => {
    const code = readFileSync(out('preload/index.cjs'), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('gives the page the contract’s two functions through contextBridge and ipcRenderer only', async () => {
    const exposed = new Map<string, Record<string, (...args: unknown[]) => unknown>>();
    const invoked: unknown[][] = [];
    const listening = new Map<string, Set<(...args: unknown[]) => void>>();
    const used = new Set<string>();
    const ipcRenderer = {
      invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: true })),
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        listening.set(channel, (listening.get(channel) ?? new Set()).add(listener));
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
        listening.get(channel)?.delete(listener);
      },
    };
    const contextBridge = {
      exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) =>
        exposed.set(key, api),
    };
    // Every property of `electron` the preload reads is recorded.
    const electron = new Proxy(
      { contextBridge, ipcRenderer },
      {
        get(target, property: string) {
          used.add(property);
          return target[property as keyof typeof target];
        },
      },
    );
    runInNewContext(readFileSync(out('preload/index.cjs'), 'utf8'), {
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`the preload required ${name}`);
        return electron;
      },
      module: { exports: {} },
      exports: {},
    });
    expect([...exposed.keys()]).toEqual(['switchboardBridge']);
    const bridge = exposed.get('switchboardBridge')!;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent']);

    await bridge.call!('mail.search', { query: 'x' });
    expect(invoked).toEqual([
      ['switchboard:call', { method: 'mail.search', params: { query: 'x' } }],
    ]);
    const heard: unknown[] = [];
    const stop = bridge.onEvent!((event: unknown) => heard.push(event)) as () => void;
    for (const listener of listening.get('switchboard:event') ?? [])
      listener({ sender: 'ipc' }, { type: 'sync.state', running: true });
    expect(heard).toEqual([{ type: 'sync.state', running: true }]);
    stop();
    expect(listening.get('switchboard:event')?.size).toBe(0);
    expect([...used].sort()).toEqual(['contextBridge', 'ipcRenderer']);
  });

  it.each([
    ['main/index.js', 'isUserError'],
    ['main/facade.js', 'openSwitchboard'],
  ])(
    '%s imports the core compiled in dist/, where Node finds it from out/main',
    async (file, needed) => {
      const code = readFileSync(out(file), 'utf8');
      const cores = [...code.matchAll(/from\s+"([^"]*dist\/src\/app\/index\.js)"/g)].map(
        (m) => m[1],
      );
      expect(cores).toEqual(['../../dist/src/app/index.js']);
      // No other file of src/ is bundled into it.
      expect(code).not.toMatch(/\/\/ src\//);
      const core = (await import(
        pathToFileURL(join(dirname(out(file)), cores[0]!)).href
      )) as Record<string, unknown>;
      // Every name it imports from the core is one the core exports.
      const names = /import\s*\{([^}]*)\}\s*from\s*"[^"]*dist\/src\/app\/index\.js"/
        .exec(code)![1]!
        .split(',')
        .map((name) => name.trim().split(/\s+as\s+/)[0]!)
        .filter(Boolean);
      expect(names).toContain(needed);
      for (const name of names) expect(core[name], name).toBeDefined();
    },
  );
});
