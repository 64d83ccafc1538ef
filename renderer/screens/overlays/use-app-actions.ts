import type { ActionHandler, ActionId } from '../../actions/index.js';
import { useRegisterActions } from '../../actions/index.js';
import { VIEW_IDS } from '../../model/views.js';
import { openNewMessage } from '../../bridge/new-message-bridge.js';
import { useAccountsStore } from '../../stores/accounts-store.js';
import { useUiStore, type Theme } from '../../stores/ui-store.js';
import { useViewsStore } from '../../stores/views-store.js';

const openOverlay = (overlay: 'search' | 'settings' | 'shortcuts') => ({
  run: () => useUiStore.getState().openOverlay(overlay),
});

const theme = (value: Theme) => ({ run: () => useUiStore.getState().setTheme(value) });

/**
 * The app's own actions (the overlays, the views, the theme): what the palette and the keys
 * run besides the inbox's triage and the composer's writing, which those screens register.
 */
export function useAppActions(): void {
  const views: Partial<Record<ActionId, ActionHandler>> = {};
  for (const id of VIEW_IDS)
    views[`view.${id}`] = { run: () => useViewsStore.getState().select({ kind: 'view', id }) };
  useRegisterActions({
    ...views,
    'search.open': openOverlay('search'),
    'settings.open': openOverlay('settings'),
    'shortcuts.open': openOverlay('shortcuts'),
    'compose.new': {
      run: () => openNewMessage(),
      enabled: () => useAccountsStore.getState().accounts.length > 0,
    },
    // The same keys close it again, as in every app with a palette.
    'palette.open': {
      run: () => {
        const ui = useUiStore.getState();
        if (ui.overlay === 'palette') ui.closeOverlay();
        else ui.openOverlay('palette');
      },
    },
    'theme.light': theme('light'),
    'theme.dark': theme('dark'),
    'theme.system': theme('system'),
  });
}
