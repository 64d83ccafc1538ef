import type { OutboxItem } from '../../src/app/index.js';
import type { BadgeTone } from '../components/ui/badge.js';

/** An outbox message's state as the page says it, on a badge of its tone (one wording everywhere). */
export const OUTBOX_STATE_WORDS: Readonly<
  Record<OutboxItem['state'], { label: string; tone: BadgeTone }>
> = {
  queued: { label: 'Queued', tone: 'neutral' },
  scheduled: { label: 'Scheduled', tone: 'info' },
  sending: { label: 'Sending', tone: 'accent' },
  sent: { label: 'Sent', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  unknown: { label: 'Outcome unknown', tone: 'warning' },
  held: { label: 'Held', tone: 'warning' },
};
