import type { CSSProperties } from 'react';
import { cx } from './class-names.js';
import './skeleton.css';

export interface SkeletonProps {
  /** CSS length; the real content's size, so nothing moves when it arrives. */
  width?: string;
  height?: string;
  shape?: 'text' | 'block' | 'circle';
  className?: string;
}

/**
 * A placeholder the size of what is loading. Hidden from screen readers: the region that is
 * loading says so once (aria-busy), not every placeholder.
 */
export function Skeleton({ width, height, shape = 'text', className }: SkeletonProps) {
  const style: CSSProperties = { width, height };
  return (
    <span
      className={cx('ui-skeleton', `ui-skeleton--${shape}`, className)}
      style={style}
      aria-hidden="true"
    />
  );
}
