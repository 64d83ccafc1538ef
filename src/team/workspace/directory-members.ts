import type * as Y from 'yjs';
import { coreMap } from './core-doc.js';
import { WorkspaceError } from './errors.js';
import { checkMemberId, normalizeEmail } from './identifiers.js';
import { ROLES, type Role } from './model.js';
import type { NewMember } from './team.js';

/*
 * The core document's members as the sync server's directory (server.sqlite) says they are. The
 * directory is the authority on who is a member and with which role; the core document is where
 * clients read members (assignment, @mentions, permission checks). The server writes the
 * difference into the core document (src/server/directory-members-sync.ts), in the layout of
 * team.ts: `<id>:name`, `<id>:email`, `<id>:role`.
 *
 * Only what the directory knows is written: name, email and role. The `removed` flag and the
 * mailbox permissions are the document's own (set by admins through `Team`); members of the
 * document that the directory does not list are left alone (without a token they cannot connect).
 *
 * The model wants a valid email, unique among active members; the directory does not require one.
 * A member whose directory email is missing, not an address, or already used by an earlier member
 * (directory order) gets the placeholder `<memberId>@no-email.invalid` (`.invalid` is reserved,
 * RFC 2606: it never reaches anyone). Names are trimmed and cut to 200 characters; an empty one
 * becomes the member id.
 */

/** A member as the server's directory lists it. */
export interface DirectoryMember {
  id: string;
  name: string;
  email: string | null;
  role: Role;
}

const PLACEHOLDER_DOMAIN = 'no-email.invalid';
const MAX_NAME = 200;

/** A name as the core document holds it: trimmed and cut to MAX_NAME ('' for a blank one). */
export const coreNameOf = (name: string): string => name.trim().slice(0, MAX_NAME).trim();

/** The email written for a member the directory has no usable email for. */
export const placeholderEmail = (memberId: string): string =>
  `${memberId.toLowerCase()}@${PLACEHOLDER_DOMAIN}`;

/**
 * The members as the core document should hold them, in the directory's order (which decides who
 * keeps an email two members share). Throws for an id or role the model cannot hold.
 */
export function coreMembersOf(members: readonly DirectoryMember[]): NewMember[] {
  const taken = new Set<string>();
  return members.map((member) => {
    const id = checkMemberId(member.id);
    if (!(ROLES as readonly string[]).includes(member.role)) {
      throw new WorkspaceError('invalid', `not a role: ${JSON.stringify(member.role)}`);
    }
    let email = placeholderEmail(id);
    if (member.email !== null) {
      try {
        const normalized = normalizeEmail(member.email);
        if (!taken.has(normalized)) email = normalized;
      } catch {
        // Not an address the model accepts: the placeholder.
      }
    }
    taken.add(email);
    const name = coreNameOf(member.name) || id;
    return { id, name, email, role: member.role };
  });
}

/** The writes (key → value of the members map) that would make the document match the directory. */
export function directoryMemberWrites(
  doc: Y.Doc,
  members: readonly DirectoryMember[],
): Array<[key: string, value: string]> {
  const map = coreMap(doc, 'members');
  const writes: Array<[string, string]> = [];
  for (const member of coreMembersOf(members)) {
    for (const field of ['name', 'email', 'role'] as const) {
      const key = `${member.id}:${field}`;
      if (map.get(key) !== member[field]) writes.push([key, member[field]]);
    }
  }
  return writes;
}

/** Writes the difference in one transaction; returns whether anything was written. */
export function applyDirectoryMembers(doc: Y.Doc, members: readonly DirectoryMember[]): boolean {
  const writes = directoryMemberWrites(doc, members);
  if (writes.length === 0) return false;
  const map = coreMap(doc, 'members');
  doc.transact(() => {
    for (const [key, value] of writes) map.set(key, value);
  });
  return true;
}
