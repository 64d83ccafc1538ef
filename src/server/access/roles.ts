export const ROLES = ['admin', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role =>
  (ROLES as readonly string[]).includes(value);

/** Viewers read and show presence; their document changes are refused. */
export const canWrite = (role: Role): boolean => role !== 'viewer';

/** Who is on the other end of a connection, as its token said at the upgrade. */
export interface Principal {
  workspaceId: string;
  memberId: string;
  role: Role;
  /** The token's hash, to check later that it was not revoked meanwhile. */
  tokenHash: Uint8Array;
}
