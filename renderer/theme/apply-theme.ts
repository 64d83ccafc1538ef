import type { Theme } from '../stores/ui-store.js';

/**
 * Puts the chosen theme on <html>: data-theme="light|dark" forces one (tokens.css), no attribute
 * follows the system's prefers-color-scheme.
 */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
