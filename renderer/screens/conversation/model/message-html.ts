import type { ConversationMessage } from '../../../../src/app/index.js';

/**
 * A message's HTML, once the contract carries it. ConversationMessage gives only the text the
 * cache keeps (an HTML-only mail's text is its HTML turned into text); src/mail/open-message.ts
 * reads a message's HTML from the server, but no method of the contract answers with it yet.
 * Until one does, every mail shows as its text, and the HTML path (sanitizer, sandboxed frame,
 * remote images) runs on what the tests give it.
 */
export function messageHtml(message: ConversationMessage): string | null {
  const html = (message as ConversationMessage & { html?: unknown }).html;
  return typeof html === 'string' ? html : null;
}
