import { useState } from 'react';
import { useAccountsStore } from '../../stores/accounts-store.js';
import { useUiStore } from '../../stores/ui-store.js';
import { Onboarding } from '../onboarding/onboarding.js';
import { CommandPalette } from '../palette/command-palette.js';
import { SearchOverlay } from '../search/search-overlay.js';
import { Settings } from '../settings/settings.js';
import { ShortcutHelp } from '../shortcuts/shortcut-help.js';
import { useAppActions } from './use-app-actions.js';
import { useOverlayBridges } from './use-overlay-bridges.js';

/**
 * What opens over the panes, one at a time (the ui store's overlay): search, the command
 * palette, the shortcut help, the settings; the first-run welcome while there is no account;
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
    default:
      return welcome;
  }
}
