import { useConversationsStore } from '../stores/conversations-store.js';
import { afterFrame } from './after-frame.js';

/** The longest the rest of the page waits for the list (a host slow to answer it, a hidden tab). */
const AT_MOST_MS = 1000;

/**
 * Calls `start` once the list's first rows are on screen (the list loaded, then its frame
 * painted), or after AT_MOST_MS, whichever comes first. What the page asks for besides the list
 * (the directory, the counts, presence, the connection) then neither delays the list's answer
 * nor queues its own answers' work before the frame that shows the rows. Returns what cancels it.
 */
export function afterFirstRows(start: () => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    stopWatching();
    start();
  };
  const timer = setTimeout(run, AT_MOST_MS);
  // The frame that shows the rows, and the tasks queued behind it, first.
  const afterPaint = () => afterFrame(run, 2);
  const loaded = () => useConversationsStore.getState().load.status !== 'loading';
  const stopWatching = useConversationsStore.subscribe(() => {
    if (!loaded()) return;
    stopWatching();
    afterPaint();
  });
  if (loaded()) afterPaint();
  return () => {
    done = true;
    clearTimeout(timer);
    stopWatching();
  };
}
