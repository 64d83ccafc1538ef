import {
  AtSign,
  CircleCheck,
  CircleUserRound,
  Clock,
  Hourglass,
  Inbox,
  Layers,
} from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import { useId } from 'react';
import { VIEW_IDS, VIEWS, type ViewId } from '../../model/views.js';
import type { SidebarSelection, ViewCounts } from '../../stores/views-store.js';
import { SidebarItem } from './sidebar-item.js';

const VIEW_ICONS: Record<ViewId, LucideIcon> = {
  unassigned: Inbox,
  mine: CircleUserRound,
  open: Layers,
  pending: Hourglass,
  snoozed: Clock,
  closed: CircleCheck,
  mentions: AtSign,
};

/** Views whose number asks for attention (work waiting for me), drawn in the accent colour. */
const ATTENTION: ReadonlySet<ViewId> = new Set(['mine', 'mentions']);

export interface ViewsNavProps {
  selected: SidebarSelection;
  counts: ViewCounts | null;
  onSelect: (selection: SidebarSelection) => void;
}

/** The inbox's views: navigation "Views", one button per view named exactly its label. */
export function ViewsNav({ selected, counts, onSelect }: ViewsNavProps) {
  const idPrefix = useId();
  return (
    <nav aria-label="Views" className="sidebar__nav">
      <ul className="sidebar__items">
        {VIEW_IDS.map((id) => {
          const Icon = VIEW_ICONS[id];
          return (
            <li key={id}>
              <SidebarItem
                label={VIEWS[id].label}
                icon={<Icon />}
                current={selected.kind === 'view' && selected.id === id}
                count={counts?.[id] ?? null}
                countUnit="conversations"
                countTone={ATTENTION.has(id) ? 'accent' : 'neutral'}
                countId={`${idPrefix}-${id}`}
                onSelect={() => onSelect({ kind: 'view', id })}
              />
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
