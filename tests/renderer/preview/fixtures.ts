import type { TagInfo } from '../../../src/app/index.js';
import type { TeammateEntry } from '../../../renderer/layout/sidebar/sidebar.js';
import type { ViewCounts } from '../../../renderer/stores/views-store.js';
import type { WorkspaceData } from '../../../renderer/stores/workspace-store.js';

/*
 * Made-up data for the preview page's screenshots only (tests/, never the product): a small
 * support team as the demo workspace will have one.
 */
export const TAGS: TagInfo[] = [
  { id: 't-billing', name: 'Billing', color: '#e8590c' },
  { id: 't-bug', name: 'Bug', color: '#e03131' },
  { id: 't-feature', name: 'Feature request', color: '#7048e8' },
  { id: 't-vip', name: 'VIP', color: '#f59f00' },
  { id: 't-onboarding', name: 'Onboarding', color: '#1c7ed6' },
];

export const WORKSPACE: WorkspaceData = {
  name: 'Northwind Support',
  me: { name: 'Ana Lima', email: 'ana@northwind.example' },
  mailboxes: [
    { id: 'm-support', name: 'Support', email: 'support@northwind.example', unread: 12 },
    { id: 'm-billing', name: 'Billing', email: 'billing@northwind.example', unread: 3 },
    { id: 'm-partners', name: 'Partnerships', email: 'partners@northwind.example', unread: 0 },
  ],
  tags: TAGS,
  teammates: [
    {
      id: 'u-ana',
      name: 'Ana Lima',
      email: 'ana@northwind.example',
      role: 'admin',
      permissions: {},
      defaultPermission: 'full-access',
    },
    {
      id: 'u-bo',
      name: 'Bo Chen',
      email: 'bo@northwind.example',
      role: 'agent',
      permissions: {},
      defaultPermission: 'full-access',
    },
    {
      id: 'u-carmen',
      name: 'Carmen Ruiz',
      email: 'carmen@northwind.example',
      role: 'agent',
      permissions: {},
      defaultPermission: 'full-access',
    },
    {
      id: 'u-dev',
      name: 'Dev Patel',
      email: 'dev@northwind.example',
      role: 'agent',
      permissions: {},
      defaultPermission: 'full-access',
    },
    {
      id: 'u-emma',
      name: 'Emma Wilson',
      email: 'emma@northwind.example',
      role: 'viewer',
      permissions: {},
      defaultPermission: 'read-only',
    },
  ],
};

export const ONLINE_MEMBER_IDS = ['u-bo', 'u-carmen'];

export const COUNTS: ViewCounts = {
  unassigned: 14,
  mine: 6,
  open: 48,
  pending: 9,
  snoozed: 0,
  closed: 1204,
  mentions: 2,
};

export const GALLERY_PEOPLE: TeammateEntry[] = WORKSPACE.teammates.map((member, i) => ({
  member,
  presence: (['online', 'online', 'away', 'offline', undefined] as const)[i],
}));
