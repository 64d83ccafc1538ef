import { useEffect } from 'react';
import { ACTION_IDS, ACTIONS } from './catalog.js';
import { hasModifier, matchesShortcut } from './keys.js';
import { runAction } from './registry.js';

/** A field, or an editor: where a plain key is text, not a command. */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/**
 * The one keydown listener of the app's shortcuts: the key of a registered action runs it. A
 * plain key (`e`, `?`) runs only outside fields and while no modal is open (a key meant for a
 * dialog never acts on the inbox behind it); one with a modifier (`Mod+k`) works everywhere.
 * Mounted once, by the app (through the overlays); a screen registers handlers, never its own
 * listener for a catalogue key.
 */
export function useActionKeys(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const plainAllowed =
        !isEditable(event.target) && document.querySelector('[aria-modal="true"]') === null;
      for (const id of ACTION_IDS) {
        const keys = ACTIONS[id].keys ?? [];
        const hit = keys.find((shortcut) => matchesShortcut(event, shortcut));
        if (hit === undefined || (!plainAllowed && !hasModifier(hit))) continue;
        if (runAction(id)) {
          event.preventDefault();
          return;
        }
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
