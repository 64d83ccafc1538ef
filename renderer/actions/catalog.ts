import { VIEW_IDS, VIEWS, type ViewId } from '../model/views.js';

/*
 * Every action of the app, named once: what the command palette lists, what the shortcut help
 * shows, and what a key runs (issue 11, section 3: the keyboard contract). The screen that can
 * do an action registers its handler (registry.ts); until one has, the action is not offered.
 * `keys` are the shortcuts, the first one shown: a character as typed (`R` is Shift+R, `?` is
 * Shift+/), a key's name (`Enter`, `ArrowDown`), or `Mod+k` (Ctrl, ⌘ on macOS).
 */

export const ACTION_GROUPS = ['Navigate', 'Conversation', 'Write', 'App'] as const;
export type ActionGroup = (typeof ACTION_GROUPS)[number];

export interface ActionSpec {
  title: string;
  group: ActionGroup;
  keys?: readonly string[];
  /** More words the palette matches on. */
  keywords?: readonly string[];
  /** false: in the shortcut help only (a key that opens the palette, or that an overlay handles). */
  inPalette?: false;
}

function viewActions(): Record<`view.${ViewId}`, ActionSpec> {
  const entries = {} as Record<`view.${ViewId}`, ActionSpec>;
  for (const id of VIEW_IDS)
    entries[`view.${id}`] = {
      title: `Go to ${VIEWS[id].label}`,
      group: 'Navigate',
      keywords: ['view', 'inbox'],
    };
  return entries;
}

const SPECS = {
  'list.next': { title: 'Next conversation', group: 'Navigate', keys: ['j', 'ArrowDown'] },
  'list.previous': { title: 'Previous conversation', group: 'Navigate', keys: ['k', 'ArrowUp'] },
  'conversation.open': { title: 'Open conversation', group: 'Navigate', keys: ['Enter', 'o'] },
  'conversation.back': { title: 'Back to the list', group: 'Navigate', keys: ['u'] },
  ...viewActions(),
  'search.open': {
    title: 'Search mail and notes',
    group: 'Navigate',
    keys: ['/'],
    keywords: ['find'],
  },

  'conversation.assign': {
    title: 'Assign to…',
    group: 'Conversation',
    keys: ['a'],
    keywords: ['owner', 'teammate'],
  },
  'conversation.assignToMe': { title: 'Assign to me', group: 'Conversation', keys: ['m'] },
  'conversation.tag': { title: 'Tag…', group: 'Conversation', keys: ['t'], keywords: ['label'] },
  'conversation.snooze': {
    title: 'Snooze…',
    group: 'Conversation',
    keys: ['s'],
    keywords: ['later', 'remind'],
  },
  'conversation.close': {
    title: 'Close conversation',
    group: 'Conversation',
    keys: ['e'],
    keywords: ['done', 'archive', 'resolve'],
  },
  'conversation.reopen': {
    title: 'Reopen conversation',
    group: 'Conversation',
    keywords: ['open'],
  },

  'compose.new': {
    title: 'New message',
    group: 'Write',
    keys: ['c'],
    keywords: ['compose', 'email', 'write'],
  },
  'compose.reply': { title: 'Reply', group: 'Write', keys: ['r'] },
  'compose.replyAll': { title: 'Reply all', group: 'Write', keys: ['R'] },
  'compose.forward': { title: 'Forward', group: 'Write', keys: ['f'] },
  'compose.note': {
    title: 'Write an internal note',
    group: 'Write',
    keys: ['n'],
    keywords: ['comment', 'mention'],
  },

  'palette.open': { title: 'Command palette', group: 'App', keys: ['Mod+k'], inPalette: false },
  'shortcuts.open': {
    title: 'Keyboard shortcuts',
    group: 'App',
    keys: ['?'],
    keywords: ['help', 'keys'],
  },
  'settings.open': {
    title: 'Open settings',
    group: 'App',
    keys: ['Mod+,'],
    keywords: ['accounts', 'team', 'members', 'signatures', 'canned', 'preferences'],
  },
  'theme.light': { title: 'Theme: light', group: 'App', keywords: ['appearance'] },
  'theme.dark': { title: 'Theme: dark', group: 'App', keywords: ['appearance', 'night'] },
  'theme.system': { title: 'Theme: follow the system', group: 'App', keywords: ['appearance'] },
  'overlay.close': {
    title: 'Close what is open',
    group: 'App',
    keys: ['Escape'],
    inPalette: false,
  },
} satisfies Record<string, ActionSpec>;

export type ActionId = keyof typeof SPECS;

export const ACTIONS: Readonly<Record<ActionId, ActionSpec>> = SPECS;

export const ACTION_IDS = Object.keys(ACTIONS) as ActionId[];
