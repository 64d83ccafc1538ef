import type { ReactNode } from 'react';
import './app-layout.css';

export interface AppLayoutProps {
  sidebar: ReactNode;
  list: ReactNode;
  reading: ReactNode;
  /** The right panel (contact details); the column is there only when this is. */
  panel?: ReactNode;
}

/**
 * The window's panes, left to right: sidebar, conversation list, reading pane, and the optional
 * right panel. Each pane scrolls on its own; the layout never scrolls.
 */
export function AppLayout({ sidebar, list, reading, panel }: AppLayoutProps) {
  return (
    <div className="app-layout" data-panel={panel ? '' : undefined}>
      <div className="app-layout__sidebar">{sidebar}</div>
      <main className="app-layout__main">
        <div className="app-layout__list">{list}</div>
        <div className="app-layout__reading">{reading}</div>
        {panel ? <div className="app-layout__panel">{panel}</div> : null}
      </main>
    </div>
  );
}
