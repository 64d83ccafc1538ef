import type { Db } from '../db/open-database.js';
import {
  assigneeCondition,
  EFFECTIVE_STATUS,
  mentionCondition,
  type MentionFilter,
  type TeamFilter,
} from './conversation-queries.js';

/** How many conversations each view of the inbox holds, as its list filters them. */
export interface ViewCounts {
  /** Open, assigned to nobody. */
  unassigned: number;
  /** Open, assigned to this member. */
  mine: number;
  open: number;
  pending: number;
  snoozed: number;
  closed: number;
  /** Whatever their status: a teammate's note mentions this member. */
  mentions: number;
}

export interface ConversationCounts {
  views: ViewCounts;
  /** Open conversations with a message not read yet. */
  unread: number;
}

/**
 * The inbox's counts in two walks of the conversations (their team state joined once, not a
 * list per view): the views' filters are listConversations' own conditions, the effective status
 * included (a snooze whose time has come counts as open).
 */
export function countConversations(
  db: Db,
  options: {
    accountId?: string;
    /** Who "Mine" is. */
    me: Exclude<NonNullable<TeamFilter['assignee']>, 'none'>;
    /** Whose mentions, in which notes; undefined: no workspace, no notes, none. */
    mentioned: MentionFilter | undefined;
    /** The time snoozes are compared with (ms). */
    now: number;
  },
): ConversationCounts {
  const scope = options.accountId ? 'AND c.account_id = ?' : '';
  const scopeParams = options.accountId ? [options.accountId] : [];
  const mine = assigneeCondition(options.me);
  const row = db
    .prepare<unknown[], Omit<ViewCounts, 'mentions'> & { unread: number }>(
      `SELECT coalesce(sum(s = 'open' AND unassigned), 0) AS unassigned,
              coalesce(sum(s = 'open' AND mine), 0) AS mine,
              coalesce(sum(s = 'open'), 0) AS open,
              coalesce(sum(s = 'pending'), 0) AS pending,
              coalesce(sum(s = 'snoozed'), 0) AS snoozed,
              coalesce(sum(s = 'closed'), 0) AS closed,
              coalesce(sum(s = 'open' AND unread), 0) AS unread
       FROM (SELECT ${EFFECTIVE_STATUS} AS s, ${assigneeCondition('none').sql} AS unassigned,
                    ${mine.sql} AS mine, c.unread_count > 0 AS unread
             FROM conversations c LEFT JOIN conversation_team_state t ON t.conversation_id = c.id
             WHERE c.message_count > 0 ${scope})`,
    )
    .get(options.now, ...mine.params, ...scopeParams)!;
  const { unread, ...views } = row;
  return {
    views: { ...views, mentions: countMentions(db, options.mentioned, scope, scopeParams) },
    unread,
  };
}

function countMentions(
  db: Db,
  mentioned: MentionFilter | undefined,
  scope: string,
  scopeParams: unknown[],
): number {
  if (!mentioned) return 0;
  const mention = mentionCondition(mentioned);
  return db
    .prepare<unknown[], number>(
      `SELECT count(*) FROM conversations c WHERE c.message_count > 0 ${scope} AND ${mention.sql}`,
    )
    .pluck()
    .get(...scopeParams, ...mention.params)!;
}
