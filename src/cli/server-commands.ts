import { UserError } from '../app/index.js';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  isRole,
  openServerAdmin,
  ROLES,
  serveTeam,
} from '../app/sync-server-host.js';
import type { CliValues, CommandContext } from './command-context.js';
import { portOption, tlsOption } from './listen-options.js';
import { printJson, type Output } from './output.js';

/*
 * `switchboard server` (the team sync server) and `switchboard server-admin` (its workspaces,
 * members and tokens), wired into run-cli.ts. They use the server's own database,
 * server.sqlite in the data directory, never the mail cache.
 */

export const SERVER_COMMANDS: readonly string[] = ['server', 'server-admin'];

/** parseArgs options of these commands (--name, --email, --json and --data are run-cli's). */
export const SERVER_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  workspace: { type: 'string' },
  member: { type: 'string' },
  role: { type: 'string' },
  'admin-name': { type: 'string' },
  'admin-email': { type: 'string' },
} as const;

export const SERVER_USAGE = `  server [--host ${DEFAULT_HOST}] [--port ${DEFAULT_PORT}] [--tls-cert FILE --tls-key FILE]
  server-admin create-workspace --name NAME [--admin-name NAME] [--admin-email ADDRESS] [--json]
  server-admin add-member --workspace ID --name NAME [--email ADDRESS] --role ${ROLES.join('|')} [--json]
  server-admin list-members --workspace ID [--json]
  server-admin revoke-token --workspace ID --member ID [--json]    (every token of that member)
  server-admin issue-token --workspace ID --member ID [--json]     (a new token for that member)`;

export async function runServerCommand(command: string, ctx: CommandContext): Promise<number> {
  if (command === 'server') return serve(ctx.values, ctx.dataDir, ctx.output);
  return admin(ctx.args, ctx.values, ctx.dataDir, ctx.output);
}

async function serve(values: CliValues, dataDir: string, output: Output): Promise<number> {
  const tls = tlsOption(values);
  // Handlers first: whoever reads the "listening" line may signal at once.
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const server = await serveTeam({
      host: str(values, 'host') ?? DEFAULT_HOST,
      port: portOption(values, DEFAULT_PORT),
      dataDir,
      ...(tls ? { tls } : {}),
      log: (line) => output.err(line),
    });
    output.out(`listening on ${server.url}`);
    await stopped;
    await server.close();
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

const ADMIN_SUBCOMMANDS: readonly string[] = [
  'create-workspace',
  'add-member',
  'list-members',
  'revoke-token',
  'issue-token',
];

const adminUsage = (sub: string | undefined) =>
  new UserError(
    'usage',
    `usage: switchboard server-admin ${ADMIN_SUBCOMMANDS.join('|')} …${sub ? ` (unknown: ${sub})` : ''}`,
  );

function admin(rest: string[], values: CliValues, dataDir: string, output: Output): number {
  const sub = rest[0];
  if (!sub || !ADMIN_SUBCOMMANDS.includes(sub)) throw adminUsage(sub);
  // create-workspace sets a server up; the others need one there, not an empty new database.
  const directory = openServerAdmin(dataDir, { create: sub === 'create-workspace' });
  try {
    const json = values.json === true;
    switch (sub) {
      case 'create-workspace': {
        const name = required(values, 'name', 'create-workspace needs --name NAME');
        const { workspaceId, memberId, token } = directory.createWorkspace(name, {
          name: str(values, 'admin-name') ?? 'Admin',
          email: str(values, 'admin-email') ?? null,
        });
        if (json) printJson(output, { workspaceId, token });
        else
          output.out(
            `workspace ${workspaceId}\nadmin     ${memberId}\ntoken     ${token}  (shown once; only its hash is kept)`,
          );
        return 0;
      }
      case 'add-member': {
        const workspaceId = required(values, 'workspace', 'add-member needs --workspace ID');
        const name = required(values, 'name', 'add-member needs --name NAME');
        const role = required(values, 'role', `add-member needs --role ${ROLES.join('|')}`);
        if (!isRole(role))
          throw new UserError('invalid', `--role must be one of ${ROLES.join(', ')}, got ${role}`);
        const { memberId, token } = directory.addMember(workspaceId, {
          name,
          email: str(values, 'email') ?? null,
          role,
        });
        if (json) printJson(output, { memberId, token });
        else
          output.out(
            `member ${memberId} (${role})\ntoken  ${token}  (shown once; only its hash is kept)`,
          );
        return 0;
      }
      case 'list-members': {
        const members = directory.listMembers(
          required(values, 'workspace', 'list-members needs --workspace ID'),
        );
        if (json) printJson(output, members);
        else
          for (const m of members)
            output.out(
              `${m.memberId}  ${m.role.padEnd(6)}  ${m.name}${m.email ? ` <${m.email}>` : ''}  ${m.activeTokens} active token(s)`,
            );
        return 0;
      }
      case 'revoke-token': {
        const workspaceId = required(values, 'workspace', 'revoke-token needs --workspace ID');
        const memberId = required(values, 'member', 'revoke-token needs --member ID');
        const revoked = directory.revokeTokens(workspaceId, memberId);
        if (json) printJson(output, { memberId, revoked });
        else
          output.out(
            `revoked ${revoked} token(s) of ${memberId}; its open connections are closed at the server's next access check`,
          );
        return 0;
      }
      case 'issue-token': {
        const workspaceId = required(values, 'workspace', 'issue-token needs --workspace ID');
        const memberId = required(values, 'member', 'issue-token needs --member ID');
        const token = directory.issueToken(workspaceId, memberId);
        if (json) printJson(output, { memberId, token });
        else output.out(token);
        return 0;
      }
      default:
        throw adminUsage(sub);
    }
  } finally {
    directory.close();
  }
}

function str(values: CliValues, key: string): string | undefined {
  const value = values[key];
  return typeof value === 'string' ? value : undefined;
}

function required(values: CliValues, key: string, message: string): string {
  const value = str(values, key);
  if (!value) throw new UserError('usage', message);
  return value;
}
