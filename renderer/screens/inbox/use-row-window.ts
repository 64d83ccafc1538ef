import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/**
 * How long after its last scroll event a list counts as still scrolling (its rows take no
 * pointer events until then).
 */
export const SCROLL_SETTLE_MS = 150;

/** The rows of a scrolled list to draw: [start, end), overscan included. */
export interface RowWindow {
  start: number;
  end: number;
  /** The height of every row together (the scroller's content). */
  totalHeight: number;
  /** Where the list is scrolled and how tall it is, as last seen (read without a layout). */
  viewport: RefObject<Viewport>;
}

export interface Viewport {
  top: number;
  height: number;
}

/**
 * Which rows of a list of same-height rows are in view, by arithmetic: O(1) per scroll frame
 * whatever the length. A general virtualizer keeps a measurement per row and rebuilds them all
 * whenever the rows change (a page arriving, a triaged row leaving): 80 ms for 100 000 rows,
 * paid on the first render, at each page loaded while scrolling and at each triage.
 */
export function useRowWindow(
  scroller: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
): RowWindow {
  // At first, the window's height: enough rows to fill the list, drawn in the first pass. Reading
  // the list's own height now would force the page's first layout in the middle of its first
  // render (60 ms of a cold start), then lay the rows out again; the resize observer reads it
  // after the frame's layout instead, and trims the rows that fall outside.
  const [view, setView] = useState<Viewport>(() => ({ top: 0, height: window.innerHeight }));
  const viewport = useRef(view);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const read = (): Viewport => ({ top: element.scrollTop, height: element.clientHeight });
    const update = (next: Viewport) => {
      viewport.current = next;
      setView((now) => (now.top === next.top && now.height === next.height ? now : next));
    };
    // Where there is no observer (jsdom), the size is read now.
    if (typeof ResizeObserver === 'undefined') update(read());
    // While the list scrolls, its rows move under a still pointer: each frame, the browser would
    // hit-test them, move :hover to another row (restyling and repainting both) and send
    // pointerover/out through React. `data-scrolling` turns the rows' pointer events off until
    // the scroll settles. In a fast wheel scroll of 100,000 rows, frames of one refresh interval
    // went from 79-121 of some 170 to 111-168, those of three from 1-7 to 0-3.
    let settling: ReturnType<typeof setTimeout> | undefined;
    const settle = () => {
      settling = undefined;
      delete element.dataset.scrolling;
    };
    // Drawn within the scroll event, as the virtualizers do: the frame the scroll paints shows
    // its rows, not the rows of the frame before.
    const onScroll = () => {
      if (settling === undefined) element.dataset.scrolling = '';
      else clearTimeout(settling);
      settling = setTimeout(settle, SCROLL_SETTLE_MS);
      flushSync(() => update(read()));
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    const resized =
      typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => update(read()));
    resized?.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resized?.disconnect();
      if (settling !== undefined) clearTimeout(settling);
    };
  }, [scroller]);

  const first = Math.floor(view.top / rowHeight);
  const last = Math.ceil((view.top + view.height) / rowHeight);
  return {
    start: Math.min(count, Math.max(0, first - overscan)),
    end: Math.min(count, last + overscan),
    totalHeight: count * rowHeight,
    viewport,
  };
}

/**
 * Scrolls `scroller` the least that shows row `index` whole (not at all if it is), from the
 * viewport last seen: reading the scroller's offsets instead would force a layout of the page
 * (the first one, 80 ms, when the first rows select their first).
 */
export function scrollRowIntoView(
  scroller: HTMLElement,
  index: number,
  rowHeight: number,
  viewport: Viewport,
): void {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < viewport.top) scroller.scrollTop = top;
  else if (bottom > viewport.top + viewport.height) scroller.scrollTop = bottom - viewport.height;
}
