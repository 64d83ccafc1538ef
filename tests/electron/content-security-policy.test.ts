import { describe, expect, it } from 'vitest';
import { WINDOW_CONTENT_SECURITY_POLICY } from '../../electron/main/content-security-policy.js';

const directives = new Map(
  WINDOW_CONTENT_SECURITY_POLICY.split(';').map((directive) => {
    const [name, ...sources] = directive.trim().split(/\s+/);
    return [name!, sources] as const;
  }),
);

describe('the window’s Content Security Policy', () => {
  it('runs only the app’s own scripts and styles, nothing inline or evaluated', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(WINDOW_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('talks to nothing but itself, embeds no plugin and cannot be framed', () => {
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });
});
