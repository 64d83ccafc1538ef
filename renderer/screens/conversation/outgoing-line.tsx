import { Send } from 'lucide-react';
import type { OutboxItem } from '../../../src/app/index.js';
import { Badge } from '../../components/ui/badge.js';
import { OUTBOX_STATE_WORDS } from '../../model/outbox-states.js';
import { parsePerson, shortName } from './model/address.js';
import { shortTime } from './model/format-time.js';

/**
 * A reply written here that is not mail of the conversation yet (the outbox's): where it is on
 * its way. Why one is held, and what to do about it, the composer says below the timeline.
 */
export function OutgoingLine({ item, now }: { item: OutboxItem; now?: Date }) {
  const state = OUTBOX_STATE_WORDS[item.state];
  const to = item.to.map((entry) => shortName(parsePerson(entry))).join(', ');
  const when =
    item.state === 'sent' && item.sentAt
      ? `sent ${shortTime(item.sentAt, now)}`
      : item.sendAt && (item.state === 'queued' || item.state === 'scheduled')
        ? `goes at ${shortTime(item.sendAt, now)}`
        : '';
  return (
    <p className="outgoing">
      <span className="activity__icon" aria-hidden="true">
        <Send />
      </span>
      <span className="outgoing__text">{`Your reply to ${to || 'the customer'}`}</span>
      <Badge tone={state.tone}>{state.label}</Badge>
      {when ? <span className="outgoing__when">{when}</span> : null}
    </p>
  );
}
