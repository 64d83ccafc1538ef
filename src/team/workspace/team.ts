import type * as Y from 'yjs';
import { coreMap } from './core-doc.js';
import { WorkspaceError } from './errors.js';
import { checkMemberId, normalizeEmail } from './identifiers.js';
import {
  mailboxPermissionOf,
  MAILBOX_PERMISSIONS,
  ROLES,
  type MailboxPermission,
  type Member,
  type Role,
} from './model.js';

/*
 * Members live in the core document's `members` map, one key per field (`<id>:name`,
 * `<id>:email`, `<id>:role`, `<id>:removed`, `<id>:mailbox:<address>`), so two admins changing
 * different fields of one member at the same time both keep their change; the same field
 * converges to one value (Yjs's deterministic order). A removal is a flag, never a deletion: a
 * concurrent change of the removed member's fields does not bring them back, and their name stays
 * known to the notes and activity they wrote.
 */

const MAILBOX_PREFIX = 'mailbox:';

export interface NewMember {
  /** The id the sync server issued with the member's token. */
  id: string;
  name: string;
  email: string;
  role: Role;
}

export type MemberPatch = Partial<Pick<Member, 'name' | 'email' | 'role'>>;

const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);
const isPermission = (value: unknown): value is MailboxPermission =>
  (MAILBOX_PERMISSIONS as readonly unknown[]).includes(value);

function checkName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (!trimmed || trimmed.length > 200)
    throw new WorkspaceError('invalid', `not a valid name: ${JSON.stringify(name)}`);
  return trimmed;
}

function checkRole(role: Role): Role {
  if (!isRole(role)) throw new WorkspaceError('invalid', `not a role: ${JSON.stringify(role)}`);
  return role;
}

/** The workspace's members, and the role checks every write goes through. */
export class Team {
  private readonly map: Y.Map<unknown>;

  constructor(
    private readonly doc: Y.Doc,
    /** The member this app acts as. */
    readonly actor: string,
  ) {
    this.map = coreMap(doc, 'members');
  }

  /** Active members (and removed ones with `includeRemoved`), by name. */
  members(options: { includeRemoved?: boolean } = {}): Member[] {
    const ids = new Set<string>();
    this.map.forEach((_value, key) => {
      const colon = key.indexOf(':');
      if (colon > 0) ids.add(key.slice(0, colon));
    });
    const members: Member[] = [];
    for (const id of ids) {
      const member = this.member(id);
      if (member && (options.includeRemoved || !member.removed)) members.push(member);
    }
    return members.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  }

  /** The member, removed or not; undefined if never added. */
  member(id: string): Member | undefined {
    const role = this.map.get(`${id}:role`);
    if (!isRole(role)) return undefined;
    const name = this.map.get(`${id}:name`);
    const email = this.map.get(`${id}:email`);
    const mailboxes: Record<string, MailboxPermission> = {};
    const prefix = `${id}:${MAILBOX_PREFIX}`;
    this.map.forEach((value, key) => {
      if (key.startsWith(prefix) && isPermission(value))
        mailboxes[key.slice(prefix.length)] = value;
    });
    return {
      id,
      name: typeof name === 'string' ? name : id,
      email: typeof email === 'string' ? email : '',
      role,
      mailboxes,
      removed: this.map.get(`${id}:removed`) === true,
    };
  }

  /** The active member with this email. */
  memberByEmail(email: string): Member | undefined {
    const wanted = email.trim().toLowerCase();
    return this.members().find((member) => member.email === wanted);
  }

  /** The role of an active member; undefined for a removed or unknown one. */
  roleOf(id: string): Role | undefined {
    const role = this.map.get(`${id}:role`);
    return isRole(role) && this.map.get(`${id}:removed`) !== true ? role : undefined;
  }

  isActive(id: string): boolean {
    return this.roleOf(id) !== undefined;
  }

  /** Throws unless the acting member may change team state (admins and agents). */
  requireWriter(what: string): void {
    const role = this.requireActor();
    if (role === 'viewer') throw new WorkspaceError('forbidden', `viewers cannot ${what}`);
  }

  /** Throws unless the acting member is an admin. */
  requireAdmin(what: string): void {
    if (this.requireActor() !== 'admin')
      throw new WorkspaceError('forbidden', `only an admin can ${what}`);
  }

