import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CannedInfo } from '../../../src/app/index.js';
import { Spinner } from '../../components/ui/spinner.js';

export interface CannedPickerProps {
  canned: readonly CannedInfo[] | null;
  onPick: (canned: CannedInfo) => void;
  onClose: () => void;
}

/**
 * The team's canned responses, found as you type (name or text), picked with the arrows and
 * Enter or a click. A popover over the composer's toolbar; Esc or a click elsewhere closes it.
 */
export function CannedPicker({ canned, onPick, onClose }: CannedPickerProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const listId = useId();
  const found = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/u).filter(Boolean);
    return (canned ?? []).filter((item) => {
      const haystack = `${item.name}\n${item.text}`.toLowerCase();
      return words.every((word) => haystack.includes(word));
    });
  }, [canned, query]);
  const current = Math.min(active, Math.max(found.length - 1, 0));

  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + found.length) % Math.max(found.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = found[current];
      if (chosen) onPick(chosen);
    } else if (event.key === 'Escape') {
      // Closes the picker only, not the composer around it.
      event.preventDefault();
      event.stopPropagation();
      onClose();
    }
  };

  const optionId = (index: number) => `${listId}-${index}`;
  return (
    <div ref={root} className="canned-picker" role="dialog" aria-label="Canned responses">
      <input
        className="canned-picker__search"
        type="text"
        role="combobox"
        aria-label="Find a canned response"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={found.length > 0 ? optionId(current) : undefined}
        placeholder="Find a canned response…"
        value={query}
        autoFocus
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {canned === null ? (
        <div className="canned-picker__state">
          <Spinner size="sm" label="Loading canned responses" />
        </div>
      ) : found.length === 0 ? (
        <p className="canned-picker__state">
          {canned.length === 0
            ? 'No canned responses yet. An admin adds them in Settings.'
            : 'None matches.'}
        </p>
      ) : (
        <ul
          id={listId}
          role="listbox"
          aria-label="Canned responses"
          className="canned-picker__list"
        >
          {found.map((item, index) => (
            <li
              key={item.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === current}
              className="canned-picker__option"
              onPointerEnter={() => setActive(index)}
              onClick={() => onPick(item)}
            >
              <span className="canned-picker__name">{item.name}</span>
              <span className="canned-picker__preview">{item.text}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
