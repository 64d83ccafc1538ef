// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ListPane } from '../../renderer/layout/list-pane.js';
import { Sidebar, type SidebarProps } from '../../renderer/layout/sidebar/sidebar.js';
import { LOADING, READY } from '../../renderer/stores/load-state.js';
import './support/cleanup.js';

const VIEW_NAMES = ['Unassigned', 'Mine', 'All open', 'Pending', 'Snoozed', 'Closed', 'Mentions'];

function sidebar(overrides: Partial<SidebarProps> = {}): SidebarProps {
  return {
    workspace: { name: 'Acme Support', load: READY },
    me: { name: 'Ana Lima', email: 'ana@acme.test' },
    selected: { kind: 'view', id: 'unassigned' },
    counts: null,
    onSelect: () => {},
    mailboxes: [{ id: 'a1', name: 'Support', email: 'support@acme.test', unread: 4 }],
    tags: [{ id: 'g1', name: 'Billing', color: '#2f9e44' }],
    teammates: [
      {
        member: {
          id: 'm2',
          name: 'Bo Chen',
          email: 'bo@acme.test',
          role: 'agent',
          permissions: {},
          defaultPermission: 'full-access',
        },
        presence: 'online',
      },
    ],
    connection: 'online',
    theme: 'system',
    onThemeChange: () => {},
    onOpenSearch: () => {},
    onOpenSettings: () => {},
    ...overrides,
  };
}

describe('Sidebar', () => {
  it('names the views exactly, marks the current one, and says counts as descriptions', () => {
    render(<Sidebar {...sidebar({ counts: { mine: 3, unassigned: 12 } })} />);
    const views = screen.getByRole('navigation', { name: 'Views' });
    const buttons = within(views).getAllByRole('button');
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(VIEW_NAMES);
    for (const name of VIEW_NAMES) within(views).getByRole('button', { name });
    const mine = within(views).getByRole('button', {
      name: 'Mine',
      description: '3 conversations',
    });
    expect(mine.getAttribute('aria-current')).toBeNull();
    expect(
      within(views).getByRole('button', { name: 'Unassigned' }).getAttribute('aria-current'),
    ).toBe('page');
  });

  it('selects a view, a mailbox or a tag, from the mouse or the keyboard', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<Sidebar {...sidebar({ onSelect })} />);
    await user.click(screen.getByRole('button', { name: 'Pending' }));
    expect(onSelect).toHaveBeenLastCalledWith({ kind: 'view', id: 'pending' });
    within(screen.getByRole('navigation', { name: 'Mailboxes' }))
      .getByRole('button', { name: 'Support', description: '4 unread' })
      .focus();
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenLastCalledWith({ kind: 'mailbox', id: 'a1' });
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Billing' }));
    await user.keyboard(' ');
    expect(onSelect).toHaveBeenLastCalledWith({ kind: 'tag', id: 'g1' });
  });

  it('says the connection in words, and who is online', () => {
    render(<Sidebar {...sidebar({ connection: 'offline' })} />);
    expect(screen.getByRole('group', { name: 'Connection' }).textContent).toBe('Offline');
    const teammates = screen.getByRole('region', { name: 'Teammates' });
    const bo = within(teammates).getByRole('listitem');
    expect(within(bo).getByText('Bo Chen')).toBeTruthy();
    expect(within(bo).getByText(', online').className).toBe('visually-hidden');
    // The avatar beside the name is not said again.
    expect(within(bo).queryByRole('img')).toBeNull();
  });

  it('while loading shows placeholders, no invented names, and the views all the same', () => {
    render(
      <Sidebar
        {...sidebar({
          workspace: { name: null, load: LOADING },
          me: null,
          mailboxes: [],
          tags: [],
          teammates: [],
          connection: 'connecting',
        })}
      />,
    );
    expect(
      within(screen.getByRole('navigation', { name: 'Views' })).getAllByRole('button'),
    ).toHaveLength(7);
    const mailboxes = screen.getByRole('navigation', { name: 'Mailboxes' });
    expect(mailboxes.querySelector('[aria-busy="true"]')).not.toBeNull();
    expect(within(mailboxes).queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByRole('group', { name: 'Connection' }).textContent).toBe('Connecting…');
  });

  it('ready and empty: each section says what would be there', () => {
    render(<Sidebar {...sidebar({ mailboxes: [], tags: [], teammates: [] })} />);
    expect(screen.getByText('No shared mailboxes yet.')).toBeTruthy();
    expect(screen.getByText('No tags yet.')).toBeTruthy();
    expect(screen.getByText('Just you so far.')).toBeTruthy();
  });
});

describe('ListPane', () => {
  const empty = { title: 'Nothing pending', description: 'Waiting on customers lands here.' };

  it('is a region named by its heading; busy while loading, with no rows', () => {
    render(<ListPane title="Pending" count={null} load={LOADING} isEmpty empty={empty} />);
    const pane = screen.getByRole('region', { name: 'Pending' });
    expect(within(pane).getByRole('heading', { level: 1, name: 'Pending' })).toBeTruthy();
    expect(pane.querySelector('[aria-busy="true"]')).not.toBeNull();
    expect(within(pane).queryByText(empty.title)).toBeNull();
  });

  it('empty: says what the view holds; ready: shows the list given', () => {
    const { rerender } = render(
      <ListPane title="Pending" count={0} load={READY} isEmpty empty={empty} />,
    );
    expect(screen.getByText('Nothing pending')).toBeTruthy();
    expect(screen.getByText('0 conversations')).toBeTruthy();
    rerender(
      <ListPane title="Pending" count={1} load={READY} isEmpty={false} empty={empty}>
        <div role="listbox" aria-label="Conversations" />
      </ListPane>,
    );
    expect(screen.getByRole('listbox', { name: 'Conversations' })).toBeTruthy();
    expect(screen.getByText('1 conversation')).toBeTruthy();
    expect(screen.queryByText('Nothing pending')).toBeNull();
  });

  it('failed: says why', () => {
    render(
      <ListPane
        title="Mine"
        count={null}
        load={{ status: 'error', message: 'The cache could not be read.' }}
        isEmpty
        empty={empty}
      />,
    );
    expect(screen.getByText('The cache could not be read.')).toBeTruthy();
  });
});
