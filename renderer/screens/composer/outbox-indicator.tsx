import { useEffect, useId, useRef, useState } from 'react';
import { Send } from 'lucide-react';
import type { OutboxItem } from '../../../src/app/index.js';
import { Badge } from '../../components/ui/badge.js';
import { Button } from '../../components/ui/button.js';
import { undoSend } from '../../bridge/composer-bridge.js';
import { startOutboxBridge } from '../../bridge/outbox-bridge.js';
import { OUTBOX_STATE_WORDS } from '../../model/outbox-states.js';
import { shortTime } from '../conversation/model/format-time.js';
import { useOutboxStore } from '../../stores/outbox-store.js';
import { useWorkspaceStore } from '../../stores/workspace-store.js';
import { HeldNotice, NEEDS_DECISION } from './held-notice.js';
import './outbox-indicator.css';

/** Messages still on their way (or waiting for a decision): what the indicator counts. */
const NOT_DONE: ReadonlySet<OutboxItem['state']> = new Set([
  'queued',
  'scheduled',
  'sending',
  'held',
  'unknown',
  'failed',
]);

/**
 * The outbox, calm: nothing while every message has gone; else a small "Outbox" button with how
 * many wait (tinted when one needs its author), opening the list of them with what can be done
 * (undo a waiting one, send a held one anyway, send a failed or unknown one again). For the
 * sidebar's footer.
 */
export function OutboxIndicator() {
  useEffect(() => startOutboxBridge(), []);
  const items = useOutboxStore((s) => s.items);
  const teammates = useWorkspaceStore((s) => s.teammates);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const pending = items.filter((item) => NOT_DONE.has(item.state));
  const urgent = pending.filter((item) => NEEDS_DECISION.has(item.state)).length;

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  if (pending.length === 0) return null;
  const summary =
    urgent > 0
      ? `${urgent} ${urgent === 1 ? 'message needs' : 'messages need'} you`
      : `${pending.length} ${pending.length === 1 ? 'message' : 'messages'} on the way`;
  return (
    <div
      ref={root}
      className="outbox-indicator"
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        event.preventDefault();
        setOpen(false);
      }}
    >
      <button
        type="button"
        className="outbox-indicator__button"
        data-urgent={urgent > 0 || undefined}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Outbox: ${summary}`}
        onClick={() => setOpen((was) => !was)}
      >
        <Send aria-hidden="true" />
        <span>Outbox</span>
        <span className="outbox-indicator__count" aria-hidden="true">
          {pending.length}
        </span>
      </button>
      {open ? (
        <div id={panelId} className="outbox-panel" role="dialog" aria-label="Outbox">
          <p className="outbox-panel__summary">{summary}</p>
          <ul className="outbox-panel__list">
            {pending.map((item) => (
              <li key={item.id} className="outbox-panel__item">
                <div className="outbox-panel__head">
                  <span className="outbox-panel__subject">{item.subject || '(no subject)'}</span>
                  <Badge tone={OUTBOX_STATE_WORDS[item.state].tone} dot>
                    {OUTBOX_STATE_WORDS[item.state].label}
                  </Badge>
                </div>
                <p className="outbox-panel__to">To {item.to.join(', ')}</p>
                {item.error && !NEEDS_DECISION.has(item.state) ? (
                  <p className="outbox-panel__error">{item.error}</p>
                ) : null}
                {NEEDS_DECISION.has(item.state) ? (
                  <HeldNotice item={item} teammates={teammates} variant="inline" />
                ) : item.state === 'queued' || item.state === 'scheduled' ? (
                  <div className="outbox-panel__actions">
                    <span className="outbox-panel__when">{whenItGoes(item)}</span>
                    <Button size="sm" variant="ghost" onClick={() => void undoSend(item.id)}>
                      Undo
                    </Button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** "Goes at 2:05 PM" ("Next try at …" after a failure), as the app's sendAt says. */
function whenItGoes(item: OutboxItem): string {
  if (!item.sendAt) return '';
  return `${item.error ? 'Next try' : 'Goes'} at ${shortTime(item.sendAt)}`;
}
