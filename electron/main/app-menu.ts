import type { MenuItemConstructorOptions } from 'electron';
// The page's action catalog is plain data (titles, groups, keys): the menu lists the same
// actions with the same shortcuts, named once (eslint allows electron/ this one file of the UI).
import {
  ACTION_IDS,
  ACTIONS,
  type ActionGroup,
  type ActionId,
} from '../../renderer/actions/catalog.js';

/** Electron's names for the catalog's keys that differ (https://www.electronjs.org/docs/latest/api/accelerator). */
const KEY_NAMES: Record<string, string> = {
  ArrowDown: 'Down',
  ArrowUp: 'Up',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Escape: 'Esc',
  Enter: 'Return',
};

/**
 * A catalog shortcut as an Electron accelerator: `Mod+k` → `CmdOrCtrl+K`, `R` (typed with Shift)
 * → `Shift+R`, `j` → `J`, `ArrowDown` → `Down`; punctuation as typed (`?`, `/`).
 */
export function accelerator(shortcut: string): string {
  const parts = shortcut.split('+');
  const key = parts.pop() ?? '';
  const modifiers = parts.map((part) => (part === 'Mod' ? 'CmdOrCtrl' : part));
  let name = KEY_NAMES[key] ?? key;
  if (/^[A-Z]$/u.test(key) && !modifiers.includes('Shift')) modifiers.push('Shift');
  else if (/^[a-z]$/u.test(key)) name = key.toUpperCase();
  return [...modifiers, name].join('+');
}

/** What the menu's items do outside the page. */
export interface MenuHandlers {
  /** An action of the catalog, run by the page (pushed to it as `menu.chosen`). */
  choose(action: ActionId): void;
  /** Opens the folder of the logs and crash reports. */
  showLogs(): void;
  /** Asks the release feed for a newer version (packaged builds: updates.ts). */
  checkForUpdates(): void;
}

export interface MenuPlatform {
  /** macOS: the app's own menu first, Settings there, the Window menu its way. */
  mac: boolean;
  productName: string;
  /** Development: Reload and the developer tools in View, and no update checks (no release). */
  dev: boolean;
}

/** The catalog's actions that a menu item would only get in the way of: Esc closes what is open. */
const NOT_IN_MENU: ReadonlySet<ActionId> = new Set(['overlay.close']);

const inGroup = (group: ActionGroup) =>
  ACTION_IDS.filter((id) => ACTIONS[id].group === group && !NOT_IN_MENU.has(id));

/**
 * The application menu: every action of the catalog under its group, each with its shortcut, so
 * the menu is where a newcomer finds the keys (as in Front's and Missive's apps). The shortcuts
 * are shown, not registered (`registerAccelerator: false`): the page handles its keys itself,
 * knowing when a key is typed into a field, and a menu that took `e` would close conversations
 * while a reply is written. A click asks the page to run the action, as the palette does.
 */
export function menuTemplate(
  platform: MenuPlatform,
  handlers: MenuHandlers,
): MenuItemConstructorOptions[] {
  const item = (id: ActionId, label = ACTIONS[id].title): MenuItemConstructorOptions => {
    const keys = ACTIONS[id].keys;
    return {
      id,
      label,
      ...(keys?.[0] ? { accelerator: accelerator(keys[0]), registerAccelerator: false } : {}),
      click: () => handlers.choose(id),
    };
  };
  const items = (ids: readonly ActionId[]) => ids.map((id) => item(id));
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const settings = item('settings.open', platform.mac ? 'Settings…' : 'Settings');
  const app = inGroup('App');
  const themes = app.filter((id) => id.startsWith('theme.'));
  const help = app.filter((id) => !id.startsWith('theme.') && id !== 'settings.open');
  const navigate = inGroup('Navigate');
  const views = navigate.filter((id) => id.startsWith('view.'));
  const moves = navigate.filter((id) => !id.startsWith('view.'));
  const write = inGroup('Write');

  return [
    ...(platform.mac
      ? [
          {
            label: platform.productName,
            submenu: [
              { role: 'about' },
              separator,
              settings,
              separator,
              { role: 'services' },
              separator,
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              separator,
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: 'File',
      submenu: [
        item('compose.new'),
        separator,
        ...(platform.mac
          ? [{ role: 'close' } as const]
          : [settings, separator, { role: 'quit' } as const]),
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        ...(platform.mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...items(views),
        separator,
        { label: 'Appearance', submenu: items(themes) },
        separator,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        separator,
        { role: 'togglefullscreen' },
        ...(platform.dev
          ? [separator, { role: 'reload' } as const, { role: 'toggleDevTools' } as const]
          : []),
      ],
    },
    { label: 'Go', submenu: items(moves) },
    { label: 'Conversation', submenu: items(inGroup('Conversation')) },
    { label: 'Message', submenu: items(write.filter((id) => id !== 'compose.new')) },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        ...items(help),
        separator,
        { label: 'Show Logs and Crash Reports', click: () => handlers.showLogs() },
        ...(platform.dev
          ? []
          : [{ label: 'Check for Updates…', click: () => handlers.checkForUpdates() }]),
      ],
    },
  ];
}
