import { useId, type ReactNode } from 'react';
import { Mail } from 'lucide-react';
import type { TagInfo, TeamMember } from '../../../src/app/index.js';
import { Avatar, type Presence } from '../../components/ui/avatar.js';
import { safeHexColor } from '../../components/ui/safe-color.js';
import type { ConnectionStatus } from '../../stores/connection-store.js';
import type { LoadState } from '../../stores/load-state.js';
import type { Theme } from '../../stores/ui-store.js';
import type { SidebarSelection, ViewCounts } from '../../stores/views-store.js';
import type { MailboxEntry, Me } from '../../stores/workspace-store.js';
import { SearchButton } from './search-button.js';
import { SidebarFooter } from './sidebar-footer.js';
import { SidebarItem } from './sidebar-item.js';
import { SidebarSection } from './sidebar-section.js';
import { ViewsNav } from './views-nav.js';
import { WorkspaceHeader } from './workspace-header.js';
import './sidebar.css';

export interface TeammateEntry {
  member: TeamMember;
  presence?: Presence;
}

export interface SidebarProps {
  workspace: { name: string | null; load: LoadState };
  me: Me | null;
  selected: SidebarSelection;
  counts: ViewCounts | null;
  onSelect: (selection: SidebarSelection) => void;
  mailboxes: readonly MailboxEntry[];
  tags: readonly TagInfo[];
  teammates: readonly TeammateEntry[];
  connection: ConnectionStatus;
  theme: Theme;
  onThemeChange: (theme: Theme) => void;
  onOpenSearch: () => void;
  onOpenSettings: () => void;
  /** Above the footer: the outbox, while messages wait in it (screens/composer). */
  outbox?: ReactNode;
}

/** The left pane: workspace, search, the views, shared mailboxes, tags, teammates, and me. */
export function Sidebar(props: SidebarProps) {
  const { workspace, selected, onSelect } = props;
  const idPrefix = useId();
  const isCurrent = (kind: SidebarSelection['kind'], id: string) =>
    selected.kind === kind && selected.id === id;
  return (
    <div className="sidebar">
      <WorkspaceHeader name={workspace.name} loading={workspace.load.status === 'loading'} />
      <div className="sidebar__search">
        <SearchButton onClick={props.onOpenSearch} />
      </div>
      <div className="sidebar__scroll">
        <ViewsNav selected={selected} counts={props.counts} onSelect={onSelect} />
        <SidebarSection
          title="Mailboxes"
          landmark="navigation"
          load={workspace.load}
          isEmpty={props.mailboxes.length === 0}
          emptyText="No shared mailboxes yet."
          placeholderRows={2}
        >
          <ul className="sidebar__items">
            {props.mailboxes.map((mailbox) => (
              <li key={mailbox.id}>
                <SidebarItem
                  label={mailbox.name || mailbox.email}
                  icon={<Mail />}
                  current={isCurrent('mailbox', mailbox.id)}
                  count={mailbox.unread}
                  countUnit="unread"
                  countTone="neutral"
                  countId={`${idPrefix}-mailbox-${mailbox.id}`}
                  onSelect={() => onSelect({ kind: 'mailbox', id: mailbox.id })}
                />
              </li>
            ))}
          </ul>
        </SidebarSection>
        <SidebarSection
          title="Tags"
          landmark="navigation"
          load={workspace.load}
          isEmpty={props.tags.length === 0}
          emptyText="No tags yet."
        >
          <ul className="sidebar__items">
            {props.tags.map((tag) => (
              <li key={tag.id}>
                <SidebarItem
                  label={tag.name}
                  icon={<TagDot color={tag.color} />}
                  current={isCurrent('tag', tag.id)}
                  count={null}
                  countUnit=""
                  countTone="neutral"
                  countId={`${idPrefix}-tag-${tag.id}`}
                  onSelect={() => onSelect({ kind: 'tag', id: tag.id })}
                />
              </li>
            ))}
          </ul>
        </SidebarSection>
        <SidebarSection
          title="Teammates"
          load={workspace.load}
          isEmpty={props.teammates.length === 0}
          emptyText="Just you so far."
        >
          <ul className="sidebar__people">
            {props.teammates.map(({ member, presence }) => (
              <li key={member.id} className="sidebar__person">
                <Avatar
                  name={member.name}
                  email={member.email}
                  size="sm"
                  presence={presence}
                  decorative
                />
                <span className="sidebar__person-name">{member.name || member.email}</span>
                {presence ? <span className="visually-hidden">{`, ${presence}`}</span> : null}
              </li>
            ))}
          </ul>
        </SidebarSection>
      </div>
      {props.outbox ? <div className="sidebar__outbox">{props.outbox}</div> : null}
      <SidebarFooter
        me={props.me}
        connection={props.connection}
        theme={props.theme}
        onThemeChange={props.onThemeChange}
        onOpenSettings={props.onOpenSettings}
      />
    </div>
  );
}

function TagDot({ color }: { color: string }) {
  return <span className="sidebar__tag-dot" style={{ backgroundColor: safeHexColor(color) }} />;
}