  private requireActor(): Role {
    const role = this.roleOf(this.actor);
    if (!role)
      throw new WorkspaceError('not-member', `${this.actor} is not a member of this workspace`);
    return role;
  }

  addMember(input: NewMember): Member {
    this.requireAdmin('add members');
    return this.writeMember(input);
  }

  /** The first admin, by `Workspace.create` (no one to ask for permission yet). */
  bootstrap(input: NewMember): Member {
    return this.writeMember(input);
  }

  private writeMember(input: NewMember): Member {
    const id = checkMemberId(input.id);
    const name = checkName(input.name);
    const email = normalizeEmail(input.email);
    const role = checkRole(input.role);
    const existing = this.member(id);
    if (existing && !existing.removed)
      throw new WorkspaceError('invalid', `${id} is already a member`);
    this.requireUniqueEmail(email, id);
    this.doc.transact(() => {
      this.map.set(`${id}:name`, name);
      this.map.set(`${id}:email`, email);
      this.map.set(`${id}:role`, role);
      if (existing?.removed) this.map.set(`${id}:removed`, false);
    });
    return this.member(id) as Member;
  }

  updateMember(id: string, patch: MemberPatch): Member {
    this.requireAdmin('change members');
    const member = this.requireMember(id);
    const name = patch.name === undefined ? undefined : checkName(patch.name);
    const email = patch.email === undefined ? undefined : normalizeEmail(patch.email);
    const role = patch.role === undefined ? undefined : checkRole(patch.role);
    if (email !== undefined) this.requireUniqueEmail(email, id);
    if (role !== undefined && role !== 'admin' && member.role === 'admin')
      this.requireAnotherAdmin(id);
    this.doc.transact(() => {
      if (name !== undefined && name !== member.name) this.map.set(`${id}:name`, name);
      if (email !== undefined && email !== member.email) this.map.set(`${id}:email`, email);
      if (role !== undefined && role !== member.role) this.map.set(`${id}:role`, role);
    });
    return this.member(id) as Member;
  }

  /** Removes the member (kept as removed, see above). The last admin cannot be removed. */
  removeMember(id: string): void {
    this.requireAdmin('remove members');
    const member = this.requireMember(id);
    if (member.role === 'admin') this.requireAnotherAdmin(id);
    this.map.set(`${id}:removed`, true);
  }

  /** Sets (or with null, withdraws) the member's permission on a shared mailbox. */
  setMailboxPermission(id: string, mailbox: string, permission: MailboxPermission | null): void {
    this.requireAdmin('change mailbox permissions');
    this.requireMember(id);
    const address = normalizeEmail(mailbox);
    if (permission !== null && !isPermission(permission))
      throw new WorkspaceError(
        'invalid',
        `not a mailbox permission: ${JSON.stringify(permission)}`,
      );
    const key = `${id}:${MAILBOX_PREFIX}${address}`;
    if (permission === null) this.map.delete(key);
    else this.map.set(key, permission);
  }

  /**
   * What the member may do with the mailbox: what an admin set, else its role's default
   * (DEFAULT_MAILBOX_PERMISSION). Undefined for a removed or unknown member.
   */
  mailboxPermission(id: string, mailbox: string): MailboxPermission | undefined {
    const member = this.member(id);
    if (!member || !this.isActive(id)) return undefined;
    const value = this.map.get(`${id}:${MAILBOX_PREFIX}${mailbox.trim().toLowerCase()}`);
    return mailboxPermissionOf(member.role, isPermission(value) ? value : undefined);
  }

  private requireMember(id: string): Member {
    const member = this.member(id);
    if (!member || member.removed) throw new WorkspaceError('not-found', `no member ${id}`);
    return member;
  }

  private requireUniqueEmail(email: string, id: string): void {
    const other = this.memberByEmail(email);
    if (other && other.id !== id)
      throw new WorkspaceError('invalid', `${email} is already ${other.id}'s email`);
  }

  /** Concurrent demotions by two admins can still leave none; an admin of the server then fixes it. */
  private requireAnotherAdmin(id: string): void {
    if (!this.members().some((m) => m.role === 'admin' && m.id !== id)) {
      throw new WorkspaceError('invalid', 'a workspace keeps at least one admin');
    }
  }
}
