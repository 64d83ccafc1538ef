import {
  forwardRef,
  useEffect,
  useId,
  useImperativeHandle,
  useMemo,
  useRef,
  type MouseEvent,
} from 'react';
import { ConversationRow, PlaceholderRow, ROW_HEIGHT } from './conversation-row.js';
import type { ConversationListItem } from '../../../src/app/index.js';
import type { ListRows } from '../../model/list-rows.js';
import type { RowRange } from '../../stores/conversations-store.js';
import type { RowModel } from './row-model.js';
import { scrollRowIntoView, useRowWindow } from './use-row-window.js';
import './conversation-list.css';

/**
 * Rows rendered beyond the visible ones, each way: a wheel's notch scrolls into rows already
 * drawn. A fast scroll passes any such margin in a frame, where more rows would only make each
 * frame longer (their elements built and laid out).
 */
const OVERSCAN = 3;

export interface ConversationListProps {
  /** A row per conversation of the view; undefined where its page has not come yet. */
  items: ListRows;
  /** What a row shows of an item (asked for the rows drawn only). */
  rowOf: (item: ConversationListItem) => RowModel;
  selectedId: string | null;
  openId: string | null;
  showStatus: boolean;
  /** A row clicked: select it and open it. */
  onPick: (id: string) => void;
  /** The rows in view changed (the pages they are on are asked for). */
  onRange?: (range: RowRange) => void;
}

export interface ConversationListHandle {
  focus: () => void;
}

/**
 * The conversations as a listbox ("Conversations"), virtualized: only the rows in view (and a
 * few around) are in the page, each the same height, so a list of 100 000 scrolls as one of 10
 * and nothing moves when data arrives (a row not loaded yet is a placeholder of the same size).
 * The listbox holds the focus; the selected row is its active descendant, kept in view as the
 * selection moves.
 */
export const ConversationList = forwardRef<ConversationListHandle, ConversationListProps>(
  function ConversationList(
    { items, rowOf, selectedId, openId, showStatus, onPick, onRange },
    ref,
  ) {
    const scroller = useRef<HTMLDivElement>(null);
    const idPrefix = useId();
    const optionId = (id: string) => `${idPrefix}-${id}`;
    const { start, end, totalHeight, viewport } = useRowWindow(
      scroller,
      items.length,
      ROW_HEIGHT,
      OVERSCAN,
    );
    useImperativeHandle(ref, () => ({ focus: () => scroller.current?.focus() }), []);

    // Looked up once per list or cursor change, not at each frame of a scroll (100 000 rows).
    const selectedIndex = useMemo(() => items.indexOf(selectedId), [items, selectedId]);
    useEffect(() => {
      if (selectedIndex >= 0 && scroller.current)
        scrollRowIntoView(scroller.current, selectedIndex, ROW_HEIGHT, viewport.current);
    }, [selectedIndex, viewport]);

    // While the list scrolls its rows take no pointer events (use-row-window.ts), so a click
    // then lands on the list itself: it picks the row drawn under the pointer (not one beside
    // the rows, on the scrollbar).
    const pickUnder = (event: MouseEvent<HTMLDivElement>) => {
      const element = scroller.current;
      if (!element || element.dataset.scrolling === undefined) return;
      if ((event.target as Element).closest('[role="option"]')) return;
      const box = element.getBoundingClientRect();
      if (event.clientX - box.left >= element.clientWidth) return;
      const top = event.clientY - box.top + element.scrollTop;
      const item = items.at(Math.floor(top / ROW_HEIGHT));
      if (item) onPick(item.id);
    };

    const shown: number[] = [];
    for (let index = start; index < end; index += 1) shown.push(index);
    useEffect(() => {
      onRange?.({ start, end });
    }, [start, end, onRange]);

    return (
      <div
        ref={scroller}
        role="listbox"
        aria-label="Conversations"
        aria-activedescendant={selectedIndex >= 0 ? optionId(selectedId!) : undefined}
        tabIndex={0}
        className="conversation-list"
        onClick={pickUnder}
      >
        <div
          role="presentation"
          className="conversation-list__sizer"
          style={{ height: totalHeight }}
        >
          {shown.map((index) => {
            const item = items.at(index);
            if (!item)
              return (
                <PlaceholderRow
                  key={`row-${index}`}
                  index={index}
                  count={items.length}
                  top={index * ROW_HEIGHT}
                />
              );
            const row = rowOf(item);
            return (
              <ConversationRow
                key={row.id}
                row={row}
                optionId={optionId(row.id)}
                index={index}
                count={items.length}
                selected={row.id === selectedId}
                open={row.id === openId}
                showStatus={showStatus}
                top={index * ROW_HEIGHT}
                onPick={onPick}
              />
            );
          })}
        </div>
      </div>
    );
  },
);
