import { useEffect } from 'react';
import { appLink, type AppLink } from '../../app-link.js';
import { startAccountsBridge } from '../../bridge/accounts-bridge.js';
import { stopAll } from '../../bridge/link-events.js';
import { startSearchBridge } from '../../bridge/search-bridge.js';

/** The page's link, or none yet (a page shown without an app: the preview, a component test). */
export function linkIfSet(): AppLink | null {
  try {
    return appLink();
  } catch {
    return null;
  }
}

/** Runs the overlays' bridges (search as you type, the accounts) while the app is on screen. */
export function useOverlayBridges(): void {
  useEffect(() => {
    const link = linkIfSet();
    if (!link) return;
    return stopAll([startSearchBridge(link), startAccountsBridge(link)]);
  }, []);
}
