/*
 * The inbox's views (issue 11: the sidebar's Unassigned, Mine, All open, Pending, Snoozed,
 * Closed, Mentions). Their labels are also their accessible names, which automated checks use
 * exactly: change one and the accessibility contract changes with it.
 */
export const VIEW_IDS = [
  'unassigned',
  'mine',
  'open',
  'pending',
  'snoozed',
  'closed',
  'mentions',
] as const;

export type ViewId = (typeof VIEW_IDS)[number];

export interface ViewCopy {
  label: string;
  /** The list pane's empty state: what the view holds, so an empty one still says something. */
  emptyTitle: string;
  emptyDescription: string;
}

export const VIEWS: Record<ViewId, ViewCopy> = {
  unassigned: {
    label: 'Unassigned',
    emptyTitle: 'Nothing waiting for an owner',
    emptyDescription: 'New conversations that nobody has taken land here.',
  },
  mine: {
    label: 'Mine',
    emptyTitle: 'You’re all caught up',
    emptyDescription: 'Conversations assigned to you that are still open show up here.',
  },
  open: {
    label: 'All open',
    emptyTitle: 'No open conversations',
    emptyDescription: 'Every conversation the team has not closed yet, whoever owns it.',
  },
  pending: {
    label: 'Pending',
    emptyTitle: 'Nothing pending',
    emptyDescription: 'Conversations waiting on the customer’s answer wait here.',
  },
  snoozed: {
    label: 'Snoozed',
    emptyTitle: 'Nothing snoozed',
    emptyDescription: 'Snoozed conversations come back to the inbox at their time.',
  },
  closed: {
    label: 'Closed',
    emptyTitle: 'No closed conversations',
    emptyDescription: 'Conversations the team has finished with.',
  },
  mentions: {
    label: 'Mentions',
    emptyTitle: 'No mentions',
    emptyDescription: 'Notes where a teammate mentioned you with @ appear here.',
  },
};
