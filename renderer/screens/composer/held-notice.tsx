import { useState } from 'react';
import { CircleAlert, PauseCircle } from 'lucide-react';
import type { OutboxItem, TeamMember } from '../../../src/app/index.js';
import { Avatar } from '../../components/ui/avatar.js';
import { Button } from '../../components/ui/button.js';
import { resend, revise, sendAnyway } from '../../bridge/composer-bridge.js';
import { messageOf } from '../../bridge/link-events.js';
import { heldBy, heldInWords } from './held-reason.js';
import './held-notice.css';

/** The outbox states an agent has to decide about. */
export const NEEDS_DECISION: ReadonlySet<OutboxItem['state']> = new Set([
  'held',
  'unknown',
  'failed',
]);

const TITLES: Record<string, string> = {
  held: 'Reply held, not sent',
  unknown: 'Not sure this message was sent',
  failed: 'This message was not sent',
};

export interface HeldNoticeProps {
  item: OutboxItem;
  teammates: readonly TeamMember[];
  /**
   * `card`: the conversation's own notice, with Revise (which opens its composer); `inline`: a
   * line of the outbox's list, which names the message and its state itself.
   */
  variant?: 'card' | 'inline';
}

/**
 * A message of the outbox waiting for its author: held by the collision guard (the reason and
 * who, then "Send anyway" or "Revise", which puts it back in the draft), or failed or of unknown
 * outcome ("Send again": for unknown, it may then arrive twice).
 */
export function HeldNotice({ item, teammates, variant = 'card' }: HeldNoticeProps) {
  const canRevise = variant === 'card';
  const [busy, setBusy] = useState<'anyway' | 'revise' | 'resend' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const held = item.state === 'held' ? item.held : undefined;
  const who = heldBy(held, teammates);
  const run = (which: NonNullable<typeof busy>, action: () => Promise<unknown>) => {
    setBusy(which);
    setProblem(null);
    action().then(
      () => setBusy(null),
      (error: unknown) => {
        setBusy(null);
        setProblem(messageOf(error));
      },
    );
  };
  const Icon = item.state === 'held' ? PauseCircle : CircleAlert;
  const detail = item.state === 'failed' ? item.error : item.reason;
  const words = heldInWords(held, detail, who);
  return (
    <section
      className={`held-notice held-notice--${variant}`}
      data-state={item.state}
      aria-label={TITLES[item.state] ?? 'Outbox message'}
    >
      {variant === 'card' ? <Icon className="held-notice__icon" aria-hidden="true" /> : null}
      <div className="held-notice__text">
        {variant === 'card' ? <p className="held-notice__title">{TITLES[item.state]}</p> : null}
        <p className="held-notice__reason">
          {who ? <Avatar name={who.name} email={who.email} size="xs" decorative /> : null}
          <span>{words}</span>
        </p>
        {problem ? (
          <p className="held-notice__problem" role="alert">
            {problem}
          </p>
        ) : null}
      </div>
      <div className="held-notice__actions">
        {item.state === 'held' ? (
          <>
            {canRevise && item.conversationId ? (
              <Button
                size="sm"
                busy={busy === 'revise'}
                disabled={busy !== null}
                onClick={() => run('revise', () => revise(item.id, item.conversationId!))}
              >
                Revise
              </Button>
            ) : null}
            <Button
              size="sm"
              variant="primary"
              busy={busy === 'anyway'}
              disabled={busy !== null}
              onClick={() => run('anyway', () => sendAnyway(item.id))}
            >
              Send anyway
            </Button>
          </>
        ) : (
          <Button
            size="sm"
            busy={busy === 'resend'}
            disabled={busy !== null}
            onClick={() => run('resend', () => resend(item.id))}
          >
            Send again
          </Button>
        )}
      </div>
    </section>
  );
}
