// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
  frameContentSecurityPolicy,
  frameDocument,
} from '../../renderer/screens/conversation/mail-html/mail-frame-document.js';
import {
  BLOCKED_ATTRIBUTE,
  sanitizeMail,
  STYLE_ATTRIBUTE,
} from '../../renderer/screens/conversation/mail-html/sanitize-mail.js';
import { hostileHtml } from './support/conversation-fixtures.js';

const REMOTE = 'http://remote.example:4567';

/** The sanitized mail as the frame gets it: its body, and its style sheets. */
function shown(html: string, allowRemote: boolean) {
  const mail = sanitizeMail(html, { allowRemote });
  const doc = new DOMParser().parseFromString(mail.html, 'text/html');
  return { mail, doc, everything: [mail.html, ...mail.styles].join('\n') };
}

describe('a hostile mail, sanitized', () => {
  it('keeps no script, handler, javascript: link, form, frame or media element', () => {
    const { mail, doc } = shown(hostileHtml(REMOTE), false);
    expect(
      doc.querySelectorAll('script, iframe, object, embed, form, input, button, video, audio'),
    ).toHaveLength(0);
    expect(
      doc.querySelectorAll('svg, math, style, link, meta, base, title, noscript'),
    ).toHaveLength(0);
    for (const element of Array.from(doc.querySelectorAll('*')))
      for (const attribute of Array.from(element.attributes))
        expect(attribute.name, `${element.tagName} keeps ${attribute.name}`).not.toMatch(/^on/i);
    expect(mail.html).not.toMatch(/javascript:/i);
    expect(mail.html).not.toMatch(/__pwned/);
    expect(doc.getElementById('js-link')?.hasAttribute('href')).toBe(false);
    // A relative link would lead to the app's own address: not a link.
    expect(doc.getElementById('relative-link')?.hasAttribute('href')).toBe(false);
    // What the mail says stays.
    expect(doc.getElementById('hostile-text')?.textContent).toBe('Hostile body text');
  });

  it('loads nothing remote until allowed: images, backgrounds and CSS url()s are left out, and counted', () => {
    const { mail, doc, everything } = shown(hostileHtml(REMOTE), false);
    expect(everything).not.toContain('remote.example');
    expect(mail.styles.join('\n')).not.toMatch(/@import|@font-face/);
    // The <img>, the table's background, the inline style's url() and the sheet's url().
    expect(mail.blockedRemote).toBeGreaterThanOrEqual(4);
    const pixel = doc.getElementById('pixel');
    expect(pixel?.hasAttribute('src')).toBe(false);
    expect(pixel?.hasAttribute(BLOCKED_ATTRIBUTE)).toBe(true);
    // Styles wait in a data attribute, never in a style attribute (the app's CSP refuses those).
    expect(doc.querySelectorAll('[style]')).toHaveLength(0);
    expect(doc.querySelector(`.sb-mail`)?.getAttribute(STYLE_ATTRIBUTE)).toContain(
      'background-color',
    );
    expect(mail.styles.join('\n')).toContain('.hostile-text');
  });

  it('loads remote images once allowed, and still no script or other remote load', () => {
    const { mail, doc, everything } = shown(hostileHtml(REMOTE), true);
    expect(mail.blockedRemote).toBe(0);
    expect(doc.getElementById('pixel')?.getAttribute('src')).toBe(`${REMOTE}/pixel.gif`);
    expect(mail.styles.join('\n')).toContain(`${REMOTE}/background.gif`);
    // Imports, fonts, frames, media, forms and srcset stay out either way.
    for (const path of [
      'import.css',
      'font.woff2',
      'style.css',
      'frame.html',
      'video.mp4',
      'srcset.gif',
      'form',
      'refresh',
      'base/',
    ])
      expect(everything, path).not.toContain(`${REMOTE}/${path}`);
    expect(mail.html).not.toMatch(/__pwned/);
  });

  it('opens links in a window of their own that does not know the app', () => {
    const { doc } = shown(hostileHtml(REMOTE), false);
    const link = doc.getElementById('web-link');
    expect(link?.getAttribute('href')).toBe('https://northwind.example/help');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('keeps images carried in the mail (data: URLs of an image type), not other data: URLs', () => {
    const gif = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    const { mail, doc } = shown(
      `<img id="a" src="${gif}"><img id="b" src="data:text/html,<script>alert(1)</script>"><img id="c" src="cid:logo@x">`,
      false,
    );
    expect(doc.getElementById('a')?.getAttribute('src')).toBe(gif);
    expect(doc.getElementById('b')?.hasAttribute('src')).toBe(false);
    expect(doc.getElementById('c')?.hasAttribute('src')).toBe(false);
    expect(mail.blockedRemote).toBe(0);
  });

  it('puts the frame under a policy of its own: no script, nothing remote until allowed', () => {
    const blocked = frameContentSecurityPolicy(false);
    expect(blocked).toContain("default-src 'none'");
    expect(blocked).toContain("script-src 'none'");
    expect(blocked).toMatch(/img-src data:(;|$)/);
    expect(frameContentSecurityPolicy(true)).toMatch(/img-src data: https: http:(;|$)/);
    const html = frameDocument(sanitizeMail('<p>Hi</p>', { allowRemote: false }), false);
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(
      doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
    ).toBe(blocked);
    expect(doc.querySelector('meta[name="referrer"]')?.getAttribute('content')).toBe('no-referrer');
    expect(doc.body.textContent).toBe('Hi');
  });
});
