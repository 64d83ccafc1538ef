import { authorizeUpgrade } from './authorize-upgrade.js';
import type { Role } from './roles.js';
import type { AccessDirectory, MemberInfo } from './workspace-directory.js';

/** Path prefix of the who-am-I request: `GET /_whoami/<workspaceId>`. */
export const WHOAMI_PREFIX = '/_whoami/';

export interface WhoamiAnswer {
  status: 200 | 400 | 401 | 403 | 404 | 503;
  body:
    | { workspaceId: string; memberId: string; role: Role; name: string; email: string | null }
    | { error: string };
}

/**
 * Tells a client which member its token belongs to, checked exactly as a WebSocket upgrade is.
 * `switchboard team join` asks it: the y-websocket protocol never says who a client is, and the
 * app needs its member id (its own assignments, notes, "me"). The token goes in an
 * `Authorization: Bearer` header here, not in the URL, so access logs never see it.
 */
export function whoami(
  directory: AccessDirectory & { listMembers?(workspaceId: string): MemberInfo[] },
  requestUrl: string,
  authorization: string | undefined,
): WhoamiAnswer {
  const workspaceId = requestUrl.slice(WHOAMI_PREFIX.length).split('?')[0] ?? '';
  const decision = authorizeUpgrade(directory, `/${workspaceId}`, authorization);
  if (!decision.ok) return { status: decision.status, body: { error: decision.reason } };
  const member = directory
    .listMembers?.(workspaceId)
    .find((entry) => entry.memberId === decision.principal.memberId);
  return {
    status: 200,
    body: {
      workspaceId,
      memberId: decision.principal.memberId,
      role: decision.principal.role,
      name: member?.name ?? '',
      email: member?.email ?? null,
    },
  };
}
