import { afterEach, describe, expect, it, vi } from 'vitest';
import { OptimisticChanges, withChanges } from '../../renderer/bridge/optimistic-changes.js';
import { createReloader } from '../../renderer/bridge/reloader.js';
import { connectionStatus } from '../../renderer/bridge/connection-bridge.js';
import { snoozePresets } from '../../renderer/model/snooze-presets.js';
import { matchesFilter, selectionFilter, VIEW_FILTERS } from '../../renderer/model/view-filters.js';
import { rowModel, SNIPPET_DRAWN } from '../../renderer/screens/inbox/row-model.js';
import { ListRows } from '../../renderer/model/list-rows.js';
import { LOADING } from '../../renderer/stores/load-state.js';
import { useConversationsStore } from '../../renderer/stores/conversations-store.js';
import { listItem as item } from './support/fake-app-link.js';

/* The inbox's plain logic: reloads, changes shown ahead of the app, filters, the cursor, snoozes. */

afterEach(() => {
  vi.useRealTimers();
});

describe('createReloader', () => {
  it('makes a burst of asks one load, and never runs two at once (one more after, if asked meanwhile)', async () => {
    vi.useFakeTimers();
    let loads = 0;
    let finish: (() => void) | undefined;
    const reloader = createReloader(
      () =>
        new Promise<void>((resolve) => {
          loads += 1;
          finish = resolve;
        }),
      100,
    );
    for (let i = 0; i < 5; i++) reloader.soon();
    expect(loads).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(loads).toBe(1);
    // Asked twice while it runs: one load more, after it.
    reloader.now();
    reloader.now();
    expect(loads).toBe(1);
    finish!();
    await vi.advanceTimersByTimeAsync(0);
    expect(loads).toBe(2);
    finish!();
    await vi.advanceTimersByTimeAsync(1000);
    expect(loads).toBe(2);
    reloader.stop();
    reloader.soon();
    reloader.now();
    await vi.advanceTimersByTimeAsync(1000);
    expect(loads).toBe(2);
  });
});

describe('OptimisticChanges', () => {
  it('shows a change until a load that began after the app answered has been shown, by every consumer', () => {
    const changes = new OptimisticChanges(['list', 'counts']);
    const before = changes.begin();
    const key = changes.add({
      conversationId: 'a',
      before: { status: 'open', assignee: null, tags: [] },
      after: { status: 'closed', assignee: null, tags: [] },
    });
    expect(changes.pending(before).map((c) => c.key)).toEqual([key]);
    // A load that began before the answer cannot hold it.
    const during = changes.begin();
    changes.settle(key);
    expect(changes.pending(during)).toHaveLength(1);
    const after = changes.begin();
    expect(changes.pending(after)).toHaveLength(0);
    // Forgotten once both consumers have loaded past it, not before.
    changes.loaded('list', after);
    expect(changes.pending(during)).toHaveLength(1);
    changes.loaded('counts', after);
    expect(changes.pending(during)).toHaveLength(0);
  });

  it('drops a refused change, and tells its listeners', () => {
    const changes = new OptimisticChanges(['list']);
    let told = 0;
    changes.onChange(() => (told += 1));
    const key = changes.add({
      conversationId: 'a',
      before: undefined,
      after: { status: 'open', assignee: 'ben@example.com', tags: [] },
    });
    expect(withChanges([item('a'), item('b')], changes.pending(0))[0]?.assignee).toBe(
      'ben@example.com',
    );
    changes.drop(key);
    expect(changes.pending(0)).toEqual([]);
    expect(told).toBe(2);
  });
});

describe('view filters', () => {
  it('judge what a change does to a view', () => {
    const me = 'ana@example.com';
    const mine = item('a', { assignee: 'Ana@Example.com' });
    expect(matchesFilter(mine, VIEW_FILTERS.mine, me)).toBe(true);
    expect(matchesFilter(mine, VIEW_FILTERS.unassigned, me)).toBe(false);
    expect(matchesFilter(item('b'), VIEW_FILTERS.unassigned, me)).toBe(true);
    expect(matchesFilter(item('c', { status: 'closed' }), VIEW_FILTERS.open, me)).toBe(false);
    expect(matchesFilter(item('d', { tags: ['VIP'] }), { tag: 'vip' }, me)).toBe(true);
    expect(
      matchesFilter(
        item('e', { assignee: 'bo@example.com' }),
        { assignee: { email: 'BO@example.com' } },
        me,
      ),
    ).toBe(true);
  });

  it('ask for a mailbox its open conversations, for a tag every one it has, by its name', () => {
    expect(selectionFilter({ kind: 'mailbox', id: 'acc1' }, () => undefined)).toEqual({
      account: 'acc1',
      status: 'open',
    });
    expect(
      selectionFilter({ kind: 'tag', id: 't1' }, (id) => (id === 't1' ? 'Billing' : undefined)),
    ).toEqual({ tag: 'Billing' });
    // Not known yet: nothing to ask.
    expect(selectionFilter({ kind: 'tag', id: 't2' }, () => undefined)).toBeUndefined();
    expect(selectionFilter({ kind: 'view', id: 'mentions' }, () => undefined)).toEqual({
      mentioned: 'me',
    });
  });
});

