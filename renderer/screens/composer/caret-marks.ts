/*
 * How a teammate's caret and selection are drawn in the reply (Tiptap's CollaborationCaret asks
 * for them): classes of composer.css, one tone per teammate (the same in every page, from their
 * member id), rather than the stock inline styles the host's CSP refuses.
 */

/** A teammate as the caret plugin hands them over (renderer/bridge/draft-carets.ts). */
export interface CaretUser {
  name: string;
  id?: string;
}

/** As many tones as composer.css draws (.collab-tone-0 …). */
const TONES = 6;

function toneClass(user: CaretUser): string {
  let hash = 0;
  for (const char of user.id ?? user.name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `collab-tone-${hash % TONES}`;
}

/** The caret: a thin bar in the teammate's tone, their name on a tab above it. */
export function caretElement(user: CaretUser): HTMLElement {
  const caret = document.createElement('span');
  caret.className = `collab-caret ${toneClass(user)}`;
  const label = document.createElement('span');
  label.className = 'collab-caret__label';
  label.textContent = user.name;
  caret.append(label);
  return caret;
}

/** Their selection: a wash of the same tone. */
export function caretSelection(user: CaretUser): Record<string, string> {
  return { class: `collab-selection ${toneClass(user)}` };
}
