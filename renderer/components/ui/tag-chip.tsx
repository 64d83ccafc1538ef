import type { CSSProperties } from 'react';
import { cx } from './class-names.js';
import { safeHexColor } from './safe-color.js';
import './badge.css';

export interface TagChipProps {
  name: string;
  color?: string;
  className?: string;
}

/** A tag: its name beside a dot of its colour (a neutral chip reads well with any colour). */
export function TagChip({ name, color, className }: TagChipProps) {
  const style = { '--tag-color': safeHexColor(color) } as CSSProperties;
  return (
    <span className={cx('ui-tag', className)} style={style}>
      <span className="ui-tag__dot" aria-hidden="true" />
      <span className="ui-tag__name">{name}</span>
    </span>
  );
}
