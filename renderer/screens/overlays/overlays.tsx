import { Suspense, useState, type ReactNode } from 'react';
import { LoadBoundary } from '../../components/ui/load-boundary.js';
import { useAccountsStore } from '../../stores/accounts-store.js';
import { useUiStore, type Overlay } from '../../stores/ui-store.js';
import {
  CommandPalette,
  NewMessage,
  Onboarding,
  SearchOverlay,
  Settings,
  ShortcutHelp,
} from '../lazy-screens.js';
import { useAppActions } from './use-app-actions.js';
import { useOverlayBridges } from './use-overlay-bridges.js';

/**
 * What opens over the panes, one at a time (the ui store's overlay): search, the command
 * palette, the shortcut help, the settings, New message; the first-run welcome while there is no account;
 * and the app's own actions, which open them.
 */
export function Overlays() {
  const overlay = useUiStore((s) => s.overlay);
  const close = useUiStore((s) => s.closeOverlay);
  const noAccount = useAccountsStore((s) => s.load.status === 'ready' && s.accounts.length === 0);
  // The welcome stays while its mailbox is added and tested (there is an account by then).
  const [welcoming, setWelcoming] = useState(false);
  useAppActions();
  useOverlayBridges();
  const welcome =
    (noAccount || welcoming) && overlay !== 'settings' ? (
      <Onboarding onAdding={setWelcoming} onDone={() => setWelcoming(false)} />
    ) : null;
  // Their code comes with the first rows (lazy-screens.ts): the fallback is seldom seen.
  return (
    <LoadBoundary what="This window" onGiveUp={close}>
      <Suspense fallback={null}>{openOverlay(overlay, close, welcome)}</Suspense>
    </LoadBoundary>
  );
}

function openOverlay(overlay: Overlay, close: () => void, welcome: ReactNode): ReactNode {
  switch (overlay) {
    case 'search':
      return <SearchOverlay onClose={close} />;
    case 'palette':
      return (
        <>
          {welcome}
          <CommandPalette onClose={close} />
        </>
      );
    case 'shortcuts':
      return <ShortcutHelp onClose={close} />;
    case 'settings':
      return <Settings onClose={close} />;
    case 'compose':
      return <NewMessage onClose={close} />;
    default:
      return welcome;
  }
}
