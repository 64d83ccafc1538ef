import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/*
 * A stand-in for the built renderer (dist/renderer): a few files of the kinds vite writes, and a
 * secret file beside the directory that no request may reach.
 */

export interface StaticSite {
  /** The directory to serve. */
  root: string;
  /** What index.html holds (the app's page, served for app routes too). */
  index: string;
  /** A file outside `root`, and its content. */
  secretFile: string;
  secret: string;
  /** Served files by path, with the content type they must be served as. */
  files: Record<string, { body: string; type: string }>;
}

export async function makeStaticSite(parent: string): Promise<StaticSite> {
  const root = join(parent, 'renderer');
  const index =
    '<!doctype html><html><head><title>Switchboard test page</title><script type="module" src="./assets/app-3f2a.js"></script></head><body></body></html>';
  const files: StaticSite['files'] = {
    '/assets/app-3f2a.js': {
      body: 'export const app = 1;\n',
      type: 'text/javascript; charset=utf-8',
    },
    '/assets/app-3f2a.css': { body: 'body { margin: 0 }\n', type: 'text/css; charset=utf-8' },
    '/assets/logo.svg': {
      body: '<svg xmlns="http://www.w3.org/2000/svg"/>',
      type: 'image/svg+xml',
    },
    '/assets/app-3f2a.js.map': { body: '{"version":3}', type: 'application/json; charset=utf-8' },
    '/fonts/inter.woff2': { body: 'wOF2 not really', type: 'font/woff2' },
  };
  await mkdir(join(root, 'assets'), { recursive: true });
  await mkdir(join(root, 'fonts'), { recursive: true });
  await writeFile(join(root, 'index.html'), index);
  for (const [path, { body }] of Object.entries(files)) await writeFile(join(root, path), body);
  await writeFile(join(root, '.env'), 'DOTFILE=not for the browser\n');
  const secret = 'the secret beside the renderer';
  const secretFile = join(parent, 'secret.txt');
  await writeFile(secretFile, secret);
  return { root, index, secretFile, secret, files };
}
