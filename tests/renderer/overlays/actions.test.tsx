// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  ariaShortcut,
  matchesShortcut,
  registerActions,
  runAction,
  shortcutKeys,
  useActionKeys,
} from '../../../renderer/actions/index.js';
import '../support/cleanup.js';

const press = (
  key: string,
  mods: Partial<Record<'ctrl' | 'meta' | 'shift' | 'alt', boolean>> = {},
) => ({
  key,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

describe('shortcuts', () => {
  it('Mod is Ctrl elsewhere and ⌘ on macOS, for matching and for showing', () => {
    expect(matchesShortcut(press('k', { ctrl: true }), 'Mod+k', false)).toBe(true);
    expect(matchesShortcut(press('K', { ctrl: true, shift: true }), 'Mod+k', false)).toBe(false);
    expect(matchesShortcut(press('k', { meta: true }), 'Mod+k', false)).toBe(false);
    expect(matchesShortcut(press('k', { meta: true }), 'Mod+k', true)).toBe(true);
    expect(matchesShortcut(press('k', { ctrl: true }), 'Mod+k', true)).toBe(false);
    expect(shortcutKeys('Mod+k', false)).toEqual(['Ctrl', 'K']);
    expect(shortcutKeys('Mod+k', true)).toEqual(['⌘', 'K']);
    expect(ariaShortcut('Mod+k', false)).toBe('Control+K');
  });

  it('a character is matched as typed: R is Shift+r, ? is Shift+/, and a modifier is no match', () => {
    expect(matchesShortcut(press('R', { shift: true }), 'R', false)).toBe(true);
    expect(matchesShortcut(press('r'), 'R', false)).toBe(false);
    expect(matchesShortcut(press('R', { shift: true }), 'r', false)).toBe(false);
    expect(matchesShortcut(press('?', { shift: true }), '?', false)).toBe(true);
    expect(matchesShortcut(press('e', { ctrl: true }), 'e', false)).toBe(false);
    expect(matchesShortcut(press('ArrowDown'), 'ArrowDown', false)).toBe(true);
    expect(shortcutKeys('ArrowDown', false)).toEqual(['↓']);
  });
});

function Keys() {
  useActionKeys();
  return (
    <>
      <input aria-label="Field" />
      <button type="button">Elsewhere</button>
    </>
  );
}

describe('the action registry and its keys', () => {
  it('a key runs the registered action, outside fields and modals; Mod+k everywhere', async () => {
    const user = userEvent.setup();
    const ran: string[] = [];
    const stop = registerActions({
      'conversation.close': { run: () => ran.push('close') },
      'palette.open': { run: () => ran.push('palette') },
    });
    render(<Keys />);
    screen.getByRole('button', { name: 'Elsewhere' }).focus();
    await user.keyboard('e');
    expect(ran).toEqual(['close']);

    // Typing in a field is text, not a command; the palette's keys still work there.
    await user.click(screen.getByRole('textbox', { name: 'Field' }));
    await user.keyboard('e');
    await user.keyboard('{Control>}k{/Control}');
    expect(ran).toEqual(['close', 'palette']);

    // A modal open: its keys are its own, the inbox behind it does nothing.
    const modal = document.createElement('div');
    modal.setAttribute('aria-modal', 'true');
    document.body.append(modal);
    screen.getByRole('button', { name: 'Elsewhere' }).focus();
    await user.keyboard('e');
    expect(ran).toEqual(['close', 'palette']);
    modal.remove();
    await user.keyboard('e');
    expect(ran).toEqual(['close', 'palette', 'close']);
    stop();
  });

  it('an action not enabled, or whose screen went, does not run; a later registration takes over', () => {
    const ran: string[] = [];
    let selected = false;
    const first = registerActions({
      'conversation.close': { run: () => ran.push('first'), enabled: () => selected },
    });
    expect(runAction('conversation.close')).toBe(false);
    selected = true;
    expect(runAction('conversation.close')).toBe(true);
    const second = registerActions({ 'conversation.close': { run: () => ran.push('second') } });
    runAction('conversation.close');
    // The first screen leaving does not take the second's handler with it.
    first();
    runAction('conversation.close');
    second();
    expect(runAction('conversation.close')).toBe(false);
    expect(ran).toEqual(['first', 'second', 'second']);
  });
});
