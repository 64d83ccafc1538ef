import { describe, expect, it } from 'vitest';
import {
  emptyPages,
  MAX_LOADED_PAGES,
  pageHolding,
  PAGE_SIZE,
  pagesFor,
  rowsOf,
  withPage,
  type ListedPages,
} from '../../renderer/bridge/list-pages.js';
import type { OptimisticChange } from '../../renderer/bridge/optimistic-changes.js';
import { listItem } from './support/fake-app-link.js';

/*
 * The list's pages put together (renderer/bridge/list-pages.ts): which pages the rows in view
 * need, where each page's rows go, and what the changes made here do to the rows after them.
 */

const page = (index: number, length = PAGE_SIZE, mark = 1) => ({
  items: Array.from({ length }, (_, i) => listItem(`c${index * PAGE_SIZE + i}`)),
  mark,
});

const none = { pending: () => [], keeps: () => true, count: undefined };

function closed(conversationId: string): OptimisticChange {
  return {
    key: 1,
    conversationId,
    before: { status: 'open', assignee: null, tags: [] },
    after: { status: 'closed', assignee: null, tags: [] },
    settledTick: null,
  };
}

describe('the pages of a list', () => {
  it('are the ones of the rows in view and a margin, none past the list’s end', () => {
    expect(pagesFor({ start: 0, end: 0 }, 0)).toEqual([0]);
    // Pages of 100 rows; 100 rows of margin each way.
    expect(PAGE_SIZE).toBe(100);
    expect(pagesFor({ start: 0, end: 12 }, 100_000)).toEqual([0, 1]);
    expect(pagesFor({ start: 190, end: 210 }, 100_000)).toEqual([0, 1, 2, 3]);
    expect(pagesFor({ start: 99_980, end: 100_000 }, 100_000)).toEqual([998, 999]);
    expect(pagesFor({ start: 450, end: 460 }, 100_000)).toEqual([3, 4, 5]);
  });

  it('put each page at its place, holes between, as long as the view’s count', () => {
    let listed: ListedPages = withPage(emptyPages(), 0, page(0));
    listed = withPage(listed, 3, page(3));
    const rows = rowsOf(listed, { ...none, count: 100_000 });
    expect(rows).toHaveLength(100_000);
    expect(rows.at(0)?.id).toBe('c0');
    expect(rows.at(PAGE_SIZE)).toBeUndefined();
    expect(rows.at(3 * PAGE_SIZE)?.id).toBe(`c${3 * PAGE_SIZE}`);
    expect(rows.at(99_999)).toBeUndefined();
  });

  it('keep so many pages loaded, letting go of the ones farthest from the page that arrived', () => {
    let listed: ListedPages = emptyPages();
    for (let index = 0; index < MAX_LOADED_PAGES; index += 1)
      listed = withPage(listed, index, page(index));
    expect(listed.pages.size).toBe(MAX_LOADED_PAGES);
    // A jump far down the list: the top's first page goes.
    listed = withPage(listed, 300, page(300));
    expect(listed.pages.size).toBe(MAX_LOADED_PAGES);
    expect([...listed.pages.keys()].sort((a, b) => a - b)).toEqual([
      ...Array.from({ length: MAX_LOADED_PAGES - 1 }, (_, i) => i + 1),
      300,
    ]);
    const rows = rowsOf(listed, { ...none, count: 100_000 });
    expect(rows.at(0)).toBeUndefined();
    expect(rows.at(300 * PAGE_SIZE)?.id).toBe(`c${300 * PAGE_SIZE}`);
    // Back at the top: the far page is the one let go.
    listed = withPage(listed, 0, page(0));
    expect(listed.pages.has(300)).toBe(false);
    expect(listed.pages.has(0)).toBe(true);
    // A page of a place scrolled past arrives late, the rows in view being at the top: the
    // pages kept are the top's.
    const late = withPage(listed, 400, page(400), { near: 0 });
    expect(late.pages.has(400)).toBe(false);
    expect(late.pages).toEqual(listed.pages);
  });

  it('keep the cursor’s page, however far the list scrolled from it', () => {
    let listed: ListedPages = emptyPages();
    for (let index = 0; index < MAX_LOADED_PAGES; index += 1)
      listed = withPage(listed, index, page(index));
    const cursor = `c${PAGE_SIZE + 7}`;
    expect(pageHolding(listed, cursor)).toBe(1);
    expect(pageHolding(listed, null)).toBeUndefined();
    // Far down, two pages arrive: the farthest go, but not the cursor's.
    listed = withPage(listed, 300, page(300), { keep: 1 });
    listed = withPage(listed, 301, page(301), { near: 300, keep: 1 });
    expect(listed.pages.size).toBe(MAX_LOADED_PAGES);
    expect(listed.pages.has(0)).toBe(false);
    expect(listed.pages.has(1)).toBe(true);
    expect(listed.pages.has(2)).toBe(false);
    expect(rowsOf(listed, { ...none, count: 100_000 }).indexOf(cursor)).toBe(PAGE_SIZE + 7);
    expect(pageHolding(listed, 'c0')).toBeUndefined();
  });

  it('end where a short page ends, whatever the count says, and else leave room for one more page', () => {
    const short = withPage(withPage(emptyPages(), 0, page(0)), 1, page(1, 40));
    expect(short.end).toBe(PAGE_SIZE + 40);
    expect(rowsOf(short, { ...none, count: 5_000 })).toHaveLength(PAGE_SIZE + 40);
    // No count (a mailbox, a tag): a full last page may have more after it.
    expect(rowsOf(withPage(emptyPages(), 0, page(0)), none)).toHaveLength(2 * PAGE_SIZE);
    // The list grew past where it ended: a full page there forgets the end.
    expect(withPage(short, 1, page(1)).end).toBeNull();
  });

  it('take out a row a change here took out of the view, the rows after it moving up', () => {
    const listed = withPage(withPage(emptyPages(), 0, page(0)), 1, page(1));
    const rows = rowsOf(listed, {
      pending: () => [closed('c5')],
      keeps: (item) => item.status === 'open',
      count: 1_000 - 1,
    });
    expect(rows.at(5)?.id).toBe('c6');
    expect(rows.at(PAGE_SIZE - 1)?.id).toBe(`c${PAGE_SIZE}`);
    expect(rows.at(2 * PAGE_SIZE - 2)?.id).toBe(`c${2 * PAGE_SIZE - 1}`);
    expect(rows.at(2 * PAGE_SIZE - 1)).toBeUndefined();
    expect(rows).toHaveLength(999);
    // Kept (it still belongs), it shows changed in its place.
    const kept = rowsOf(listed, { ...none, pending: () => [closed('c5')] });
    expect(kept.at(5)).toMatchObject({ id: 'c5', status: 'closed' });
  });

  it('show a row once when it moved between two pages’ loads', () => {
    const first = page(0);
    // Page 1 loaded after a new conversation came on top: its first row was page 0's last.
    const second = { items: [first.items.at(-1)!, ...page(1).items.slice(0, -1)], mark: 2 };
    const rows = rowsOf(withPage(withPage(emptyPages(), 0, first), 1, second), none);
    const ids = [...rows.loaded()].map(([, row]) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
