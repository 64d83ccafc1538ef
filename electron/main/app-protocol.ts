import { extname, isAbsolute, relative, resolve } from 'node:path';

/**
 * The scheme the window's page is served under (`app://switchboard/index.html`), not file://:
 * a standard, secure origin of its own, so that 'self' in the CSP means the app's files and
 * nothing else on disk, and the page cannot read the user's files by URL.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'switchboard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Whether a frame or navigation URL is the app's own page. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The file of the built renderer (`root`) an app:// request names, with its content type, or
 * null: another host, a path out of `root` (`..`, encoded or not), or a type the page has no use
 * for. `/` is the page itself.
 */
export function rendererFile(
  root: string,
  url: string,
): { file: string; contentType: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  const inside = relative(resolve(root), file);
  // Outside root: above it, or (Windows) on another drive.
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()];
  return contentType ? { file, contentType } : null;
}
