/*
 * What a URL in a mail may load. A mail is written by a stranger: an image from their server
 * tells them when (and that) it was read, so remote images load only once allowed for their
 * sender; anything that is neither remote nor an inline image loads nothing at all.
 */

/** `remote`: on the sender's (or anyone's) server; `inline`: carried in the mail; `refused`. */
export type UrlKind = 'remote' | 'inline' | 'refused';

/** Images the frame may show from the mail itself (`data:` URLs of an image type). */
const INLINE_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|avif|bmp|svg\+xml)[;,]/i;
/** http(s), or protocol-relative (`//host/x.png`), which the frame would fetch over http(s). */
const REMOTE = /^(?:https?:)?\/\/[^/]/i;

/**
 * Sorts a URL of an image (an `<img src>`, a `background`, a CSS `url()`). A relative URL would
 * resolve against the app's own address (the frame's document has no other base): refused,
 * like `cid:` parts the app did not resolve and every other scheme.
 */
export function imageUrlKind(url: string): UrlKind {
  // Browsers drop tabs and newlines inside URLs and trim spaces around them.
  const cleaned = url.replace(/[\t\n\r]/g, '').trim();
  if (INLINE_IMAGE.test(cleaned)) return 'inline';
  if (REMOTE.test(cleaned)) return 'remote';
  return 'refused';
}

/** Where a link of a mail may go: the web, mail, phone numbers. Anything else is not a link. */
export function isSafeLink(href: string): boolean {
  return /^(?:https?:\/\/|mailto:|tel:)/i.test(href.replace(/[\t\n\r]/g, '').trim());
}
