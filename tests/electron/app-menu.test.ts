import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { accelerator, menuTemplate } from '../../electron/main/app-menu.js';
import { ACTION_IDS, ACTIONS } from '../../renderer/actions/catalog.js';

/** Every item of a template, submenus included, depth first. */
function itemsOf(template: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((entry) => [
    entry,
    ...(Array.isArray(entry.submenu) ? itemsOf(entry.submenu) : []),
  ]);
}

function built(mac: boolean, dev = false) {
  const chosen: string[] = [];
  let logsShown = 0;
  let updateChecks = 0;
  const template = menuTemplate(
    { mac, productName: 'Switchboard', dev },
    {
      choose: (action) => chosen.push(action),
      showLogs: () => (logsShown += 1),
      checkForUpdates: () => (updateChecks += 1),
    },
  );
  return {
    template,
    items: itemsOf(template),
    chosen,
    logs: () => logsShown,
    updateChecks: () => updateChecks,
  };
}

/** What Electron passes a click: none of it is read. */
const click = (entry: MenuItemConstructorOptions) =>
  (entry.click as unknown as () => void | undefined)();

describe('the application menu', () => {
  it('turns the catalog’s shortcuts into accelerators', () => {
    expect(accelerator('Mod+k')).toBe('CmdOrCtrl+K');
    expect(accelerator('Mod+,')).toBe('CmdOrCtrl+,');
    expect(accelerator('R')).toBe('Shift+R');
    expect(accelerator('r')).toBe('R');
    expect(accelerator('?')).toBe('?');
    expect(accelerator('/')).toBe('/');
    expect(accelerator('ArrowDown')).toBe('Down');
    expect(accelerator('Enter')).toBe('Return');
  });

  it.each([true, false])(
    'lists every action once with its shortcut, shown but not registered (macOS: %s)',
    (mac) => {
      const { items, chosen } = built(mac);
      const actions = items.filter((entry) => entry.id !== undefined);
      const listed = actions.map((entry) => entry.id);
      expect(new Set(listed).size).toBe(listed.length);
      expect([...listed].sort()).toEqual(ACTION_IDS.filter((id) => id !== 'overlay.close').sort());
      for (const entry of actions) {
        const keys = ACTIONS[entry.id as keyof typeof ACTIONS].keys;
        if (keys) {
          expect(entry.accelerator, entry.id).toBe(accelerator(keys[0]!));
          // The page handles its keys (not in a field for a plain key): the menu only shows them.
          expect(entry.registerAccelerator, entry.id).toBe(false);
        } else expect(entry.accelerator, entry.id).toBeUndefined();
        click(entry);
      }
      // A click asks the page to run the action, nothing else.
      expect(chosen).toEqual(listed);
    },
  );

  it('gives each platform its own frame: macOS’s app menu, Quit in File elsewhere', () => {
    const mac = built(true);
    expect(mac.template[0]!.label).toBe('Switchboard');
    expect(mac.items.map((entry) => entry.role)).toEqual(
      expect.arrayContaining([
        'about',
        'hide',
        'quit',
        'close',
        'pasteAndMatchStyle',
        'windowMenu',
      ]),
    );
    const other = built(false);
    expect(other.template.map((entry) => entry.label ?? entry.role)).toEqual([
      'File',
      'Edit',
      'View',
      'Go',
      'Conversation',
      'Message',
      'windowMenu',
      'help',
    ]);
    const file = other.template[0]!.submenu as MenuItemConstructorOptions[];
    expect(file.map((entry) => entry.id ?? entry.role ?? entry.type)).toEqual([
      'compose.new',
      'separator',
      'settings.open',
      'separator',
      'quit',
    ]);
    // Both have the clipboard's roles: without them macOS has no Cmd+C in the window.
    for (const items of [mac.items, other.items])
      expect(items.map((entry) => entry.role)).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
      );
  });

  it('checks for updates only when asked, and only in a packaged build (development has no release)', () => {
    const check = (dev: boolean) =>
      built(false, dev).items.find((entry) => entry.label === 'Check for Updates…');
    expect(check(true)).toBeUndefined();
    const packaged = built(false);
    click(packaged.items.find((entry) => entry.label === 'Check for Updates…')!);
    expect(packaged.updateChecks()).toBe(1);
  });

  it('offers the developer tools in development only, and the logs always', () => {
    expect(built(false).items.some((entry) => entry.role === 'toggleDevTools')).toBe(false);
    expect(built(false, true).items.some((entry) => entry.role === 'toggleDevTools')).toBe(true);
    const { items, logs } = built(false);
    click(items.find((entry) => entry.label === 'Show Logs and Crash Reports')!);
    expect(logs()).toBe(1);
  });
});
