/**
 * Plain text as HTML: everything escaped (a customer's `<script>` stays text), paragraphs at blank
 * lines, line breaks kept. Nothing of anyone's HTML is ever copied into ours: the cache keeps text.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/gu, (char) => ESCAPES[char]!);

/** Lines joined by `<br>`, escaped. */
export const htmlLines = (text: string): string => text.split('\n').map(escapeHtml).join('<br>');

/** One `<p>` a paragraph (text between blank lines); an empty text gives nothing. */
export function htmlParagraphs(text: string): string {
  return text
    .split(/\n[ \t]*\n/u)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/gu, ''))
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => `<p>${htmlLines(paragraph)}</p>`)
    .join('');
}

/** CRLF and CR line ends as LF, and no trailing blank lines or spaces. */
export const tidyText = (text: string): string => text.replace(/\r\n?/gu, '\n').trimEnd();
