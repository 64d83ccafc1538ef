import { Settings } from 'lucide-react';
import { Avatar } from '../../components/ui/avatar.js';
import { IconButton } from '../../components/ui/icon-button.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import type { ConnectionStatus } from '../../stores/connection-store.js';
import type { Theme } from '../../stores/ui-store.js';
import type { Me } from '../../stores/workspace-store.js';
import { ConnectionIndicator } from './connection-indicator.js';
import { ThemeButton } from './theme-button.js';

export interface SidebarFooterProps {
  me: Me | null;
  connection: ConnectionStatus;
  theme: Theme;
  onThemeChange: (theme: Theme) => void;
  onOpenSettings: () => void;
}

/** Who is signed in, whether the team server is reachable, the theme and the settings. */
export function SidebarFooter({
  me,
  connection,
  theme,
  onThemeChange,
  onOpenSettings,
}: SidebarFooterProps) {
  return (
    <div className="sidebar-footer">
      {me ? (
        <Avatar name={me.name} email={me.email} size="md" decorative />
      ) : (
        <Skeleton shape="circle" width="1.75rem" height="1.75rem" />
      )}
      <div className="sidebar-footer__who">
        {me ? (
          <span className="sidebar-footer__name" title={me.email}>
            {me.name || me.email}
          </span>
        ) : (
          <Skeleton width="5rem" />
        )}
        <ConnectionIndicator status={connection} />
      </div>
      <ThemeButton theme={theme} onChange={onThemeChange} />
      <IconButton label="Settings" icon={<Settings />} size="sm" onClick={onOpenSettings} />
    </div>
  );
}
