import { lazy, Suspense, useEffect } from 'react';
import { closeComposer } from '../../bridge/composer-bridge.js';
import { LoadBoundary } from '../../components/ui/load-boundary.js';
import { startOutboxBridge } from '../../bridge/outbox-bridge.js';
import { showingConversation } from '../../bridge/send-toast.js';
import { useComposerStore } from '../../stores/composer-store.js';
import { useOutboxStore } from '../../stores/outbox-store.js';
import { useWorkspaceStore } from '../../stores/workspace-store.js';
import { HeldNotice, NEEDS_DECISION } from './held-notice.js';
import { useComposerActions } from './use-composer-actions.js';
import { useTypeAhead } from './use-type-ahead.js';
import './composer-slot.css';

/**
 * The composer and its editor (Tiptap, ProseMirror: the largest part of the page's code) load
 * when a composer first opens, not with the inbox's first paint.
 */
const Composer = lazy(() =>
  import('./composer.js').then(({ Composer }) => ({ default: Composer })),
);

/**
 * Where the conversation screen puts its composer (below its timeline): the conversation's
 * messages that wait for their author (held, failed, unknown) and the composer when one is open
 * on it. While mounted, r / R / f / n open it (the app's action keys); a composer open on a
 * conversation that leaves the screen closes (its draft stays, for the team).
 */
export function ComposerSlot({ conversationId }: { conversationId: string }) {
  useEffect(() => startOutboxBridge(), []);
  useEffect(() => showingConversation(conversationId), [conversationId]);
  useComposerActions(conversationId);
  useEffect(
    () => () => {
      if (useComposerStore.getState().target?.conversationId === conversationId)
        void closeComposer();
    },
    [conversationId],
  );
  const open = useComposerStore((s) => s.target?.conversationId === conversationId);
  useTypeAhead(conversationId);
  const items = useOutboxStore((s) => s.items);
  const teammates = useWorkspaceStore((s) => s.teammates);
  const waiting = items.filter(
    (item) => item.conversationId === conversationId && NEEDS_DECISION.has(item.state),
  );
  if (waiting.length === 0 && !open) return null;
  return (
    <div className="composer-slot">
      {waiting.map((item) => (
        <HeldNotice key={item.id} item={item} teammates={teammates} />
      ))}
      {open ? (
        <LoadBoundary what="The composer" onGiveUp={() => void closeComposer()}>
          <Suspense fallback={<div className="composer-slot__loading" aria-busy="true" />}>
            <Composer conversationId={conversationId} />
          </Suspense>
        </LoadBoundary>
      ) : null}
    </div>
  );
}
