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
 * The inbox's counts: the views' filters are listConversations' own conditions, the effective
 * status included (a snooze whose time has come counts as open). A conversation without team
 * state is open and unassigned, and most have none: the conversations are only counted (no join),
 * and the team state's few rows are walked, so that a count of 100,000 conversations costs a
 * scan of one table, not a join per conversation (the host answers one call at a time, and a
 * recount follows every triage).
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
  // One snapshot for both walks: a sync's commit between them would count a conversation twice.
  return db.transaction(() => {
    const all = db
      .prepare<unknown[], { total: number; unread: number }>(
        `SELECT count(*) AS total, coalesce(sum(c.unread_count > 0), 0) AS unread
       FROM conversations c WHERE c.message_count > 0 ${scope}`,
      )
      .get(...scopeParams)!;
    const withState = db
      .prepare<
        unknown[],
        {
          rows: number;
          open: number;
          openAssigned: number;
          mine: number;
          pending: number;
          snoozed: number;
          closed: number;
          unreadNotOpen: number;
        }
      >(
        `SELECT count(*) AS rows,
              coalesce(sum(s = 'open'), 0) AS open,
              coalesce(sum(s = 'open' AND NOT unassigned), 0) AS openAssigned,
              coalesce(sum(s = 'open' AND mine), 0) AS mine,
              coalesce(sum(s = 'pending'), 0) AS pending,
              coalesce(sum(s = 'snoozed'), 0) AS snoozed,
              coalesce(sum(s = 'closed'), 0) AS closed,
              coalesce(sum(s <> 'open' AND unread), 0) AS unreadNotOpen
       FROM (SELECT ${EFFECTIVE_STATUS} AS s, ${assigneeCondition('none').sql} AS unassigned,
                    ${mine.sql} AS mine, c.unread_count > 0 AS unread
             FROM conversation_team_state t JOIN conversations c ON c.id = t.conversation_id
             WHERE c.message_count > 0 ${scope})`,
      )
      .get(options.now, ...mine.params, ...scopeParams)!;
    // The conversations without team state: open, assigned to nobody.
    const open = all.total - withState.rows + withState.open;
    return {
      views: {
        unassigned: open - withState.openAssigned,
        mine: withState.mine,
        open,
        pending: withState.pending,
        snoozed: withState.snoozed,
        closed: withState.closed,
        mentions: countMentions(db, options.mentioned, scope, scopeParams),
      },
      unread: all.unread - withState.unreadNotOpen,
    };
  })();
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
