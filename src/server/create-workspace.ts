import * as Y from 'yjs';
import { initializeCore } from '../team/workspace/core-doc.js';
import { coreMembersOf } from '../team/workspace/directory-members.js';
import { applyDirectoryName } from '../team/workspace/directory-name.js';
import { coreRoom, DEFAULT_SHARD_COUNT } from '../team/workspace/rooms.js';
import { Team } from '../team/workspace/team.js';
import { WorkspaceDirectory } from './access/workspace-directory.js';
import type { ServerDb } from './store/open-server-database.js';

export interface CreatedWorkspace {
  workspaceId: string;
  memberId: string;
  /** The admin's token: shown once, only its hash is kept. */
  token: string;
}

/**
 * A new workspace, ready for its first client: the directory rows (the workspace, its admin and
 * the admin's token) and the first update of its core document (the shard count, the name, and
 * the admin as a member, as the model's `Workspace.create` and the server's directory edits would
 * write them), in one transaction. Without that update a client would wait forever in
 * `Workspace.open` for a shard count nobody writes.
 * Used by `switchboard server-admin create-workspace` and the desktop app's solo workspace.
 *
 * The admin's email is optional: without one (or with one the model refuses) the member gets the
 * placeholder of src/team/workspace/directory-members.ts, as the server's reconciliation would.
 */
export function createWorkspaceWithDocument(
  db: ServerDb,
  name: string,
  admin: { name: string; email?: string | null },
  options: { shardCount?: number } = {},
): CreatedWorkspace {
  return db.transaction(() => {
    const created = new WorkspaceDirectory(db).createWorkspace(name, admin);
    const doc = new Y.Doc();
    try {
      const [member] = coreMembersOf([
        { id: created.memberId, name: admin.name, email: admin.email ?? null, role: 'admin' },
      ]);
      doc.transact(() => {
        initializeCore(doc, options.shardCount ?? DEFAULT_SHARD_COUNT);
        new Team(doc, created.memberId).bootstrap(member!);
        applyDirectoryName(doc, name);
      });
      // A row of the room's log, as SqliteRoomStore.append writes it (synchronously here, to be
      // part of this transaction).
      db.prepare('INSERT INTO room_updates (room, data) VALUES (?, ?)').run(
        coreRoom(created.workspaceId),
        Y.encodeStateAsUpdate(doc),
      );
    } finally {
      doc.destroy();
    }
    return created;
  })();
}
