import type { ReactNode } from 'react';
import { Count } from '../../components/ui/badge.js';

export interface SidebarItemProps {
  label: string;
  icon: ReactNode;
  current: boolean;
  count: number | null;
  countUnit: string;
  countTone: 'neutral' | 'accent';
  /** The count's element id: the count describes the button, so its name stays the label alone. */
  countId: string;
  onSelect: () => void;
}

/** One row of the sidebar: a button named by its label, its count said as its description. */
export function SidebarItem({
  label,
  icon,
  current,
  count,
  countUnit,
  countTone,
  countId,
  onSelect,
}: SidebarItemProps) {
  const showCount = count !== null && count > 0;
  return (
    <button
      type="button"
      className="sidebar-item"
      aria-label={label}
      aria-current={current ? 'page' : undefined}
      aria-describedby={showCount ? countId : undefined}
      onClick={onSelect}
    >
      <span className="sidebar-item__icon" aria-hidden="true">
        {icon}
      </span>
      <span className="sidebar-item__label">{label}</span>
      {showCount ? <Count id={countId} value={count} unit={countUnit} tone={countTone} /> : null}
    </button>
  );
}
