import type * as Y from 'yjs';
import { coreMap } from './core-doc.js';
import { coreNameOf } from './directory-members.js';

/*
 * The workspace's name in its core document, as the sync server's directory says it is (the
 * directory is the authority, as for members: directory-members.ts). Clients only read it: the
 * sidebar's header. Trimmed and cut as members' names are; an empty one is no name (a solo
 * workspace).
 */

/** Whether the document's name differs from the directory's. */
export function directoryNameDiffers(doc: Y.Doc, name: string): boolean {
  const wanted = coreNameOf(name);
  const current = coreMap(doc, 'config').get('name');
  return wanted === '' ? current !== undefined : current !== wanted;
}

/** Writes the directory's name where it differs (an empty one removes the key). */
export function applyDirectoryName(doc: Y.Doc, name: string): void {
  if (!directoryNameDiffers(doc, name)) return;
  const wanted = coreNameOf(name);
  const config = coreMap(doc, 'config');
  if (wanted === '') config.delete('name');
  else config.set('name', wanted);
}
