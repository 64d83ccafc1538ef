import DOMPurify from 'dompurify';
import { imageUrlKind, isSafeLink } from './remote-urls.js';
import { sanitizeInlineStyle, sanitizeStyleSheet, type CssPolicy } from './sanitize-css.js';

/*
 * A mail's HTML, made safe to show (DOMPurify, in the page, before the frame ever parses it):
 * no script, no handler, no form, no frame, no element that loads media, links only to the web,
 * mail and phone numbers, and remote images (<img>, `background`, CSS `url()`) only when the
 * reader allowed them for the sender. The sandboxed frame that shows the result runs no script
 * and has a policy of its own (mail-frame-document.ts): this is the first of three walls.
 */

/** The attribute an element's cleaned style waits in: the frame applies it through CSSOM. */
export const STYLE_ATTRIBUTE = 'data-sb-style';
/** Marks an image whose remote source was left out (it keeps its size, shown as a placeholder). */
export const BLOCKED_ATTRIBUTE = 'data-sb-blocked';

export interface SanitizedMail {
  /** The body's content, as HTML with no script, handler, or style attribute. */
  html: string;
  /** The mail's own style sheets (`<style>`), cleaned, in order. */
  styles: string[];
  /** How many remote images were left out (0 when allowed, or when there are none). */
  blockedRemote: number;
}

/**
 * Elements never kept, besides what DOMPurify's HTML profile leaves out (scripts, SVG, MathML):
 * what loads or plays media, what submits or asks for input, what frames, and the head's
 * elements (`<style>` is read by a hook first, then dropped).
 */
const FORBID_TAGS = [
  'style',
  'link',
  'meta',
  'base',
  'title',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'video',
  'audio',
  'source',
  'track',
  'picture',
  'dialog',
  'template',
  'noscript',
  'portal',
];
/** Attributes that load (srcset: a second source to check), ping, or take focus. */
const FORBID_ATTR = ['srcset', 'ping', 'formaction', 'action', 'autofocus', 'tabindex', 'target'];

/** One purifier for mail, with its hooks; `current` is the call in progress (calls never nest). */
const purifier = DOMPurify(window);
let current: { policy: CssPolicy; styles: string[] } | null = null;

/**
 * What is kept of a mail, set once as the screen's code loads: a configuration passed to each
 * sanitize() is parsed again at each call (its allow-lists copied into new sets), and the first
 * parse came at the first mail's opening.
 */
const MAIL_PROFILE = {
  USE_PROFILES: { html: true },
  // The whole document, so that the head's <style> elements reach the hook too.
  WHOLE_DOCUMENT: true,
  RETURN_DOM: true as const,
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: true,
};
purifier.setConfig(MAIL_PROFILE);

purifier.addHook('uponSanitizeElement', (node, data) => {
  if (data.tagName === 'style' && current)
    current.styles.push(sanitizeStyleSheet(node.textContent ?? '', current.policy));
});

purifier.addHook('afterSanitizeAttributes', (node) => {
  if (!current || !(node instanceof Element)) return;
  const { policy } = current;
  const style = node.getAttribute('style');
  node.removeAttribute('style');
  if (style) {
    const cleaned = sanitizeInlineStyle(style, policy);
    if (cleaned) node.setAttribute(STYLE_ATTRIBUTE, cleaned);
  }
  if (node.tagName === 'IMG') keepImage(node, 'src', policy);
  if (node.hasAttribute('background')) keepImage(node, 'background', policy);
  if (node.tagName === 'A') {
    const href = node.getAttribute('href');
    if (href !== null && isSafeLink(href)) {
      // A new window, which neither learns who opened it nor from which page.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else node.removeAttribute('href');
  }
});

/** Keeps an image's source if inline, or remote and allowed; otherwise drops it and says so. */
function keepImage(node: Element, attribute: 'src' | 'background', policy: CssPolicy): void {
  const url = node.getAttribute(attribute);
  if (url === null) return;
  const kind = imageUrlKind(url);
  if (kind === 'inline' || (kind === 'remote' && policy.allowRemote)) return;
  node.removeAttribute(attribute);
  if (kind === 'remote') {
    policy.onBlocked();
    if (attribute === 'src') node.setAttribute(BLOCKED_ATTRIBUTE, '');
  }
}

/** Sanitizes a mail's HTML for the frame; remote images kept only if `allowRemote`. */
export function sanitizeMail(html: string, options: { allowRemote: boolean }): SanitizedMail {
  let blockedRemote = 0;
  const styles: string[] = [];
  const policy: CssPolicy = {
    allowRemote: options.allowRemote,
    onBlocked: () => (blockedRemote += 1),
  };
  current = { policy, styles };
  try {
    // The profile set above applies (a configuration given once one is set is not read): it is
    // given again for sanitize()'s type, a DOM node.
    const root = purifier.sanitize(html, MAIL_PROFILE);
    const body = root.querySelector('body');
    return {
      html: body ? bodyAsContent(body, policy) : '',
      styles: styles.filter(Boolean),
      blockedRemote,
    };
  } finally {
    current = null;
  }
}

/** A colour as an HTML attribute gives one (`#fff`, `white`): nothing else reaches a style. */
const ATTRIBUTE_COLOR = /^#?[0-9a-z]{1,20}$/i;

/**
 * The body's content inside one <div> that carries the body's own look (its style, and its old
 * `bgcolor` and `text` colours): the frame's <body> is the app's, the mail's becomes a block in
 * it. Called while `current` is set (inside sanitizeMail).
 */
function bodyAsContent(body: HTMLElement, policy: CssPolicy): string {
  const wrapper = body.ownerDocument.createElement('div');
  wrapper.className = 'sb-mail';
  const look = [body.getAttribute(STYLE_ATTRIBUTE) ?? ''];
  const background = body.getAttribute('bgcolor');
  const text = body.getAttribute('text');
  if (background && ATTRIBUTE_COLOR.test(background)) look.push(`background-color: ${background}`);
  if (text && ATTRIBUTE_COLOR.test(text)) look.push(`color: ${text}`);
  const style = sanitizeInlineStyle(look.filter(Boolean).join('; '), policy);
  if (style) wrapper.setAttribute(STYLE_ATTRIBUTE, style);
  wrapper.append(...Array.from(body.childNodes));
  return wrapper.outerHTML;
}
