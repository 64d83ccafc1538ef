/*
 * Shortcuts as the catalogue writes them (`e`, `R`, `?`, `Enter`, `Mod+k`): matched against a
 * keydown and shown as key caps. `Mod` is ⌘ on macOS and Ctrl elsewhere (issue 11: Ctrl+K, ⌘K).
 */

interface Combo {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

function parse(shortcut: string): Combo {
  const parts = shortcut.split('+');
  // `+` itself would be the last part after an empty one: no shortcut uses it.
  const key = parts[parts.length - 1] ?? '';
  const mods = new Set(parts.slice(0, -1));
  return { mod: mods.has('Mod'), shift: mods.has('Shift'), alt: mods.has('Alt'), key };
}

export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** A shortcut with a modifier works everywhere, in a field too; a plain key does not. */
export function hasModifier(shortcut: string): boolean {
  const combo = parse(shortcut);
  return combo.mod || combo.alt;
}

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export function matchesShortcut(event: KeyPress, shortcut: string, mac = isMac()): boolean {
  const combo = parse(shortcut);
  const mod = mac ? event.metaKey : event.ctrlKey;
  const otherMod = mac ? event.ctrlKey : event.metaKey;
  if (combo.mod !== mod || otherMod || combo.alt !== event.altKey) return false;
  // A printable key is matched as typed: Shift is part of `R` and `?`, not a modifier of its own.
  if (combo.key.length === 1 && !combo.mod && !combo.alt) return event.key === combo.key;
  if (combo.shift !== event.shiftKey) return false;
  return event.key.toLowerCase() === combo.key.toLowerCase();
}

const KEY_NAMES: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  Enter: 'Enter',
};

/** The key caps of a shortcut: `Mod+k` → ['Ctrl', 'K'] (['⌘', 'K'] on macOS). */
export function shortcutKeys(shortcut: string, mac = isMac()): string[] {
  const combo = parse(shortcut);
  const caps: string[] = [];
  if (combo.mod) caps.push(mac ? '⌘' : 'Ctrl');
  if (combo.alt) caps.push(mac ? '⌥' : 'Alt');
  if (combo.shift) caps.push(mac ? '⇧' : 'Shift');
  const named = KEY_NAMES[combo.key];
  caps.push(named ?? (combo.mod || combo.alt ? combo.key.toUpperCase() : combo.key));
  return caps;
}

/** The shortcut in words, for aria-keyshortcuts (`Control+K`, `Shift+R`). */
export function ariaShortcut(shortcut: string, mac = isMac()): string {
  const combo = parse(shortcut);
  const parts: string[] = [];
  if (combo.mod) parts.push(mac ? 'Meta' : 'Control');
  if (combo.alt) parts.push('Alt');
  if (combo.shift || (combo.key.length === 1 && combo.key !== combo.key.toLowerCase()))
    parts.push('Shift');
  parts.push(combo.key.length === 1 ? combo.key.toUpperCase() : combo.key);
  return parts.join('+');
}
