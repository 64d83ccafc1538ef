// @vitest-environment jsdom
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../src/app/index.js';
import { useActionKeys } from '../../renderer/actions/index.js';
import { startBridges } from '../../renderer/bridge/start-bridges.js';
import { PAGE_SIZE } from '../../renderer/bridge/list-pages.js';
import { ROW_HEIGHT } from '../../renderer/screens/inbox/conversation-row.js';
import { InboxList } from '../../renderer/screens/inbox/inbox-list.js';
import { ListRows } from '../../renderer/model/list-rows.js';
import { LOADING } from '../../renderer/stores/load-state.js';
import { useConversationsStore } from '../../renderer/stores/conversations-store.js';
import { useInboxStore } from '../../renderer/stores/inbox-store.js';
import { useToastStore } from '../../renderer/stores/toast-store.js';
import { useViewsStore } from '../../renderer/stores/views-store.js';
import { useWorkspaceStore } from '../../renderer/stores/workspace-store.js';
import { until } from '../helpers/wait.js';
import { FakeAppLink, listItem, type FakeWorkspace } from './support/fake-app-link.js';
import './support/cleanup.js';

/*
 * The inbox's list as a person meets it: a listbox of conversations, moved through and triaged
 * from the keyboard, over the bridges and a page's link that answers from a workspace in memory.
 */

const ANA = {
  id: 'm1',
  name: 'Ana Lima',
  email: 'ana@acme.test',
  role: 'admin' as const,
  permissions: {},
  defaultPermission: 'full-access' as const,
};
const BO = {
  id: 'm2',
  name: 'Bo Chen',
  email: 'bo@acme.test',
  role: 'agent' as const,
  permissions: {},
  defaultPermission: 'full-access' as const,
};

function workspace(count = 3): FakeWorkspace {
  return {
    me: ANA,
    members: [ANA, BO],
    tags: [{ id: 't1', name: 'Billing', color: '#e8590c' }],
    conversations: Array.from({ length: count }, (_, i) =>
      listItem(`c${i}`, { subject: `Question ${i}` }),
    ),
    presence: [],
  };
}

/** The inbox as the app mounts it: the list, and the one listener of the actions' keys. */
function Inbox() {
  useActionKeys();
  return <InboxList />;
}

let stop: (() => void) | undefined;

function start(link: FakeAppLink) {
  stop = startBridges(link);
  render(<Inbox />);
}

const listbox = () => screen.getByRole('listbox', { name: 'Conversations' });
const firstOption = () => within(listbox()).queryAllByRole('option')[0];

/** A link whose lists never come: the app cannot be reached (a page served without it). */
class UnreachableLink extends FakeAppLink {
  override call<M extends MethodName>(
    method: M,
    params?: MethodInput<M>,
  ): Promise<MethodOutput<M>> {
    if (method !== 'mail.conversations') return super.call(method, params);
    this.calls.push({ method, params });
    return Promise.reject(Object.assign(new Error('unreachable'), { code: 'unreachable' }));
  }
}

/** A link whose lists can be held back (an app busy elsewhere), then answered. */
class HeldLink extends FakeAppLink {
  private gate: Promise<void> | null = null;
  private open = () => {};
  private waiting = 0;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.gate = null;
    this.open();
  }

  /** No list asked for is still unanswered. */
  settled(): boolean {
    return this.waiting === 0;
  }

  override call<M extends MethodName>(
    method: M,
    params?: MethodInput<M>,
  ): Promise<MethodOutput<M>> {
    if (method !== 'mail.conversations') return super.call(method, params);
    this.waiting += 1;
    const answer = async () => {
      if (this.gate) await this.gate;
      return super.call(method, params);
    };
    return answer().finally(() => (this.waiting -= 1));
  }
}
const selectedText = () =>
  within(listbox())
    .getAllByRole('option')
    .find((option) => option.getAttribute('aria-selected') === 'true')?.textContent;

