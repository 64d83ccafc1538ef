import { parseMailto } from '../compose/mailto-link.js';
import { UserError } from '../errors.js';
import type { LinkRequest } from './contract/outputs.js';

/** The scheme the desktop app registers with the OS for its own links (`switchboard://…`). */
export const LINK_SCHEME = 'switchboard';

/** A conversation id as the app gives them (`c` and hex); bounded, so nothing else gets in. */
const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,128}$/;

const notALink = (raw: string) =>
  new UserError(
    'invalid',
    `not a link Switchboard opens: ${raw.slice(0, 80)} (it opens mailto: and switchboard://conversation/… links)`,
    { field: 'url' },
  );

/**
 * Reads a link handed to the app from outside (the OS, on a click in another app):
 * `switchboard://conversation/<id>` asks for that conversation, a `mailto:` link for a new
 * message with its fields (RFC 6068, src/compose/mailto-link.ts). Anything else is refused with
 * one line: the app is not a browser, and a link it does not know does nothing.
 */
export function parseAppLink(raw: string): LinkRequest {
  const text = raw.trim();
  if (/^mailto:/iu.test(text)) {
    const draft = parseMailto(text);
    return { kind: 'compose', ...draft };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw notALink(text);
  }
  if (url.protocol !== `${LINK_SCHEME}:` || url.search || url.username || url.password)
    throw notALink(text);
  // `switchboard://conversation/ID`: the host is the kind, the path its argument.
  const parts = url.pathname.split('/').filter(Boolean);
  if (url.hostname !== 'conversation' || parts.length !== 1) throw notALink(text);
  let id: string;
  try {
    id = decodeURIComponent(parts[0]!);
  } catch {
    throw notALink(text);
  }
  if (!CONVERSATION_ID.test(id)) throw notALink(text);
  return { kind: 'conversation', conversationId: id };
}

const APP_LINK_START = new RegExp(`^\\s*(mailto|${LINK_SCHEME}):`, 'iu');

/** Whether a launch argument is meant as a link for the app (parsed, and refused, by the app). */
export const looksLikeAppLink = (arg: string): boolean => APP_LINK_START.test(arg);
