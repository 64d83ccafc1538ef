import {
  CONVERSATION_STATUSES,
  isEmailAddress,
  MAX_LIMIT,
  UserError,
  type ConversationStatus,
} from '../app/index.js';

export { MAX_LIMIT };
import { stringOption, type CliValues } from './command-context.js';

/*
 * Option values the list commands filter on, refused with one line when they cannot match
 * anything: a filter that silently matches nothing looks like an empty inbox.
 */

/** `--limit N`: a whole number from 1 to MAX_LIMIT. */
export function limitOption(values: CliValues): number | undefined {
  const text = stringOption(values, 'limit');
  if (text === undefined) return undefined;
  const limit = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT))
    throw new UserError(
      'invalid',
      `--limit expects a whole number from 1 to ${MAX_LIMIT}, got ${text}`,
    );
  return limit;
}

/** `--status S`: one of the team statuses. */
export function statusOption(values: CliValues): ConversationStatus | undefined {
  const text = stringOption(values, 'status');
  if (text === undefined) return undefined;
  if (!(CONVERSATION_STATUSES as readonly string[]).includes(text))
    throw new UserError(
      'invalid',
      `--status expects one of ${CONVERSATION_STATUSES.join('|')}, got ${text}`,
    );
  return text as ConversationStatus;
}

/** `--assignee EMAIL|me|none`, as given. */
export function assigneeOption(values: CliValues): string | undefined {
  const text = stringOption(values, 'assignee');
  if (text === undefined || text === 'none' || text === 'me' || isEmailAddress(text)) return text;
  throw new UserError('invalid', `--assignee expects an email address, me or none, got ${text}`);
}

/** A date option (`--until`, `--at`): any date JavaScript reads, as the instant a call takes. */
export function instantOption(values: CliValues, key: string): string | undefined {
  const text = stringOption(values, key);
  if (text === undefined) return undefined;
  const instant = Date.parse(text);
  if (!Number.isFinite(instant))
    throw new UserError('invalid', `not a date: ${text} (use ISO 8601, e.g. 2026-12-01T09:00:00Z)`);
  return new Date(instant).toISOString();
}