describe('the list cursor', () => {
  it('stays on its conversation, and takes the next row when its own leaves', () => {
    const store = useConversationsStore;
    store.setState({ items: ListRows.EMPTY, load: LOADING, selectedId: null, openId: null });
    store.getState().setItems([item('a'), item('b'), item('c')]);
    expect(store.getState().selectedId).toBe('a');
    store.getState().select('b');
    store.getState().setItems([item('new'), item('a'), item('b'), item('c')]);
    expect(store.getState().selectedId).toBe('b');
    store.getState().setItems([item('new'), item('a'), item('c')]);
    expect(store.getState().selectedId).toBe('c');
    store.getState().setItems([item('new'), item('a')]);
    expect(store.getState().selectedId).toBe('a');
    store.getState().setItems([]);
    expect(store.getState().selectedId).toBeNull();
    // Opening from elsewhere (a notification) leaves the cursor where it is.
    store.getState().setItems([item('a')]);
    store.getState().open('elsewhere');
    expect(store.getState()).toMatchObject({ openId: 'elsewhere', selectedId: 'a' });
  });
});

describe('the Connection indicator', () => {
  it('says Offline while the page or the app cannot reach, Online otherwise (alone too)', () => {
    expect(connectionStatus('offline', 'online')).toBe('offline');
    expect(connectionStatus('connecting', null)).toBe('connecting');
    expect(connectionStatus('online', 'offline')).toBe('offline');
    expect(connectionStatus('online', 'token-refused')).toBe('offline');
    expect(connectionStatus('online', 'online')).toBe('online');
    expect(connectionStatus('online', 'solo')).toBe('online');
    expect(connectionStatus('online', 'none')).toBe('online');
  });
});

describe('snooze presets', () => {
  it('offer later today while it is the working day, then mornings at 9', () => {
    // A Wednesday, 10:07 local time.
    const morning = snoozePresets(new Date(2026, 2, 4, 10, 7));
    expect(
      morning.map((p) => [p.id, p.until.getDate(), p.until.getHours(), p.until.getMinutes()]),
    ).toEqual([
      ['later', 4, 13, 15],
      ['tomorrow', 5, 9, 0],
      ['next-week', 9, 9, 0],
      ['two-weeks', 18, 9, 0],
    ]);
    // At 21:00 "later today" would be tomorrow's night: not offered.
    expect(snoozePresets(new Date(2026, 2, 4, 21, 0)).map((p) => p.id)).toEqual([
      'tomorrow',
      'next-week',
      'two-weeks',
    ]);
    // On a Monday, next week is the Monday after.
    expect(
      snoozePresets(new Date(2026, 2, 9, 10))
        .find((p) => p.id === 'next-week')
        ?.until.getDate(),
    ).toBe(16);
  });
});

describe('a row of the list', () => {
  it('draws as much of the snippet as its line can show, not all of it', () => {
    const context = {
      members: new Map(),
      ours: new Set<string>(),
      tags: new Map(),
      presence: new Map(),
    };
    const long = 'word '.repeat(40).trim();
    expect(rowModel({ ...item('c1'), snippet: long }, context).snippet).toBe(
      long.slice(0, SNIPPET_DRAWN),
    );
    expect(rowModel({ ...item('c1'), snippet: 'Short.' }, context).snippet).toBe('Short.');
    // An emoji across the cut is left out whole, not halved.
    const emoji = `${'a'.repeat(SNIPPET_DRAWN - 1)}😀 and more`;
    expect(rowModel({ ...item('c1'), snippet: emoji }, context).snippet).toBe(
      'a'.repeat(SNIPPET_DRAWN - 1),
    );
  });
});
