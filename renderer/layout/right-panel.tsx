import { useId } from 'react';
import type { ReactNode } from 'react';
import { PanelRightClose, UserRound } from 'lucide-react';
import { EmptyState } from '../components/ui/empty-state.js';
import { IconButton } from '../components/ui/icon-button.js';
import { PaneHeader } from './pane-header.js';
import './reading-pane.css';

export interface RightPanelProps {
  onClose: () => void;
  /** The contact's details and previous conversations; nothing shows what will be here. */
  children?: ReactNode;
}

/** The optional panel at the right: the open conversation's contact. */
export function RightPanel({ onClose, children }: RightPanelProps) {
  const titleId = useId();
  return (
    <aside className="right-panel" aria-labelledby={titleId}>
      <PaneHeader
        title="Contact"
        titleId={titleId}
        actions={
          <IconButton
            label="Hide contact panel"
            icon={<PanelRightClose />}
            size="sm"
            onClick={onClose}
          />
        }
      />
      {children ?? (
        <EmptyState
          icon={<UserRound />}
          title="No contact"
          description="Open a conversation to see who wrote it and their earlier conversations."
        />
      )}
    </aside>
  );
}
