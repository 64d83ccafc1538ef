import { createReadStream, existsSync, realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../app/index.js';
import { contentTypeOf } from './content-types.js';
import { refuseRequest } from './refusals.js';

/*
 * The built renderer, served as files: each with its content type; app routes (a path whose last
 * segment has no extension) get index.html, for the page's router; no directory is ever listed;
 * nothing outside the directory is reachable, by `..`, an encoded `..`, a backslash or a link.
 */

export interface StaticFiles {
  /** Answers a GET or HEAD for `rawPath` (the request target's path, still percent-encoded). */
  serve(
    request: IncomingMessage,
    response: ServerResponse,
    rawPath: string,
    headers: Record<string, string>,
  ): Promise<void>;
}

/** vite's output: content-hashed names, so a copy never goes stale. */
const IMMUTABLE_DIRECTORY = 'assets';

/** Opens the renderer's directory, or says in one line that it is not built. */
export function staticFiles(directory: string): StaticFiles {
  if (!existsSync(join(directory, 'index.html')))
    throw new UserError(
      'not-found',
      `the renderer is not built (no ${join(directory, 'index.html')}): run \`npm run build\``,
    );
  const root = realpathSync(directory);
  const index = join(root, 'index.html');

  /** The file at these segments, if it is a file inside the root (links followed and checked). */
  async function fileAt(segments: string[]): Promise<{ file: string; size: number } | undefined> {
    try {
      const file = await realpath(join(root, ...segments));
      if (!file.startsWith(root + sep)) return undefined;
      const stats = await stat(file);
      return stats.isFile() ? { file, size: stats.size } : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    async serve(request, response, rawPath, headers) {
      const segments = pathSegments(rawPath);
      if (!segments) {
        refuseRequest(response, 400, 'Switchboard: not a path of this app', headers);
        return;
      }
      const last = segments.at(-1) ?? '';
      const found = segments.some((segment) => segment.startsWith('.'))
        ? undefined
        : await fileAt(segments);
      // An app route is the page's; a missing file with an extension stays missing (a script
      // answered with HTML would only hide the mistake).
      const served = found ?? (last.includes('.') ? undefined : await fileAt(['index.html']));
      if (!served) {
        refuseRequest(response, 404, 'Switchboard: no such file', headers);
        return;
      }
      response.writeHead(200, {
        ...headers,
        'content-type': contentTypeOf(served.file),
        'content-length': String(served.size),
        'cache-control':
          served.file === index
            ? 'no-store'
            : segments[0] === IMMUTABLE_DIRECTORY
              ? 'private, max-age=31536000, immutable'
              : 'no-cache',
      });
      if (request.method === 'HEAD') {
        response.end();
        return;
      }
      await pipeline(createReadStream(served.file), response).catch(() => response.destroy());
    },
  };
}

/**
 * The path's segments, decoded, or undefined for a path that could leave the directory or that
 * no file of a renderer has: `..` or `.` (also encoded), a backslash (a separator to some), NUL,
 * a malformed escape.
 */
export function pathSegments(rawPath: string): string[] | undefined {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (!path.startsWith('/') || /[\0\\]/.test(path)) return undefined;
  const segments = path.split('/').filter((segment) => segment !== '');
  return segments.some((segment) => segment === '..' || segment === '.') ? undefined : segments;
}
