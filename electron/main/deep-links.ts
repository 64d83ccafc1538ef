/** The scheme the app registers with the OS for its own links (`switchboard://…`). */
export const LINK_SCHEME = 'switchboard';

/** What a link given to the app from outside asks it to show. */
export type AppLink =
  { kind: 'conversation'; conversationId: string } | { kind: 'compose'; mailto: string };

/** A conversation id as the app gives them (`c` and hex); bounded, so nothing else gets in. */
const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Reads a link the OS handed to the app (a second launch's argument, macOS's open-url):
 * `switchboard://conversation/<id>` opens that conversation, a `mailto:` link a new message
 * (parsed by the composer: src/compose/mailto-link.ts). Null for anything else: the app is not
 * a browser, and a link it does not know does nothing.
 */
export function parseAppLink(raw: string): AppLink | null {
  const text = raw.trim();
  if (/^mailto:/i.test(text)) return { kind: 'compose', mailto: text };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== `${LINK_SCHEME}:` || url.search || url.username || url.password) return null;
  // `switchboard://conversation/ID`: the host is the kind, the path its argument.
  const parts = url.pathname.split('/').filter(Boolean);
  if (url.hostname !== 'conversation' || parts.length !== 1) return null;
  let id: string;
  try {
    id = decodeURIComponent(parts[0]!);
  } catch {
    return null;
  }
  return CONVERSATION_ID.test(id) ? { kind: 'conversation', conversationId: id } : null;
}

/**
 * The app links among a launch's arguments (a second instance's `argv`, as Electron hands it to
 * the first through `second-instance`): on Windows and Linux the OS passes a clicked link as an
 * argument. Flags (`--…`) and the executable's own path are never links.
 */
export function appLinksIn(argv: readonly string[]): AppLink[] {
  return argv
    .filter((arg) => !arg.startsWith('-'))
    .map(parseAppLink)
    .filter((link): link is AppLink => link !== null);
}
