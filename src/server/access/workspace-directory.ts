import type { ServerDb } from '../store/open-server-database.js';
import { hashToken, newId, newToken, sameHash } from './credentials.js';
import type { Role } from './roles.js';
import { UserError } from '../../errors.js';

/** A token as the database knows it. */
export interface TokenRecord {
  workspaceId: string;
  memberId: string;
  role: Role;
  revoked: boolean;
}

/** What the server asks of the directory when a client connects (and while it stays). */
export interface AccessDirectory {
  workspaceExists(workspaceId: string): boolean;
  findToken(tokenHash: Uint8Array): TokenRecord | undefined;
}

export interface MemberInfo {
  memberId: string;
  name: string;
  email: string | null;
  role: Role;
  createdAt: string;
  activeTokens: number;
}

interface MemberInput {
  name: string;
  email?: string | null;
  role: Role;
}

/** Workspaces, members and their tokens, in the server's database. */
export class WorkspaceDirectory implements AccessDirectory {
  constructor(private readonly db: ServerDb) {}

  /** A new workspace and its first member, an admin; returns that admin's token. */
  createWorkspace(
    name: string,
    admin: { name: string; email?: string | null },
  ): { workspaceId: string; memberId: string; token: string } {
    const workspaceId = newId();
    return this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)')
        .run(workspaceId, name, Date.now());
      const { memberId, token } = this.insertMember(workspaceId, { ...admin, role: 'admin' });
      return { workspaceId, memberId, token };
    })();
  }

  addMember(workspaceId: string, member: MemberInput): { memberId: string; token: string } {
    return this.db.transaction(() => {
      this.requireWorkspace(workspaceId);
      return this.insertMember(workspaceId, member);
    })();
  }

  /** A further token for a member (e.g. after revoking a leaked one). */
  issueToken(workspaceId: string, memberId: string): string {
    return this.db.transaction(() => {
      this.requireMember(workspaceId, memberId);
      return this.insertToken(memberId);
    })();
  }

  /** Revokes every token of a member; returns how many were still active. */
  revokeTokens(workspaceId: string, memberId: string): number {
    return this.db.transaction(() => {
      this.requireMember(workspaceId, memberId);
      return this.db
        .prepare('UPDATE tokens SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL')
        .run(Date.now(), memberId).changes;
    })();
  }

  listMembers(workspaceId: string): MemberInfo[] {
    this.requireWorkspace(workspaceId);
    const rows = this.db
      .prepare<
        [string],
        {
          memberId: string;
          name: string;
          email: string | null;
          role: Role;
          createdAt: number;
          activeTokens: number;
        }
      >(
        `SELECT m.id AS memberId, m.name, m.email, m.role, m.created_at AS createdAt,
                (SELECT count(*) FROM tokens t WHERE t.member_id = m.id AND t.revoked_at IS NULL) AS activeTokens
         FROM members m WHERE m.workspace_id = ? ORDER BY m.created_at, m.id`,
      )
      .all(workspaceId);
    return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() }));
  }

  workspaceName(workspaceId: string): string {
    const row = this.db
      .prepare<[string], { name: string }>('SELECT name FROM workspaces WHERE id = ?')
      .get(workspaceId);
    if (!row) throw new UserError('not-found', `unknown workspace: ${workspaceId}`);
    return row.name;
  }

  workspaceExists(workspaceId: string): boolean {
    return this.db.prepare('SELECT 1 FROM workspaces WHERE id = ?').get(workspaceId) !== undefined;
  }

  findToken(tokenHash: Uint8Array): TokenRecord | undefined {
    const row = this.db
      .prepare<
        [Uint8Array],
        {
          hash: Buffer;
          workspaceId: string;
          memberId: string;
          role: Role;
          revokedAt: number | null;
        }
      >(
        `SELECT t.hash, m.workspace_id AS workspaceId, m.id AS memberId, m.role, t.revoked_at AS revokedAt
         FROM tokens t JOIN members m ON m.id = t.member_id WHERE t.hash = ?`,
      )
      .get(tokenHash);
    if (!row || !sameHash(row.hash, tokenHash)) return undefined;
    return {
      workspaceId: row.workspaceId,
      memberId: row.memberId,
      role: row.role,
      revoked: row.revokedAt !== null,
    };
  }

  private insertMember(
    workspaceId: string,
    member: MemberInput,
  ): { memberId: string; token: string } {
    const memberId = newId();
    this.db
      .prepare(
        'INSERT INTO members (id, workspace_id, name, email, role, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(memberId, workspaceId, member.name, member.email ?? null, member.role, Date.now());
    return { memberId, token: this.insertToken(memberId) };
  }

  private insertToken(memberId: string): string {
    const token = newToken();
    this.db
      .prepare('INSERT INTO tokens (hash, member_id, created_at) VALUES (?, ?, ?)')
      .run(hashToken(token), memberId, Date.now());
    return token;
  }

  private requireWorkspace(workspaceId: string): void {
    if (!this.workspaceExists(workspaceId))
      throw new UserError('not-found', `unknown workspace: ${workspaceId}`);
  }

  private requireMember(workspaceId: string, memberId: string): void {
    this.requireWorkspace(workspaceId);
    const found = this.db
      .prepare('SELECT 1 FROM members WHERE id = ? AND workspace_id = ?')
      .get(memberId, workspaceId);
    if (found === undefined)
      throw new UserError('not-found', `unknown member ${memberId} in workspace ${workspaceId}`);
  }
}
