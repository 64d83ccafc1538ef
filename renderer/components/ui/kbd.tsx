import { cx } from './class-names.js';
import './kbd.css';

export interface KbdProps {
  /** The keys pressed together, in order: ['Ctrl', 'K']. */
  keys: readonly string[];
  className?: string;
}

/** A keyboard shortcut, one key cap per key. */
export function Kbd({ keys, className }: KbdProps) {
  return (
    <span className={cx('ui-kbd-combo', className)}>
      {keys.map((key, i) => (
        <kbd key={i} className="ui-kbd">
          {key}
        </kbd>
      ))}
    </span>
  );
}