// jsdom lays nothing out: the list's scroller is given a window's size, its rows their height.
const sizes = Object.getOwnPropertyDescriptors(HTMLElement.prototype);
beforeAll(() => {
  const sized = (px: number) => ({
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('conversation-list') ? px : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', sized(640));
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', sized(400));
});

afterAll(() => {
  Object.defineProperty(
    HTMLElement.prototype,
    'clientHeight',
    sizes.clientHeight ?? Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!,
  );
  Object.defineProperty(
    HTMLElement.prototype,
    'clientWidth',
    sizes.clientWidth ?? Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth')!,
  );
});

beforeEach(() => {
  useViewsStore.setState({ selected: { kind: 'view', id: 'unassigned' }, counts: null });
  useConversationsStore.setState({
    items: ListRows.EMPTY,
    load: LOADING,
    selectedId: null,
    openId: null,
  });
  useToastStore.setState({ toasts: [] });
  useInboxStore.setState({ picker: null });
});

afterEach(() => {
  stop?.();
  stop = undefined;
});

describe('the conversation list', () => {
  it('is a listbox of options, each saying its subject, its sender, snippet, assignee, tags and who is on it', async () => {
    const data = workspace();
    data.conversations[0] = listItem('c0', {
      subject: 'Refund never arrived',
      participants: ['judy@customer.example', 'support@acme.test'],
      from: { name: 'Judy Alvarez', email: 'judy@customer.example' },
      snippet: 'It has been two weeks since you said the refund was on its way.',
      unread: true,
      assignee: 'bo@acme.test',
      tags: ['Billing'],
      status: 'open',
    });
    // A sender with no name is named by address; a teammate by the team's name for them.
    data.conversations[1] = listItem('c1', {
      from: { name: '', email: 'noname@customer.example' },
    });
    data.conversations[2] = listItem('c2', { from: { name: '', email: 'ana@acme.test' } });
    data.presence = [{ member: BO, viewing: 'c0', typing: null }];
    useViewsStore.setState({ selected: { kind: 'view', id: 'open' } });
    start(new FakeAppLink(data));
    await until('the rows', () => screen.queryAllByRole('option').length === 3);
    // The team's directory comes after the first rows are painted (bridge/after-first-rows.ts).
    await until('the team’s names', () => screen.queryByText('Ana Lima') !== null);
    const first = within(listbox()).getAllByRole('option')[0]!;
    expect(first.getAttribute('aria-selected')).toBe('true');
    expect(first.getAttribute('aria-setsize')).toBe('3');
    expect(first.textContent).toContain('Refund never arrived');
    // Unread: the row says so, and its sender's name is drawn bold (conversation-list.css).
    expect(first.textContent).toContain('unread');
    expect(first.getAttribute('data-unread')).toBe('true');
    const sender = first.querySelector('.conversation-row__who')!;
    expect(sender.textContent).toBe('Judy Alvarez');
    expect(sender.getAttribute('title')).toBe('judy@customer.example');
    expect(first.querySelector('.conversation-row__snippet')?.textContent).toBe(
      'It has been two weeks since you said the refund was on its way.',
    );
    const [, second, third] = within(listbox()).getAllByRole('option');
    expect(second!.querySelector('.conversation-row__who')?.textContent).toBe(
      'noname@customer.example',
    );
    expect(second!.getAttribute('data-unread')).toBeNull();
    expect(third!.querySelector('.conversation-row__who')?.textContent).toBe('Ana Lima');
    expect(first.textContent).toContain('Billing');
    expect(first.textContent).toContain('assigned to Bo Chen');
    expect(first.textContent).toContain('Bo Chen is viewing');
    expect(listbox().getAttribute('aria-activedescendant')).toBe(first.id);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('All open');
  });

  it('moves with j/k, opens with Enter or a click, goes back with u; e closes and m takes it, at once', async () => {
    const user = userEvent.setup();
    const link = new FakeAppLink(workspace());
    start(link);
    await until('the rows', () => screen.queryAllByRole('option').length === 3);
    expect(selectedText()).toContain('Question 0');
    await user.keyboard('j');
    expect(selectedText()).toContain('Question 1');
    await user.keyboard('jjj');
    expect(selectedText()).toContain('Question 2');
    await user.keyboard('k');
    expect(selectedText()).toContain('Question 1');

    await user.keyboard('{Enter}');
    expect(useConversationsStore.getState().openId).toBe('c1');
    // Open, j moves and opens the next one, as a reader goes through the inbox.
    await user.keyboard('j');
    expect(useConversationsStore.getState().openId).toBe('c2');
    await user.keyboard('u');
    expect(useConversationsStore.getState().openId).toBeNull();
    expect(document.activeElement).toBe(listbox());
    await user.click(screen.getByText('Question 0'));
    expect(useConversationsStore.getState().openId).toBe('c0');
    await user.keyboard('o');
    expect(useConversationsStore.getState().openId).toBe('c0');

    // e on the open conversation: it leaves Unassigned at once, and the next one opens.
    await user.keyboard('e');
    expect(screen.queryByText('Question 0')).toBeNull();
    expect(useConversationsStore.getState().openId).toBe('c1');
    expect(link.calls.filter((c) => c.method === 'triage.setStatus')).toEqual([
      { method: 'triage.setStatus', params: { conversationId: 'c0', status: 'closed' } },
    ]);
    // m: assigned to me, out of Unassigned at once.
    await user.keyboard('m');
    expect(screen.queryByText('Question 1')).toBeNull();
    expect(link.calls.some((c) => c.method === 'triage.assign')).toBe(true);
    expect(useToastStore.getState().toasts.map((t) => t.title)).toEqual([
      'Closed',
      'Assigned to you',
    ]);
    // The app's change events confirm: the list loaded again after them stays as shown.
    const assigned = link.calls.findIndex((c) => c.method === 'triage.assign');
    await until('a reload after the change', () =>
      link.calls.slice(assigned).some((c) => c.method === 'mail.conversations'),
    );
    await act(() => Promise.resolve());
    expect(screen.queryAllByRole('option')).toHaveLength(1);
    expect(selectedText()).toContain('Question 2');
  });

  it('assigns, tags and snoozes through pickers: type to narrow, Enter to pick, Esc to close', async () => {
    const user = userEvent.setup();
    const link = new FakeAppLink(workspace());
    start(link);
    await until('the rows', () => screen.queryAllByRole('option').length === 3);
    await until('the workspace', () => useWorkspaceStore.getState().teammates.length === 2);

    await user.keyboard('a');
    const assign = screen.getByRole('dialog', { name: 'Assign' });
    const teammates = within(assign).getByRole('listbox', { name: 'Teammates' });
    const label = (option: HTMLElement) => option.querySelector('.picker__label')?.textContent;
    expect(within(teammates).getAllByRole('option').map(label)).toEqual([
      'Ana Lima (you)',
      'Bo Chen',
    ]);
    expect(document.activeElement).toBe(within(assign).getByRole('combobox'));
    await user.keyboard('bo{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByText('Question 0')).toBeNull();
    expect(link.calls.find((c) => c.method === 'triage.assign')?.params).toEqual({
      conversationId: 'c0',
      to: { email: 'bo@acme.test' },
    });

    await user.keyboard('t');
    expect(screen.getByRole('dialog', { name: 'Tag' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.keyboard('t');
    await user.keyboard('Urgent{Enter}');
    expect(link.calls.find((c) => c.method === 'triage.tag')?.params).toEqual({
      conversationId: 'c1',
      add: ['Urgent'],
    });

    await user.keyboard('s');
    const snooze = screen.getByRole('dialog', { name: 'Snooze' });
    expect(
      within(snooze)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toContain(
      within(snooze)
        .getAllByRole('option')
        .find((o) => o.textContent?.startsWith('Tomorrow'))?.textContent,
    );
    await user.keyboard('tomorrow{Enter}');
    const snoozed = link.calls.find((c) => c.method === 'triage.setStatus')?.params as {
      status: string;
      snoozedUntil: string;
    };
    expect(snoozed.status).toBe('snoozed');
    const until9 = new Date(snoozed.snoozedUntil);
    expect([until9.getHours(), until9.getMinutes()]).toEqual([9, 0]);
  });

  it('asks once for a page the app cannot answer (not again and again: the page would hang)', async () => {
    const link = new UnreachableLink(workspace());
    start(link);
    await until('the counts asked too', () =>
      link.calls.some((call) => call.method === 'mail.counts'),
    );
    await until('a moment later', () => link.calls.length >= 3);
    const lists = () => link.calls.filter((call) => call.method === 'mail.conversations');
    expect(lists()).toHaveLength(1);
    expect(useConversationsStore.getState().load.status).toBe('loading');
  });

  it('pages 100 000 conversations: the first page at once, placeholders for the rest, the pages in view as it scrolls', async () => {
    const link = new HeldLink(workspace(100_000));
    start(link);
    await until('the first page', () => screen.queryByText('Question 0') !== null);
    expect(link.asked[0]).toMatchObject({ offset: 0, limit: PAGE_SIZE });
    // The view's count (mail.counts) sizes the list: a row per conversation.
    await until('the total', () => firstOption()?.getAttribute('aria-setsize') === '100000');
    // 640 px of rows, and the overscan: a screenful, not the list.
    expect(within(listbox()).getAllByRole('option').length).toBeLessThan(40);
    expect(screen.getByRole('heading', { level: 1 }).nextSibling?.textContent).toContain(
      '100,000 conversations',
    );

    // Scrolled to the end while the app is slow: placeholders there at once, in their place.
    link.hold();
    const scroller = listbox();
    const bottom = 100_000 * ROW_HEIGHT - 640;
    Object.defineProperty(scroller, 'scrollTop', {
      configurable: true,
      writable: true,
      value: bottom,
    });
    fireEvent.scroll(scroller);
    await until('the placeholders', () =>
      within(listbox())
        .queryAllByRole('option')
        .some((option) => option.getAttribute('aria-posinset') === '100000'),
    );
    const last = () =>
      within(listbox())
        .getAllByRole('option')
        .find((option) => option.getAttribute('aria-posinset') === '100000')!;
    expect(last().getAttribute('aria-disabled')).toBe('true');
    expect(last().style.transform).toBe(`translateY(${99_999 * ROW_HEIGHT}px)`);
    expect(screen.queryByText('Question 0')).toBeNull();

    // The page holding them is asked for (not the 498 passed on the way), and fills them.
    link.release();
    await until('the last row', () => screen.queryByText('Question 99999') !== null);
    expect(last().textContent).toContain('Question 99999');
    expect(last().style.transform).toBe(`translateY(${99_999 * ROW_HEIGHT}px)`);
    const offsets = link.asked.map((asked) => asked.offset);
    const lastPage = 100_000 - PAGE_SIZE;
    expect(offsets).toContain(lastPage);
    expect(offsets.length).toBeLessThan(6);

    // A change reloads the pages in view, not the list.
    const before = link.asked.length;
    act(() =>
      link.emit({ type: 'conversations.changed', conversationIds: ['c99999'], source: 'team' }),
    );
    await until('the reload', () => link.asked.length > before);
    await until('the reloads done', () => link.settled());
    // The last rows' page and the one before it (the rows loaded ahead of the view, upwards).
    expect(link.asked.slice(before).map((asked) => asked.offset)).toEqual([
      lastPage - PAGE_SIZE,
      lastPage,
    ]);
  });

  it('takes no pointer on its rows while it scrolls; a click then picks the row under it', async () => {
    const link = new FakeAppLink(workspace(1_000));
    start(link);
    await until('the first page', () => screen.queryByText('Question 0') !== null);
    const scroller = listbox();
    Object.defineProperty(scroller, 'scrollTop', {
      configurable: true,
      writable: true,
      value: 10 * ROW_HEIGHT,
    });
    fireEvent.scroll(scroller);
    expect(scroller.hasAttribute('data-scrolling')).toBe(true);
    // On the scrollbar, beside the rows (the list is 400 px wide): nothing is picked.
    fireEvent.click(scroller, { clientX: 405, clientY: 2.5 * ROW_HEIGHT });
    expect(useConversationsStore.getState().openId).toBeNull();
    // The click reaches the list, not a row: the row drawn 2½ rows down its view (row 12).
    fireEvent.click(scroller, { clientX: 100, clientY: 2.5 * ROW_HEIGHT });
    expect(useConversationsStore.getState().openId).toBe('c12');
    await until('the scroll settled', () => !scroller.hasAttribute('data-scrolling'));
    // Settled, a click on the list itself (not on a row) picks nothing.
    fireEvent.click(scroller, { clientX: 100, clientY: 4.5 * ROW_HEIGHT });
    expect(useConversationsStore.getState().openId).toBe('c12');
  });

  it('draws a page that came after the list scrolled past it, once scrolled back to', async () => {
    const link = new HeldLink(workspace(100_000));
    start(link);
    await until('the first page', () => screen.queryByText('Question 0') !== null);
    await until('the total', () => firstOption()?.getAttribute('aria-setsize') === '100000');
    const scrollTo = (top: number) => {
      Object.defineProperty(listbox(), 'scrollTop', {
        configurable: true,
        writable: true,
        value: top,
      });
      fireEvent.scroll(listbox());
    };
    // Down to the end and back before the end's page comes: it arrives out of view.
    link.hold();
    scrollTo(100_000 * ROW_HEIGHT - 640);
    await until('the end asked', () => !link.settled());
    scrollTo(0);
    await until('the top again', () => screen.queryByText('Question 0') !== null);
    link.release();
    await until('the end answered', () => link.settled());
    const asked = link.asked.length;
    // Back at the end: its rows are drawn from the page that came, not asked for again.
    scrollTo(100_000 * ROW_HEIGHT - 640);
    await until('the last row', () => screen.queryByText('Question 99999') !== null);
    expect(link.asked.length).toBe(asked);
  });
});
