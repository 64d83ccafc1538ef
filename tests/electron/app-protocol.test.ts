import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY, isAppUrl, rendererFile } from '../../electron/main/app-protocol.js';

const ROOT = '/opt/Switchboard/resources/app.asar/out/renderer';

describe('the app:// scheme of the window’s page', () => {
  it('serves the built renderer’s files, with their types', () => {
    expect(rendererFile(ROOT, APP_ENTRY)).toEqual({
      file: join(ROOT, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(rendererFile(ROOT, 'app://switchboard/')).toMatchObject({
      file: join(ROOT, 'index.html'),
    });
    expect(rendererFile(ROOT, 'app://switchboard/assets/index-abc.js?v=1')).toEqual({
      file: join(ROOT, 'assets/index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(rendererFile(ROOT, 'app://switchboard/assets/Inter%20Var.woff2')).toMatchObject({
      file: join(ROOT, 'assets/Inter Var.woff2'),
    });
  });

  it('serves nothing outside it, of another host, or of a type the page does not use', () => {
    // Dot segments of the URL itself stop at its root (WHATWG URL): still inside.
    expect(rendererFile(ROOT, 'app://switchboard/../../secrets.json')?.file).toBe(
      join(ROOT, 'secrets.json'),
    );
    for (const url of [
      'app://switchboard/%2e%2e/%2e%2e/etc/passwd',
      'app://switchboard/assets/..%2f..%2f..%2fpasswords.json',
      'app://switchboard/a%00.js',
      'app://switchboard/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
      'app://switchboard/assets/tool.exe',
      'not a url',
    ])
      expect(rendererFile(ROOT, url), url).toBeNull();
  });

  it('knows its own page from any other', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('app://switchboard/index.html#/settings')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://switchboard/index.html')).toBe(false);
    expect(isAppUrl('about:srcdoc')).toBe(false);
  });
});
