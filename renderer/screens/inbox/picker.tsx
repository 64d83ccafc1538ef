import { useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Check } from 'lucide-react';
import { cx } from '../../components/ui/class-names.js';
import { Dialog } from '../../components/ui/dialog.js';
import './picker.css';

export interface PickerOption {
  id: string;
  label: string;
  /** Muted text after the label: an address, a time. */
  hint?: string;
  icon?: ReactNode;
  /** Already so (the current assignee, a tag it has): a check mark. */
  checked?: boolean;
  /** More words the filter matches. */
  keywords?: string;
}

export interface PickerProps {
  /** The dialog's name: "Assign", "Tag", "Snooze". */
  title: string;
  /** The filter field's name and placeholder. */
  filterLabel: string;
  /** The options' listbox name: "Teammates", "Tags". */
  listLabel: string;
  options: readonly PickerOption[];
  /** One more option for what was typed (create a tag), or null. */
  extra?: (query: string) => PickerOption | null;
  emptyText: string;
  onPick: (option: PickerOption) => void;
  onClose: () => void;
  /** Under the list: another way to answer (a date and time for a snooze). */
  footer?: ReactNode;
}

/**
 * A small dialog to pick one of a few: type to narrow, ↑/↓ to move, Enter to pick, Esc to
 * close (the combobox pattern: focus stays in the field, the active option is its descendant).
 * Everything works with the mouse too.
 */
export function Picker({
  title,
  filterLabel,
  listLabel,
  options,
  extra,
  emptyText,
  onPick,
  onClose,
  footer,
}: PickerProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const shown = useMemo(() => {
    const words = query.trim().toLowerCase();
    const matching = words
      ? options.filter((option) =>
          `${option.label} ${option.hint ?? ''} ${option.keywords ?? ''}`
            .toLowerCase()
            .includes(words),
        )
      : [...options];
    const more = extra?.(query.trim());
    return more ? [...matching, more] : matching;
  }, [options, extra, query]);
  const current = Math.min(active, shown.length - 1);
  const optionId = (index: number) => `${listId}-${index}`;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = shown.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: current >= last ? 0 : current + 1,
      ArrowUp: current <= 0 ? last : current - 1,
      Home: 0,
      End: last,
    };
    if (event.key in moves && shown.length > 0) {
      event.preventDefault();
      setActive(moves[event.key]!);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const option = shown[current];
      if (option) onPick(option);
    }
  };

  return (
    <Dialog open onClose={onClose} title={title} size="sm" className="picker">
      <input
        className="picker__filter"
        role="combobox"
        aria-label={filterLabel}
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        placeholder={filterLabel}
        value={query}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={listLabel} className="picker__list">
        {shown.map((option, index) => (
          <li
            key={option.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === current}
            className={cx('picker__option', index === current && 'is-active')}
            onMouseMove={() => setActive(index)}
            onClick={() => onPick(option)}
          >
            {option.icon ? (
              <span className="picker__icon" aria-hidden="true">
                {option.icon}
              </span>
            ) : null}
            <span className="picker__label">{option.label}</span>
            {option.hint ? <span className="picker__hint">{option.hint}</span> : null}
            {option.checked ? (
              <>
                <Check className="picker__check" aria-hidden="true" />
                <span className="visually-hidden"> (current)</span>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {shown.length === 0 ? <p className="picker__empty">{emptyText}</p> : null}
      {footer}
    </Dialog>
  );
}
