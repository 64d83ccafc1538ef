import { useEffect, useId, useMemo, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { Search, SearchX } from 'lucide-react';
import type { SearchHit } from '../../../src/app/index.js';
import { Kbd } from '../../components/ui/kbd.js';
import { Spinner } from '../../components/ui/spinner.js';
import { useLasting } from '../../components/ui/use-lasting.js';
import { openSearchResult } from '../../bridge/search-bridge.js';
import { highlightTerms, sendableQuery } from '../../model/search-query.js';
import { useSearchStore } from '../../stores/search-store.js';
import { useWorkspaceStore } from '../../stores/workspace-store.js';
import { ModalFrame } from '../overlays/modal-frame.js';
import { OPERATOR_HINTS, withOperator } from './operators.js';
import { resultId, SearchResults } from './search-results.js';
import './search.css';

/** How long a query may be out before the spinner says so. */
const SPINNER_AFTER_MS = 200;

const openHit = (hit: SearchHit) => openSearchResult(hit.conversationId);

/**
 * Search (`/`): mail and the team's notes, results as you type (the search bridge asks the app
 * at each change), ↑/↓ through them, Enter opens the conversation, Esc closes. The query stays
 * for the next time, selected, as a search box does.
 */
export function SearchOverlay({ onClose }: { onClose: () => void }) {
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const query = useSearchStore((s) => s.query);
  const answer = useSearchStore((s) => s.answer);
  const waiting = useLasting(
    useSearchStore((s) => s.pending),
    SPINNER_AFTER_MS,
  );
  const error = useSearchStore((s) => s.error);
  const active = useSearchStore((s) => s.active);
  const setQuery = useSearchStore((s) => s.setQuery);
  const setActive = useSearchStore((s) => s.setActive);
  const teammates = useWorkspaceStore((s) => s.teammates);

  // Search opens empty, as Superhuman's and Linear's do: a query kept from the last time had its
  // results drawn as the overlay opened, under the first keystroke typed at once (its answer then
  // painted 20-30 ms later: bench:ui), and asked again at each change of the mail while closed.
  useEffect(() => () => useSearchStore.getState().reset(), []);

  const asked = sendableQuery(query);
  const terms = useMemo(() => highlightTerms(answer?.query ?? ''), [answer?.query]);
  const hits = asked === null ? [] : (answer?.hits ?? []);

  const insert = (text: string) => {
    setQuery(withOperator(query, text));
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0 && hits.length > 0) {
      event.preventDefault();
      setActive((active + step + hits.length) % hits.length);
    } else if (event.key === 'Enter' && hits[active]) {
      event.preventDefault();
      openSearchResult(hits[active].conversationId);
    }
  };

  return (
    <ModalFrame label="Search" onClose={onClose} className="search">
      <div className="search__field">
        <Search className="search__icon" aria-hidden="true" />
        <input
          ref={input}
          role="searchbox"
          aria-label="Search"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={hits.length > 0 ? resultId(listId, active) : undefined}
          aria-describedby={`${listId}-hint`}
          className="search__input"
          placeholder="Search mail and notes"
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
        />
        {waiting ? <Spinner size="sm" label="Searching" className="search__spinner" /> : null}
        <Kbd keys={['Esc']} className="search__esc" />
      </div>
      <div className="search__body" aria-busy={waiting || undefined}>
        {asked === null ? (
          <OperatorGuide onInsert={insert} />
        ) : error ? (
          <p className="search__message search__message--error" role="alert">
            {error}
          </p>
        ) : answer && hits.length > 0 ? (
          <>
            <p className="search__count" aria-hidden="true">
              {`${hits.length} ${hits.length === 1 ? 'conversation' : 'conversations'}`}
            </p>
            <SearchResults
              key={answer.query}
              id={listId}
              answer={answer}
              terms={terms}
              active={active}
              teammates={teammates}
              onActive={setActive}
              onOpen={openHit}
            />
            {answer.cut ? (
              <p className="search__cut">
                {answer.cut.reason === 'limit'
                  ? `The best ${answer.cut.shown} results; add words or an operator to narrow them.`
                  : `Ranked among the newest ${answer.cut.ranked.toLocaleString()} matches; add words to narrow them.`}
              </p>
            ) : null}
          </>
        ) : answer ? (
          <div className="search__none">
            <SearchX aria-hidden="true" />
            <p className="search__none-title">{`Nothing matches “${answer.query}”`}</p>
            <p>Try fewer words, or another operator.</p>
          </div>
        ) : null}
      </div>
      <footer
        className={`search__footer${asked === null ? ' search__footer--keys-only' : ''}`}
        id={`${listId}-hint`}
      >
        {asked === null ? null : (
          <span className="search__chips" aria-label="Operators">
            {OPERATOR_HINTS.slice(0, 6).map((hint) => (
              <button
                key={hint.insert}
                type="button"
                className="search__chip"
                title={hint.description}
                tabIndex={-1}
                onClick={() => insert(hint.insert)}
              >
                {hint.insert}
              </button>
            ))}
          </span>
        )}
        <span className="search__keys">
          <Kbd keys={['↑', '↓']} /> to move <Kbd keys={['↵']} /> to open
        </span>
      </footer>
    </ModalFrame>
  );
}

/** Nothing typed yet: what can be typed. */
function OperatorGuide({ onInsert }: { onInsert: (text: string) => void }) {
  return (
    <div className="search-guide">
      <p className="search-guide__title">Search every conversation and internal note, offline.</p>
      <ul className="search-guide__list">
        {OPERATOR_HINTS.map((hint) => (
          <li key={hint.insert}>
            <button
              type="button"
              className="search-guide__item"
              onClick={() => onInsert(hint.insert)}
            >
              <code className="search-guide__example">{hint.example}</code>
              <span className="search-guide__description">{hint.description}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
