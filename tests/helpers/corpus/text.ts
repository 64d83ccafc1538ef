import type { Random } from './random.js';
import { ENGLISH } from './vocabulary.js';

/* The prose of generated mail: sentences, paragraphs wrapped as mail clients wrap them, quotes. */

/** A sentence of English words, with words of `foreign` mixed in when the thread has a language. */
export function sentence(random: Random, foreign?: readonly string[]): string {
  const length = random.int(6, 18);
  const words: string[] = [];
  for (let i = 0; i < length; i += 1)
    words.push(foreign && random.chance(0.35) ? random.pick(foreign) : random.pick(ENGLISH));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + random.pick(['.', '.', '.', '?', '!']);
}

/** Paragraphs of about `bytes` bytes of UTF-8, lines wrapped at 72 characters. */
export function paragraphs(random: Random, bytes: number, foreign?: readonly string[]): string {
  const out: string[] = [];
  let size = 0;
  while (size < bytes) {
    const sentences: string[] = [];
    for (let n = random.int(2, 6); n > 0; n -= 1) sentences.push(sentence(random, foreign));
    const paragraph = wrap(sentences.join(' '), 72);
    out.push(paragraph);
    size += Buffer.byteLength(paragraph) + 2;
  }
  return out.join('\n\n');
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** What a reply quotes: who wrote it, and its text. */
export interface Quote {
  attribution: string;
  text: string;
}

/** The plain text of a message: its own paragraphs, then the quote, each line marked. */
export function plainText(own: string, quote?: Quote): string {
  if (!quote) return own;
  const marked = quote.text
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
  return `${own}\n\n${quote.attribution}\n${marked}`;
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const htmlParagraphs = (text: string): string[] =>
  text.split('\n\n').map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br>\n')}</p>`);

/** The HTML alternative of a message, the way webmail and desktop clients send it. */
export function htmlText(own: string, quote?: Quote): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
    '<style>body{font-family:Helvetica,Arial,sans-serif;font-size:14px;line-height:1.4}',
    'p{margin:0 0 12px}blockquote{margin:0 0 0 6px;border-left:2px solid #bbb;padding-left:8px}</style>',
    '</head><body>',
    ...htmlParagraphs(own),
    ...(quote
      ? [
          `<div>${escapeHtml(quote.attribution)}</div>`,
          '<blockquote type="cite">',
          ...htmlParagraphs(quote.text),
          '</blockquote>',
        ]
      : []),
    '<div class="signature">-- <br>Sent with <a href="https://mail.example.com/">Example Mail</a></div>',
    '</body></html>',
  ].join('\n');
}
