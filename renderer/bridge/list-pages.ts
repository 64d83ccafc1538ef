import type { ConversationListItem } from '../../src/app/index.js';
import { ListRows, type RowRun } from '../model/list-rows.js';
import type { RowRange } from '../stores/conversations-store.js';
import { withChanges, type OptimisticChange } from './optimistic-changes.js';

/**
 * Conversations asked for at once: a page. 100 rows are some ten screens of the list, about
 * 65 kB of JSON, and a query of a few milliseconds at 100,000 conversations. A page's arrival is
 * paid on the page's main thread, in whatever frame it lands: taking the WebSocket's message in
 * (before any script runs) and parsing it. Pages of 200 rows (130 kB) took 9-17 ms there in a
 * trace of a fast wheel scroll, the cause of most of its frames of three refresh intervals;
 * pages half the size put half of that into any one frame.
 */
export const PAGE_SIZE = 100;

/**
 * Pages a list keeps loaded: 5,000 rows around where it is looked at. Without a bound, scrolling
 * through 100,000 conversations held every page it passed: the page's heap grew by 1.8 MB a
 * second of dragging the scrollbar (38 MB after 18 s, against 11 MB kept at this bound), each
 * page's arrival put them all together again (rowsOf), and the collections of that heap came in
 * scroll frames. The pages let go are loaded again if scrolled back to.
 */
export const MAX_LOADED_PAGES = 50;

/**
 * Rows loaded beyond the ones in view, each way: scrolling on finds them there. A fast wheel
 * passes some fifteen rows a frame, so 100 rows are a few frames ahead of it, the time a page
 * takes to come.
 */
const MARGIN_ROWS = 100;

/** One page as the app listed it, and the mark of the load that listed it. */
export interface Page {
  items: readonly ConversationListItem[];
  mark: number;
}

/** The pages of one list loaded so far, by index (page i starts at row i × PAGE_SIZE). */
export interface ListedPages {
  pages: Map<number, Page>;
  /** Where the list ends as a short page showed it (the rows before it); null: not seen yet. */
  end: number | null;
}

export function emptyPages(): ListedPages {
  return { pages: new Map(), end: null };
}

/**
 * The pages holding rows [start, end) and a margin around them, of a list of `length` rows as
 * far as known (none past it); the first page at least.
 */
export function pagesFor(range: RowRange, length: number): number[] {
  const end = Math.min(range.end + MARGIN_ROWS, length);
  const first = Math.floor(Math.max(0, Math.min(range.start, end) - MARGIN_ROWS) / PAGE_SIZE);
  const last = Math.max(first, Math.floor(Math.max(0, end - 1) / PAGE_SIZE));
  const pages: number[] = [];
  for (let page = first; page <= last; page += 1) pages.push(page);
  return pages;
}

/**
 * A page arrived: it replaces the one it was, and a short one says where the list ends. Past
 * MAX_LOADED_PAGES, the pages farthest from `around.near` (the page in view; by default the one
 * that arrived) are let go, but not `around.keep` (the cursor's: letting its row go would move
 * the cursor to another, and leave j/k nowhere to start from).
 */
export function withPage(
  listed: ListedPages,
  index: number,
  page: Page,
  around: { near?: number | undefined; keep?: number | undefined } = {},
): ListedPages {
  const near = around.near ?? index;
  const pages = new Map(listed.pages).set(index, page);
  if (pages.size > MAX_LOADED_PAGES)
    for (const far of [...pages.keys()]
      .filter((i) => i !== around.keep)
      .sort((a, b) => Math.abs(b - near) - Math.abs(a - near))
      .slice(0, pages.size - MAX_LOADED_PAGES))
      pages.delete(far);
  const start = index * PAGE_SIZE;
  let end = listed.end;
  if (page.items.length < PAGE_SIZE) end = start + page.items.length;
  else if (end !== null && end <= start + PAGE_SIZE) end = null;
  // Pages past the end are of a list that since got shorter.
  if (end !== null)
    for (const i of pages.keys()) if (i * PAGE_SIZE >= end && i > index) pages.delete(i);
  return { pages, end };
}

export interface RowsOptions {
  /** The changes made here that a load begun at `mark` does not hold. */
  pending: (mark: number) => readonly OptimisticChange[];
  /** Whether a conversation changed here still belongs in the list. */
  keeps: (item: ConversationListItem) => boolean;
  /** How many conversations the list holds, if known (the view's count). */
  count: number | undefined;
}

/**
 * The list by position: each loaded page's rows with the changes made here since it was loaded
 * (one that left the list taken out, the rows after it moving up, as the app will list them),
 * holes where no page is loaded, up to the list's length: where a short page ended it, else the
 * view's count, else a page's worth of rows past the last full page (more may follow).
 */
export function rowsOf(listed: ListedPages, options: RowsOptions): ListRows {
  const runs: RowRun[] = [];
  const ids = new Set<string>();
  let removed = 0;
  let extent = 0;
  let lastFull = false;
  const indexes = [...listed.pages.keys()].sort((a, b) => a - b);
  for (const index of indexes) {
    const page = listed.pages.get(index)!;
    const pending = options.pending(page.mark);
    const changed = new Set(pending.map((change) => change.conversationId));
    const start = index * PAGE_SIZE - removed;
    const items: ConversationListItem[] = [];
    for (const item of pending.length === 0 ? page.items : withChanges(page.items, pending)) {
      // A row that moved between two pages' loads is shown once.
      if (ids.has(item.id) || (changed.has(item.id) && !options.keeps(item))) {
        removed += 1;
        continue;
      }
      ids.add(item.id);
      items.push(item);
    }
    if (items.length > 0) runs.push({ start, items });
    extent = start + items.length;
    lastFull = page.items.length === PAGE_SIZE;
  }
  const length =
    listed.end !== null
      ? listed.end - removed
      : Math.max(
          options.count ?? 0,
          extent + (lastFull && options.count === undefined ? PAGE_SIZE : 0),
        );
  return new ListRows(runs, Math.max(length, extent));
}

/** The page whose rows hold conversation `id`, if one loaded does. */
export function pageHolding(listed: ListedPages, id: string | null): number | undefined {
  if (id === null) return undefined;
  for (const [index, page] of listed.pages)
    if (page.items.some((item) => item.id === id)) return index;
  return undefined;
}

/** The lowest mark of the pages held: the changes since it are still to be shown on one. */
export function oldestMark(listed: ListedPages): number | undefined {
  let oldest: number | undefined;
  for (const page of listed.pages.values())
    if (oldest === undefined || page.mark < oldest) oldest = page.mark;
  return oldest;
}
