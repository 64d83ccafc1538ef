import { describe, expect, it } from 'vitest';
import { externalUrl } from '../../electron/main/external-links.js';

describe('links opened outside the app', () => {
  it('opens web pages and mail links, normalized', () => {
    expect(externalUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(externalUrl(' http://Example.COM ')).toBe('http://example.com/');
    expect(externalUrl('mailto:ana@example.com?subject=Hi')).toBe(
      'mailto:ana@example.com?subject=Hi',
    );
  });

  it('refuses every other scheme', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'smb://host/share',
      'ms-msdt:/id PCWDiagnostic',
      'vbscript:msgbox',
      'switchboard://conversation/c1',
    ])
      expect(externalUrl(url), url).toBeNull();
  });

  it('refuses what is not a URL, credentials that disguise the host, and payloads', () => {
    expect(externalUrl('not a url')).toBeNull();
    expect(externalUrl('https://paypal.com@evil.example/login')).toBeNull();
    expect(externalUrl('https://user:pass@example.com/')).toBeNull();
    expect(externalUrl(`https://example.com/${'a'.repeat(9000)}`)).toBeNull();
  });
});
