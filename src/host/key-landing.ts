import type { ServerResponse } from 'node:http';

/*
 * The answer to the printed URL (`/?key=…`): the key goes into the cookie, and the page moves on
 * to the same address without it. Not by an HTTP redirect: a browser withholds a SameSite=Strict
 * cookie from a redirect chain that another site started (a link in a web chat), so the page
 * would arrive without it. A meta refresh is this page's own navigation, same-site, and CSP allows
 * it (it is no script). Referrer-Policy keeps the key out of its Referer.
 */
export function sendKeyLanding(
  response: ServerResponse,
  location: string,
  headers: Record<string, string>,
): void {
  // Quotes would end the attribute or the refresh's URL; & and < are HTML's.
  const href = location
    .replace(/["'<>]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/&/g, '&amp;');
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=${href}"><title>Switchboard</title></head><body><p><a href="${href}">Open Switchboard</a></p></body></html>\n`;
  response.writeHead(200, {
    ...headers,
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
  });
  response.end(body);
}
