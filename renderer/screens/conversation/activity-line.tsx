import type { ReactNode } from 'react';
import { CircleCheck, Reply, Tag, UserRound } from 'lucide-react';
import type { TeamMember } from '../../../src/app/index.js';
import { fullTime, shortTime } from './model/format-time.js';
import { sameAddress } from './model/address.js';
import { teammateName } from './model/teammate-names.js';
import type { Activity } from './model/timeline.js';

export interface ActivityLineProps {
  activity: Activity;
  at: string;
  teammates: readonly TeamMember[];
  /** This app's user's address: what they did reads as done by "you". */
  me?: string | undefined;
  now?: Date;
}

const STATUS_WORDS: Record<string, string> = {
  open: 'reopened',
  pending: 'marked pending',
  snoozed: 'snoozed',
  closed: 'closed',
};

/**
 * What a teammate did, in words, with who did it last ("assigned to Bo Chen by Ana Lima"):
 * teammates by the names the workspace shows now, else (someone who left) by the name the log
 * kept for them; this app's user as "you" (`me`: their address).
 */
export function activityText(
  activity: Activity,
  teammates: readonly TeamMember[],
  me?: string,
): string {
  const name = (email: string, kept: string) => {
    if (me && sameAddress(email, me)) return 'you';
    const now = teammateName(email, teammates);
    return now === email && kept ? kept : now;
  };
  const by = name(activity.actor, activity.actorName);
  switch (activity.kind) {
    case 'assigned':
      if (activity.assignee === null) return `unassigned by ${by}`;
      if (sameAddress(activity.assignee, activity.actor)) return `self-assigned by ${by}`;
      return `assigned to ${name(activity.assignee, activity.assigneeName ?? '')} by ${by}`;
    case 'status':
      return `${STATUS_WORDS[activity.status] ?? `set to ${activity.status}`} by ${by}`;
    case 'tagged':
      return `tagged ${activity.tag} by ${by}`;
    case 'untagged':
      return `tag ${activity.tag} removed by ${by}`;
    case 'replied':
      return `replied by ${by}`;
  }
}

const ICONS: Record<Activity['kind'], ReactNode> = {
  assigned: <UserRound />,
  status: <CircleCheck />,
  tagged: <Tag />,
  untagged: <Tag />,
  replied: <Reply />,
};

/** One line of the timeline for something the team did. */
export function ActivityLine({ activity, at, teammates, me, now }: ActivityLineProps) {
  const text = activityText(activity, teammates, me);
  return (
    <p className="activity">
      <span className="activity__icon" aria-hidden="true">
        {ICONS[activity.kind]}
      </span>
      <span className="activity__text">{text.charAt(0).toUpperCase() + text.slice(1)}</span>
      <time className="activity__time" dateTime={at} title={fullTime(at)}>
        {shortTime(at, now)}
      </time>
    </p>
  );
}
