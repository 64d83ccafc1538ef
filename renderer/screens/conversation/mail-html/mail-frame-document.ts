import { BLOCKED_ATTRIBUTE, STYLE_ATTRIBUTE, type SanitizedMail } from './sanitize-mail.js';

/*
 * The document of the frame a mail is shown in. Its HTML is the sanitized mail and nothing of
 * ours: no <style>, no style attribute (the app's Content Security Policy, which the frame
 * inherits, refuses inline styles). The look, the mail's and ours, is applied from the page
 * through CSSOM once the frame has loaded (dressFrame), which no policy stops and which needs no
 * script inside the frame.
 */

/**
 * The frame's own policy, on top of the app's: no script, nothing fetched but images carried in
 * the mail, and remote images only once allowed (CSP Level 3,
 * https://www.w3.org/TR/CSP3/#meta-element). Constructed style sheets and CSSOM are not inline
 * styles, so `style-src 'none'` leaves the page's styling of the frame alone.
 */
export function frameContentSecurityPolicy(allowRemote: boolean): string {
  return [
    "default-src 'none'",
    `img-src data:${allowRemote ? ' https: http:' : ''}`,
    "style-src 'none'",
    "script-src 'none'",
    "font-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The srcdoc: the policy and referrer rule first, then the sanitized mail as the body. */
export function frameDocument(mail: SanitizedMail, allowRemote: boolean): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${frameContentSecurityPolicy(allowRemote)}">`,
    // A remote image's request does not tell the sender's server the app's address.
    '<meta name="referrer" content="no-referrer">',
    `</head><body>${mail.html}</body></html>`,
  ].join('');
}

/** The app's colours and font where the mail is shown, read from the page (tokens.css). */
export interface FrameLook {
  scheme: 'light' | 'dark';
  text: string;
  muted: string;
  link: string;
  font: string;
}

/** Our defaults under the mail's own CSS: readable text, images that fit, quotes set apart. */
function baseSheet(look: FrameLook): string {
  return `
    :root { color-scheme: ${look.scheme}; overflow-x: auto; overflow-y: hidden; }
    body {
      display: flow-root; margin: 0; color: ${look.text}; background: transparent;
      font: 14px/1.55 ${look.font}; overflow-wrap: break-word;
    }
    a { color: ${look.link}; }
    img { max-width: 100%; }
    img:not([width]):not([height]) { height: auto; }
    img[${BLOCKED_ATTRIBUTE}] {
      display: inline-block; min-width: 1.5em; min-height: 1.5em; vertical-align: middle;
      background: color-mix(in srgb, ${look.muted} 14%, transparent); border-radius: 3px;
    }
    blockquote {
      margin: 0.5em 0; padding-left: 0.9em; border-left: 2px solid ${look.muted}; color: ${look.muted};
    }
    pre, code { font-size: 13px; white-space: pre-wrap; }
    p:first-child { margin-top: 0; }
    .sb-mail > :last-child { margin-bottom: 0; }
  `;
}

/**
 * Styles the loaded frame from the page: our defaults, then the mail's own sheets (adopted as
 * constructed style sheets of the frame's realm), then each element's own style through CSSOM.
 */
export function dressFrame(doc: Document, mail: SanitizedMail, look: FrameLook): void {
  const view = doc.defaultView;
  if (!view) return;
  const sheets = [baseSheet(look), ...mail.styles].map((text) => {
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(text);
    return sheet;
  });
  doc.adoptedStyleSheets = sheets;
  for (const element of Array.from(doc.querySelectorAll<HTMLElement>(`[${STYLE_ATTRIBUTE}]`))) {
    element.style.cssText = element.getAttribute(STYLE_ATTRIBUTE) ?? '';
    element.removeAttribute(STYLE_ATTRIBUTE);
  }
}
