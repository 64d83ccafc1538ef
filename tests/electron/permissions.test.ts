import { describe, expect, it } from 'vitest';
import { allowsPermission } from '../../electron/main/permissions.js';

describe('what a page may be granted', () => {
  it('lets the app’s own page show notifications', () => {
    expect(allowsPermission('notifications', 'app://switchboard/index.html')).toBe(true);
    // A permission check names the origin only.
    expect(allowsPermission('notifications', 'app://switchboard')).toBe(true);
  });

  it('grants nothing else, and nothing to any other page', () => {
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'usb'])
      expect(allowsPermission(permission, 'app://switchboard/index.html'), permission).toBe(false);
    for (const url of ['https://evil.example/', 'about:srcdoc', 'file:///tmp/x.html', undefined])
      expect(allowsPermission('notifications', url), String(url)).toBe(false);
  });
});
