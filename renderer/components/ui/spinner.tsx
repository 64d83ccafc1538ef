import { cx } from './class-names.js';
import './spinner.css';

export interface SpinnerProps {
  size?: 'sm' | 'md' | 'lg';
  /** What is loading, for screen readers; null when the surrounding element already says it. */
  label?: string | null;
  className?: string;
}

/** An indeterminate progress ring in the current text colour. */
export function Spinner({ size = 'md', label = 'Loading', className }: SpinnerProps) {
  const named = label !== null;
  return (
    <svg
      className={cx('ui-spinner', `ui-spinner--${size}`, className)}
      viewBox="0 0 16 16"
      role={named ? 'img' : undefined}
      aria-label={named ? label : undefined}
      aria-hidden={named ? undefined : true}
    >
      <circle className="ui-spinner__track" cx="8" cy="8" r="6.5" />
      <circle className="ui-spinner__arc" cx="8" cy="8" r="6.5" />
    </svg>
  );
}
