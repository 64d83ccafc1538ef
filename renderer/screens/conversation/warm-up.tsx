import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { ConversationView as View } from '../../../src/app/index.js';
import { useRemoteImagesStore } from '../../stores/remote-images-store.js';
import { useUiStore } from '../../stores/ui-store.js';
import { useWorkspaceStore } from '../../stores/workspace-store.js';
import { ConversationView } from './conversation-view.js';

const nothing = () => undefined;

/**
 * Draws `view` once into an element that is not in the page, then drops it: the conversation
 * screen's code runs a first time before the reader's first open instead of during it. Its code
 * is compiled ahead already (vite.config.ts), but a function's first runs are still slow ones
 * (V8's inline caches are empty): the first three opens of a session took 31-38 ms against
 * 15-20 for the later ones. Nothing of it is seen, focused or asked of the app (no HTML is asked:
 * `onWantContent` is left out), and the page's stores are only read.
 */
export function warmUpConversation(view: View): void {
  const { teammates, tags, me } = useWorkspaceStore.getState();
  const root = createRoot(document.createElement('div'));
  flushSync(() =>
    root.render(
      <ConversationView
        view={view}
        teammates={teammates}
        me={me.email || undefined}
        tags={tags}
        presence={[]}
        allowedSenders={useRemoteImagesStore.getState().senders}
        onAllowSender={nothing}
        onAttachment={nothing}
        theme={useUiStore.getState().theme}
      />,
    ),
  );
  root.unmount();
}
