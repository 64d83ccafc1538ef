import { useState } from 'react';
import { CircleAlert, PauseCircle } from 'lucide-react';
import type { OutboxItem, TeamMember } from '../../../src/app/index.js';
import { Avatar } from '../../components/ui/avatar.js';
import { Button } from '../../components/ui/button.js';
import { resend, revise, sendAnyway } from '../../bridge/composer-bridge.js';
import { messageOf } from '../../bridge/link-events.js';

/** The outbox states an agent has to decide about. */
export const NEEDS_DECISION: ReadonlySet<OutboxItem['state']> = new Set([
  'held',
  'unknown',
  'failed',
]);

/**
 * The teammate a held reply's reason names (the app says who by address), to show by name and
 * face; none when the reason names someone else (the customer who wrote again).
 */
export function teammateNamed(
  reason: string | undefined,
  teammates: readonly TeamMember[],
): TeamMember | undefined {
  const text = (reason ?? '').toLowerCase();
  return teammates.find((member) => member.email && text.includes(member.email.toLowerCase()));
}

/** The reason, a teammate's address replaced by their name. */
export function reasonInWords(reason: string | undefined, who: TeamMember | undefined): string {
  if (!reason) return '';
  const said = who ? reason.split(who.email).join(who.name || who.email) : reason;
  return said.charAt(0).toUpperCase() + said.slice(1) + (said.endsWith('.') ? '' : '.');
}

const TITLES: Record<string, string> = {
  held: 'Reply held, not sent',
  unknown: 'Not sure this message was sent',
  failed: 'This message was not sent',
};

export interface HeldNoticeProps {
  item: OutboxItem;
  teammates: readonly TeamMember[];
  /** The conversation's own notice (Revise opens its composer); the outbox list has no Revise. */
  canRevise?: boolean;
}

/**
 * A message of the outbox waiting for its author: held by the collision guard (the reason and
 * who, then "Send anyway" or "Revise", which puts it back in the draft), or failed or of unknown
 * outcome ("Send again": for unknown, it may then arrive twice).
 */
export function HeldNotice({ item, teammates, canRevise = true }: HeldNoticeProps) {
  const [busy, setBusy] = useState<'anyway' | 'revise' | 'resend' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const who = item.state === 'held' ? teammateNamed(item.reason, teammates) : undefined;
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
  return (
    <section
      className="held-notice"
      data-state={item.state}
      aria-label={TITLES[item.state] ?? 'Outbox message'}
    >
      <Icon className="held-notice__icon" aria-hidden="true" />
      <div className="held-notice__text">
        <p className="held-notice__title">{TITLES[item.state]}</p>
        <p className="held-notice__reason">
          {who ? <Avatar name={who.name} email={who.email} size="xs" decorative /> : null}
          <span>{reasonInWords(detail, who)}</span>
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
