import { createElement, lazy, type ComponentType, type ReactElement } from 'react';
// Types only: erased from the build, they bring none of the screens' code into the main chunk.
import type { ConversationScreenProps } from './conversation/conversation-screen.js';
import type { OnboardingProps } from './onboarding/onboarding.js';

/*
 * The screens that are not on the app's first screen, each a chunk of its own: the open
 * conversation (with the mail sanitizer) and the overlays (search, the palette, the settings,
 * the shortcut help, the first-run welcome). The first rows then wait for less code to be
 * evaluated (the main chunk went from 466 to 319 kB). preloadScreens() fetches them all once
 * those rows are painted, so that opening one does not wait for its code either. (The composer's
 * editor loads on its first opening instead: it is the largest, and most sessions only read and
 * triage.)
 */

interface LazyScreen<P> {
  (props: P): ReactElement;
  preload(): Promise<void>;
}

/**
 * A screen whose code comes when it is first drawn or preloaded. Once loaded it draws at once:
 * React's lazy() alone would suspend its first drawing for a turn even then (a blank frame where
 * the search box should be).
 */
function lazyScreen<P extends object>(
  load: () => Promise<Record<string, unknown>>,
  name: string,
): LazyScreen<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<void> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (module) => {
        loaded = module[name] as ComponentType<P>;
      },
      (error: unknown) => {
        loading = undefined; // Tried again at the next drawing; its boundary tells the reader.
        throw error;
      },
    ));
  const Suspending = lazy(() => preload().then(() => ({ default: loaded! })));
  const Screen = (props: P) => createElement((loaded ?? Suspending) as ComponentType<P>, props);
  Screen.preload = preload;
  return Screen;
}

export const ConversationScreen = lazyScreen<ConversationScreenProps>(
  () => import('./conversation/conversation-screen.js'),
  'ConversationScreen',
);
export const Onboarding = lazyScreen<OnboardingProps>(
  () => import('./onboarding/onboarding.js'),
  'Onboarding',
);
export const CommandPalette = lazyScreen<{ onClose: () => void }>(
  () => import('./palette/command-palette.js'),
  'CommandPalette',
);
export const SearchOverlay = lazyScreen<{ onClose: () => void }>(
  () => import('./search/search-overlay.js'),
  'SearchOverlay',
);
export const Settings = lazyScreen<{ onClose: () => void }>(
  () => import('./settings/settings.js'),
  'Settings',
);
export const NewMessage = lazyScreen<{ onClose: () => void }>(
  () => import('./new-message/new-message.js'),
  'NewMessage',
);
export const ShortcutHelp = lazyScreen<{ onClose: () => void }>(
  () => import('./shortcuts/shortcut-help.js'),
  'ShortcutHelp',
);

const SCREENS = [
  ConversationScreen,
  Onboarding,
  CommandPalette,
  SearchOverlay,
  Settings,
  ShortcutHelp,
  NewMessage,
];

/**
 * Fetches every lazy screen's code now. A failure is left for the screen itself: its load
 * boundary says so when it is opened.
 */
export function preloadScreens(): Promise<void> {
  return Promise.allSettled(SCREENS.map((screen) => screen.preload())).then(() => undefined);
}
