// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { preloadScreens } from '../../renderer/screens/lazy-screens.js';
import { App } from '../../renderer/app.js';
import { useToastStore } from '../../renderer/stores/toast-store.js';
import { useUiStore } from '../../renderer/stores/ui-store.js';
import { useWorkspaceStore } from '../../renderer/stores/workspace-store.js';
import { applyTheme } from '../../renderer/theme/apply-theme.js';
import './support/cleanup.js';

// The screens' code, loaded as the app does once its first rows are painted (main.tsx).
beforeAll(() => preloadScreens());

describe('App (the shell over the stores)', () => {
  it('fills the panes from the stores: views, the list heading, toasts, theme', async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Reading pane' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Unassigned');

    await user.click(screen.getByRole('button', { name: 'Snoozed' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Snoozed');

    act(() => {
      useWorkspaceStore.getState().setWorkspace({
        name: 'Acme Support',
        me: { name: 'Ana Lima', email: 'ana@acme.test' },
        mailboxes: [{ id: 'a1', name: 'Billing desk', email: 'billing@acme.test', unread: null }],
        tags: [],
        teammates: [],
      });
    });
    await user.click(screen.getByRole('button', { name: 'Billing desk' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Billing desk');

    act(() => {
      useToastStore.getState().show({ title: 'Assigned to you', durationMs: null });
    });
    expect(screen.getByRole('status', { name: 'Notifications' }).textContent).toContain(
      'Assigned to you',
    );

    // The theme button: system → light → dark, on <html>, and remembered on this device.
    await user.click(screen.getByRole('button', { name: /^Theme: system/ }));
    expect(document.documentElement.dataset.theme).toBe('light');
    await user.click(screen.getByRole('button', { name: /^Theme: light/ }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(JSON.parse(localStorage.getItem('switchboard.ui') ?? '{}')).toMatchObject({
      state: { theme: 'dark' },
    });
    await user.click(screen.getByRole('button', { name: /^Theme: dark/ }));
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });

  it('opens the right panel from its store, and its close button hides it', async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(screen.queryByRole('complementary', { name: 'Contact' })).toBeNull();
    act(() => useUiStore.getState().toggleRightPanel());
    const panel = screen.getByRole('complementary', { name: 'Contact' });
    await user.click(within(panel).getByRole('button', { name: 'Hide contact panel' }));
    expect(screen.queryByRole('complementary', { name: 'Contact' })).toBeNull();
  });

  it('applyTheme: an explicit theme is an attribute, the system one none', () => {
    const root = document.createElement('html');
    applyTheme('dark', root);
    expect(root.getAttribute('data-theme')).toBe('dark');
    applyTheme('system', root);
    expect(root.hasAttribute('data-theme')).toBe(false);
  });
});
