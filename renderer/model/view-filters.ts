import type {
  ConversationListItem,
  ConversationStatus,
  MAX_LIMIT,
  MethodInput,
} from '../../src/app/index.js';
import type { SidebarSelection } from '../stores/views-store.js';
import type { ViewId } from './views.js';

/** The list filters of `mail.conversations` (src/app/contract/inputs.ts). */
export type ListFilter = MethodInput<'mail.conversations'>;

/** The most one list call returns (the contract's MAX_LIMIT: a change there fails to compile here). */
export const LIST_LIMIT: typeof MAX_LIMIT = 10_000;

/** A conversation's statuses (the contract's CONVERSATION_STATUSES, which the page cannot import). */
export const STATUSES = [
  'open',
  'pending',
  'snoozed',
  'closed',
] as const satisfies readonly ConversationStatus[];

/** A listed status as the contract types it (a list item carries it as a string). */
export function statusOf(value: string): ConversationStatus {
  return (STATUSES as readonly string[]).includes(value) ? (value as ConversationStatus) : 'open';
}

/** The views a list filter describes (Mentions is not one: notes decide it, see mentionsQuery). */
export type FilteredViewId = Exclude<ViewId, 'mentions'>;

/**
 * What each view lists. Unassigned and Mine are work still to do, so open only; the status views
 * are the team's statuses, whoever owns the conversation.
 */
export const VIEW_FILTERS: Record<FilteredViewId, ListFilter> = {
  unassigned: { assignee: 'none', status: 'open' },
  mine: { assignee: 'me', status: 'open' },
  open: { status: 'open' },
  pending: { status: 'pending' },
  snoozed: { status: 'snoozed' },
  closed: { status: 'closed' },
};

export const FILTERED_VIEW_IDS = Object.keys(VIEW_FILTERS) as FilteredViewId[];

/**
 * The search that finds the notes mentioning `email`: a note's `@email` is those words in a row
 * (the contract has no mention filter for lists yet).
 */
export function mentionsQuery(email: string): string {
  return `in:notes "${email.replace(/"/g, '')}"`;
}

/**
 * What the list asks for a sidebar selection: a view's filter; a shared mailbox's open
 * conversations (its inbox, as the team works it); every conversation with a tag, whatever its
 * status. `tagName` resolves a tag's id (the sidebar's) to its name (the filter's).
 */
export function selectionFilter(
  selection: SidebarSelection,
  tagName: (id: string) => string | undefined,
): ListFilter | 'mentions' | undefined {
  if (selection.kind === 'view')
    return selection.id === 'mentions' ? 'mentions' : VIEW_FILTERS[selection.id];
  if (selection.kind === 'mailbox') return { account: selection.id, status: 'open' };
  const name = tagName(selection.id);
  return name === undefined ? undefined : { tag: name };
}

/**
 * Whether a conversation belongs in a filtered list, judged here: what an action changes at once
 * (a conversation closed leaves Unassigned before the app says so). Only team filters are
 * judged; an account filter is kept as it was (no action moves a conversation between accounts).
 */
export function matchesFilter(
  item: Pick<ConversationListItem, 'status' | 'assignee' | 'tags'>,
  filter: ListFilter,
  myEmail: string,
): boolean {
  if (filter.status !== undefined && item.status !== filter.status) return false;
  if (filter.tag !== undefined) {
    const tag = filter.tag.toLowerCase();
    if (!item.tags.some((t) => t.toLowerCase() === tag)) return false;
  }
  const assignee = filter.assignee;
  if (assignee === undefined) return true;
  if (assignee === 'none') return item.assignee === null;
  const wanted = assignee === 'me' ? myEmail : assignee.email;
  return item.assignee !== null && item.assignee.toLowerCase() === wanted.toLowerCase();
}

/** The key a selection's list is kept under (its cache, and answers that arrive late). */
export function selectionKey(selection: SidebarSelection): string {
  return `${selection.kind}:${selection.id}`;
}
