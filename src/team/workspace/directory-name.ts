import type * as Y from 'yjs';
import { coreMap } from './core-doc.js';

/*
 * The workspace's name in its core document, as the sync server's directory says it is (the
 * directory is the authority, as for members: directory-members.ts). Clients only read it: the
 * sidebar's header. Trimmed and cut to 200 characters; an empty one is no name (a solo workspace).
 */

const MAX_NAME = 200;

export const coreNameOf = (name: string): string => name.trim().slice(0, MAX_NAME).trim();

/** Whether the document's name differs from the directory's. */
export function directoryNameDiffers(doc: Y.Doc, name: string): boolean {
  const wanted = coreNameOf(name);
  const current = coreMap(doc, 'config').get('name');
  return wanted === '' ? current !== undefined : current !== wanted;
}

/** Writes the directory's name (an empty one removes the key); returns whether it wrote. */
export function applyDirectoryName(doc: Y.Doc, name: string): boolean {
  if (!directoryNameDiffers(doc, name)) return false;
  const wanted = coreNameOf(name);
  const config = coreMap(doc, 'config');
  if (wanted === '') config.delete('name');
  else config.set('name', wanted);
  return true;
}
