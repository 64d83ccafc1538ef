// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { preloadScreens } from '../../../renderer/screens/lazy-screens.js';
import { registerActions } from '../../../renderer/actions/index.js';
import { Overlays } from '../../../renderer/screens/overlays/overlays.js';
import { useUiStore } from '../../../renderer/stores/ui-store.js';
import { useViewsStore } from '../../../renderer/stores/views-store.js';
import { useWorkspaceStore } from '../../../renderer/stores/workspace-store.js';
import '../support/cleanup.js';

// The screens' code, loaded as the app does once its first rows are painted (main.tsx).
beforeAll(() => preloadScreens());

beforeAll(() => {
  // jsdom lays nothing out: cmdk keeps the selected item in view, and measures nothing else.
  Element.prototype.scrollIntoView = () => undefined;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

describe('the command palette', () => {
  it('opens with Ctrl+K over the app, lists every action that can run with its keys, and runs one', async () => {
    const user = userEvent.setup();
    useUiStore.setState({ overlay: null, theme: 'system' });
    useViewsStore.getState().select({ kind: 'view', id: 'unassigned' });
    useWorkspaceStore.setState({
      mailboxes: [{ id: 'a1', name: 'Billing', email: 'billing@example.com', unread: 0 }],
    });
    const closed: string[] = [];
    const stop = registerActions({
      'conversation.close': { run: () => closed.push('closed') },
      'conversation.reopen': { run: () => undefined, enabled: () => false },
    });
    // The app mounts the keys (app.tsx); here the test's own listener does.
    const { useActionKeys } = await import('../../../renderer/actions/index.js');
    function Keys() {
      useActionKeys();
      return null;
    }
    render(
      <>
        <Keys />
        <Overlays />
      </>,
    );
    await user.keyboard('{Control>}k{/Control}');
    const palette = screen.getByRole('dialog', { name: 'Command palette' });
    const input = within(palette).getByRole('combobox');
    expect(document.activeElement).toBe(input);
    const option = (name: RegExp | string) => within(palette).getByRole('option', { name });

    // The inbox's action (registered by its screen) with its key; the overlays' own ones.
    expect(option(/Close conversation/).textContent).toContain('e');
    expect(option(/Search mail and notes/).textContent).toContain('/');
    expect(option(/Go to Mine/)).toBeTruthy();
    expect(option(/Mailbox: Billing/)).toBeTruthy();
    // Offered, but not for what is on screen.
    expect(option(/Reopen conversation/).getAttribute('aria-disabled')).toBe('true');
    // Not registered by any screen here: not offered.
    expect(within(palette).queryByRole('option', { name: /Reply all/ })).toBeNull();

    // Fuzzy: letters in order, not a substring.
    await user.keyboard('clsconv');
    expect(within(palette).getByRole('option', { selected: true }).textContent).toContain(
      'Close conversation',
    );
    await user.keyboard('{Enter}');
    expect(closed).toEqual(['closed']);
    expect(useUiStore.getState().overlay).toBeNull();

    // The best match is highlighted, whatever its group: "search" loosely matches Close
    // conversation (its keywords "…archive resolve"), in a group above Search's.
    await user.keyboard('{Control>}k{/Control}');
    await user.keyboard('search');
    expect(
      within(screen.getByRole('dialog', { name: 'Command palette' })).getByRole('option', {
        selected: true,
      }).textContent,
    ).toContain('Search mail and notes');
    await user.keyboard('{Escape}');

    // A view, and the theme, from the palette.
    await user.keyboard('{Control>}k{/Control}');
    await user.keyboard('go mine{Enter}');
    expect(useViewsStore.getState().selected).toEqual({ kind: 'view', id: 'mine' });
    await user.keyboard('{Control>}k{/Control}');
    await user.keyboard('theme dark{Enter}');
    expect(useUiStore.getState().theme).toBe('dark');

    // Ctrl+K again closes it; so does Esc.
    await user.keyboard('{Control>}k{/Control}');
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).not.toBeNull();
    await user.keyboard('{Control>}k{/Control}');
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull();
    act(() => useUiStore.getState().openOverlay('palette'));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull();
    stop();
  });

  it('the shortcut help lists the keyboard contract', async () => {
    const user = userEvent.setup();
    useUiStore.setState({ overlay: 'shortcuts' });
    render(<Overlays />);
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const text = help.textContent ?? '';
    for (const title of ['Next conversation', 'Assign to…', 'Reply all', 'Command palette'])
      expect(text).toContain(title);
    expect(within(help).getByText('Reply all').nextElementSibling?.textContent).toBe('R');
    expect(within(help).getByText('Command palette').nextElementSibling?.textContent).toBe('CtrlK');
    await user.keyboard('{Escape}');
    expect(useUiStore.getState().overlay).toBeNull();
  });
});
