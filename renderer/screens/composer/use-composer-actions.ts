import { useRegisterActions } from '../../actions/use-actions.js';
import { openComposer } from '../../bridge/composer-bridge.js';
import type { ComposerMode } from '../../stores/composer-store.js';

/**
 * The Write actions of the open conversation (the catalogue's compose.*: keys r, R, f, n, and
 * the palette): each opens the composer on it.
 */
export function useComposerActions(conversationId: string): void {
  const opener = (mode: ComposerMode) => ({
    run: () => void openComposer(conversationId, mode),
  });
  useRegisterActions({
    'compose.reply': opener('reply'),
    'compose.replyAll': opener('reply-all'),
    'compose.forward': opener('forward'),
    'compose.note': opener('note'),
  });
}
