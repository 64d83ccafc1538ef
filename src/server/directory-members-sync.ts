import * as Y from 'yjs';
import {
  applyDirectoryMembers,
  directoryMemberWrites,
  type DirectoryMember,
} from '../team/workspace/directory-members.js';
import { parseRoomPath } from './access/room-path.js';
import type { MemberInfo } from './access/workspace-directory.js';
import { applyDirectoryName, directoryNameDiffers } from '../team/workspace/directory-name.js';
import type { ServerEdit } from './sync-hub.js';
import { isUserError } from '../errors.js';

/** What the reconciliation reads of the directory. */
export interface MemberDirectory {
  listMembers(workspaceId: string): MemberInfo[];
  /** The workspace's name; a directory without it leaves the document's name alone. */
  workspaceName?(workspaceId: string): string;
}

export const directoryMembersOf = (members: readonly MemberInfo[]): DirectoryMember[] =>
  members.map(({ memberId, name, email, role }) => ({ id: memberId, name, email, role }));

/**
 * The hub's `serverEdits` that keeps each workspace's core document (room `<workspaceId>`) in line
 * with the directory: every member the directory lists, with its name, email and role, as
 * src/team/workspace/directory-members.ts lays them out, and the workspace's name
 * (directory-name.ts). Other rooms are not touched. Only differences are written, so an
 * up-to-date document costs two queries and a read, and a restarted server writes nothing.
 */
export function directoryMembersEdit(directory: MemberDirectory): ServerEdit {
  return (room, doc) => {
    const address = parseRoomPath(`/${room}`);
    if (!address || address.room !== address.workspaceId) return undefined;
    let members: DirectoryMember[];
    let name: string | undefined;
    try {
      members = directoryMembersOf(directory.listMembers(address.workspaceId));
      name = directory.workspaceName?.(address.workspaceId);
    } catch (error) {
      // A workspace that is gone has nothing to reconcile.
      if (isUserError(error, 'not-found')) return undefined;
      throw error;
    }
    const renamed = name !== undefined && directoryNameDiffers(doc, name);
    if (!renamed && directoryMemberWrites(doc, members).length === 0) return undefined;
    // The room's doc only takes stored updates: the change is made on a copy, and its update is
    // what the hub stores, then applies.
    const copy = new Y.Doc();
    try {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      let update: Uint8Array | undefined;
      copy.on('update', (changed: Uint8Array) => (update = changed));
      // One transaction: one update.
      copy.transact(() => {
        applyDirectoryMembers(copy, members);
        if (name !== undefined) applyDirectoryName(copy, name);
      });
      return update;
    } finally {
      copy.destroy();
    }
  };
}
