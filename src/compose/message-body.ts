import { UserError } from '../errors.js';
import { escapeHtml, htmlLines, htmlParagraphs, tidyText } from './html-text.js';
import { citedLines, type History } from './quoted-history.js';
import { htmlSignature, plainSignature } from './signature.js';

/** What a message's body is made of, in reading order. */
export interface BodyParts {
  /** The agent's text, plain. */
  text: string;
  signature?: string | undefined;
  /** The quoted original (a reply) or the forwarded one (a forward). */
  history?: History | undefined;
}

/**
 * The plain-text body: the agent's text, the signature, then the quote (attribution line and
 * `> ` lines) or the forwarded block, a blank line between each.
 */
export function plainBody(parts: BodyParts): string {
  const history = parts.history;
  const blocks = [tidyText(parts.text), plainSignature(parts.signature)];
  if (history) {
    const heading = history.heading.join('\n');
    blocks.push(
      history.kind === 'quote'
        ? `${heading}\n${citedLines(history.text)}`
        : `${heading}\n\n${history.text}`,
    );
  }
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

/**
 * The same as HTML, every piece of text escaped: the agent's paragraphs, the signature, then the
 * original's text inside `<blockquote type="cite">` (the form clients collapse and style as a
 * quote) or after the forwarded block.
 */
export function htmlBody(parts: BodyParts): string {
  const history = parts.history;
  const blocks = [htmlParagraphs(tidyText(parts.text)), htmlSignature(parts.signature)];
  if (history?.kind === 'quote')
    blocks.push(
      `<div class="attribution">${escapeHtml(history.heading.join(' '))}</div>` +
        `<blockquote type="cite" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">` +
        `${htmlParagraphs(history.text)}</blockquote>`,
    );
  else if (history)
    blocks.push(
      `<div class="forwarded">${htmlLines(history.heading.join('\n'))}</div>` +
        `<br>${htmlParagraphs(history.text)}`,
    );
  const body = blocks.filter((block) => block !== '').join('\n');
  return `<!DOCTYPE html>\n<html><body>\n${body}\n</body></html>\n`;
}

/** A reply or a new message says something: one with an empty text is refused. */
export function requiredText(text: string, what: 'reply' | 'message'): void {
  if (text.trim() === '')
    throw new UserError('invalid', `the ${what} has no text`, { field: 'text' });
}
