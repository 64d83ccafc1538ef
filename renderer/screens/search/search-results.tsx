import { memo, useEffect, useRef, useState } from 'react';
import { Mail, StickyNote } from 'lucide-react';
import type { SearchHit, TeamMember } from '../../../src/app/index.js';
import { afterFrame } from '../../bridge/after-frame.js';
import { Kbd } from '../../components/ui/kbd.js';
import type { SearchAnswer } from '../../stores/search-store.js';
import { Highlighted } from './highlighted.js';

export interface SearchResultsProps {
  id: string;
  answer: SearchAnswer;
  terms: readonly string[];
  active: number;
  teammates: readonly TeamMember[];
  onActive: (index: number) => void;
  onOpen: (hit: SearchHit) => void;
}

/** Results drawn at once: a little more than the panel shows; the rest follow its paint. */
const FIRST_DRAWN = 10;

export function resultId(listId: string, index: number): string {
  return `${listId}-${index}`;
}

/**
 * The hits of a query: conversations, by the message or the note they matched best. Drawn again
 * only when its answer or active row changes, not at each keystroke in the box above.
 */
export const SearchResults = memo(function SearchResults({
  id,
  answer,
  terms,
  active,
  teammates,
  onActive,
  onOpen,
}: SearchResultsProps) {
  const list = useRef<HTMLUListElement>(null);
  const scrolledTo = useRef(active);
  useEffect(() => {
    // The row the arrows moved to, kept in view. Not at the list's first drawing: each answer is
    // a list of its own (search-overlay.tsx keys it), at its top with its first row active, and
    // scrolling would force a layout in the middle of every keystroke's results.
    if (scrolledTo.current === active) return;
    scrolledTo.current = active;
    // By id from the document: useId's ids are not CSS selectors.
    list.current?.ownerDocument.getElementById(resultId(id, active))?.scrollIntoView?.({
      block: 'nearest',
    });
  }, [id, active]);
  // Each answer is a list of its own (keyed): the keystroke's frame draws its first screen, and
  // the rest once that frame is painted. A deferred render (useDeferredValue) was done before
  // the frame began, whose layout then took every row (a trace: 4–5 ms of layout for 30 rows).
  const total = answer.hits.length;
  const [drawn, setDrawn] = useState(() => Math.min(FIRST_DRAWN, total));
  useEffect(() => {
    if (drawn < total) afterFrame(() => setDrawn(total));
  }, [drawn, total]);
  const authorName = (email: string) =>
    teammates.find((member) => member.email.toLowerCase() === email.toLowerCase())?.name || email;
  return (
    <ul
      ref={list}
      id={id}
      role="listbox"
      aria-label="Search results"
      className="search-results"
      data-results-for={answer.query}
    >
      {answer.hits.slice(0, drawn).map((hit, i) => (
        <li
          key={hit.conversationId}
          id={resultId(id, i)}
          role="option"
          aria-selected={i === active}
          className="search-result"
          onMouseMove={() => i !== active && onActive(i)}
          onClick={() => onOpen(hit)}
        >
          <span className="search-result__icon" aria-hidden="true">
            {hit.kind === 'note' ? <StickyNote /> : <Mail />}
          </span>
          <span className="search-result__text">
            <span className="search-result__subject">
              <Highlighted text={hit.subject || '(no subject)'} terms={terms} />
            </span>
            <span className="search-result__snippet">
              {hit.kind === 'note' ? (
                <span className="search-result__note">{`Note by ${authorName(hit.author)}`}</span>
              ) : null}
              <Highlighted text={hit.snippet} terms={terms} />
            </span>
          </span>
          {i === active ? (
            <span className="search-result__enter" aria-hidden="true">
              <Kbd keys={['↵']} />
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
});
