import type { ConversationListItem, ConversationStatus, MethodInput } from '../../src/app/index.js';
import type { SidebarSelection } from '../stores/views-store.js';
import type { ViewId } from './views.js';

/** The list filters of `mail.conversations` (src/app/contract/inputs.ts). */
export type ListFilter = MethodInput<'mail.conversations'>;

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

/**
 * What each view lists (mail.counts counts the same in SQL: src/queries/conversation-counts.ts).
 * Unassigned and Mine are work still to do, so open only; the status views are the team's
 * statuses, whoever owns the conversation; Mentions, whatever its status, where a teammate's
 * note mentions this member.
 */
export const VIEW_FILTERS: Record<ViewId, ListFilter> = {
  unassigned: { assignee: 'none', status: 'open' },
  mine: { assignee: 'me', status: 'open' },
  open: { status: 'open' },
  pending: { status: 'pending' },
  snoozed: { status: 'snoozed' },
  closed: { status: 'closed' },
  mentions: { mentioned: 'me' },
};

/**
 * What the list asks for a sidebar selection: a view's filter; a shared mailbox's open
 * conversations (its inbox, as the team works it); every conversation with a tag, whatever its
 * status. `tagName` resolves a tag's id (the sidebar's) to its name (the filter's).
 */
export function selectionFilter(
  selection: SidebarSelection,
  tagName: (id: string) => string | undefined,
): ListFilter | undefined {
  if (selection.kind === 'view') return VIEW_FILTERS[selection.id];
  if (selection.kind === 'mailbox') return { account: selection.id, status: 'open' };
  const name = tagName(selection.id);
  return name === undefined ? undefined : { tag: name };
}

/**
 * Whether a conversation belongs in a filtered list, judged here: what an action changes at once
 * (a conversation closed leaves Unassigned before the app says so). Only team filters are
 * judged; an account filter is kept as it was (no action moves a conversation between accounts),
 * and so are mentions (notes are not triage).
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
