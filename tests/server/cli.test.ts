import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, type ClientOptions } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCert } from '../helpers/self-signed-cert.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { cli } from '../sync/support/cli.js';
import { connectClient, destroyClients, rawClient, waitSynced } from './support/clients.js';
import { spawnServer, type ServerProcess } from './support/server-process.js';
import { until } from '../helpers/wait.js';

/*
 * The CLI contract: `server-admin` JSON (what automated checks parse, written out here rather
 * than imported), `server`'s one stdout line, signals, TLS.
 */

interface CreatedWorkspace {
  workspaceId: string;
  token: string;
}
interface AddedMember {
  memberId: string;
  token: string;
}

let dataDir: string;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  assertBuildIsCurrent();
  dataDir = await mkdtemp(join(tmpdir(), 'switchboard-server-cli-'));
});
afterEach(() => destroyClients());
afterAll(async () => {
  for (const server of processes)
    if (server.child.exitCode === null && server.child.signalCode === null)
      server.child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
});

async function json<T>(...args: string[]): Promise<T> {
  const result = await cli(dataDir, ...args, '--json');
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.out) as T;
}

describe('server-admin', () => {
  it('creates workspaces and members, lists and revokes, with the JSON contract', async () => {
    const workspace = await json<CreatedWorkspace>(
      'server-admin',
      'create-workspace',
      '--name',
      'Support',
      '--admin-name',
      'Ada',
      '--admin-email',
      'ada@example.com',
    );
    expect(Object.keys(workspace).sort()).toEqual(['token', 'workspaceId']);
    expect(workspace.workspaceId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(workspace.token).toMatch(/^sb_[A-Za-z0-9_-]{43}$/);

    const member = await json<AddedMember>(
      'server-admin',
      'add-member',
      '--workspace',
      workspace.workspaceId,
      '--name',
      'Vic',
      '--email',
      'vic@example.com',
      '--role',
      'viewer',
    );
    expect(Object.keys(member).sort()).toEqual(['memberId', 'token']);
    expect(member.token).not.toBe(workspace.token);

    const members = await json<
      Array<{
        memberId: string;
        name: string;
        email: string | null;
        role: string;
        activeTokens: number;
      }>
    >('server-admin', 'list-members', '--workspace', workspace.workspaceId);
    expect(
      members.map(({ name, email, role, activeTokens }) => ({ name, email, role, activeTokens })),
    ).toEqual([
      { name: 'Ada', email: 'ada@example.com', role: 'admin', activeTokens: 1 },
      { name: 'Vic', email: 'vic@example.com', role: 'viewer', activeTokens: 1 },
    ]);

    const revoked = await cli(
      dataDir,
      'server-admin',
      'revoke-token',
      '--workspace',
      workspace.workspaceId,
      '--member',
      member.memberId,
    );
    expect(revoked).toMatchObject({ code: 0, err: '' });
    expect(revoked.out).toMatch(/^revoked 1 token/);
    const issued = await json<{ memberId: string; token: string }>(
      'server-admin',
      'issue-token',
      '--workspace',
      workspace.workspaceId,
      '--member',
      member.memberId,
    );
    expect(issued.token).toMatch(/^sb_[A-Za-z0-9_-]{43}$/);

    // Only hashes are stored.
    const database = await readFile(join(dataDir, 'server.sqlite'));
    expect(database.includes(Buffer.from(workspace.token))).toBe(false);
  });

  it('reports mistakes as one line and a non-zero exit', async () => {
    const workspace = await json<CreatedWorkspace>(
      'server-admin',
      'create-workspace',
      '--name',
      'Mistakes',
    );
    const cases: Array<[string[], RegExp]> = [
      [
        [
          'server-admin',
          'add-member',
          '--workspace',
          workspace.workspaceId,
          '--name',
          'X',
          '--role',
          'owner',
        ],
        /--role must be one of admin, agent, viewer/,
      ],
      [
        [
          'server-admin',
          'add-member',
          '--workspace',
          'nosuchworkspace000000000',
          '--name',
          'X',
          '--role',
          'agent',
        ],
        /unknown workspace/,
      ],
      [
        [
          'server-admin',
          'revoke-token',
          '--workspace',
          workspace.workspaceId,
          '--member',
          'nobody',
        ],
        /unknown member/,
      ],
      [['server-admin', 'create-workspace'], /needs --name/],
      [['server-admin', 'frobnicate'], /usage: switchboard server-admin/],
      [['server', '--port', 'http'], /--port expects/],
      [['server', '--tls-cert', 'cert.pem'], /--tls-cert and --tls-key go together/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(dataDir, ...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.err).toMatch(message);
      expect(result.err.split('\n')).toHaveLength(1);
    }
  });

  it('documents the server commands in the help', async () => {
    const help = await cli(dataDir, '--help');
    for (const command of [
      'server [--host',
      'server-admin create-workspace',
      'server-admin add-member',
      'server-admin revoke-token',
    ]) {
      expect(help.out).toContain(command);
    }
  });
});

describe('switchboard server', () => {
  it('prints its URL, serves clients, refuses a second server on the data, and stops on SIGINT and SIGTERM', async () => {
    const { workspaceId, token } = await json<CreatedWorkspace>(
      'server-admin',
      'create-workspace',
      '--name',
      'Process',
    );
    const server = await spawnServer([
      'server',
      '--data',
      dataDir,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
    ]);
    processes.push(server);
    expect(server.stdout()).toMatch(/^listening on ws:\/\/127\.0\.0\.1:(\d+)\n$/);
    expect(Number(new URL(server.url).port)).toBeGreaterThan(0);

    const client = connectClient(server.url, `${workspaceId}/hello`, token);
    await waitSynced(client);

    const second = await cli(dataDir, 'server', '--port', '0');
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/another sync server is already running/);

    client.destroy();
    server.child.kill('SIGINT');
    expect(await server.exited).toEqual({ code: 0, signal: null });

    const again = await spawnServer(['--data', dataDir, 'server', '--port', '0']);
    processes.push(again);
    again.child.kill('SIGTERM');
    expect(await again.exited).toEqual({ code: 0, signal: null });
  });

  it('serves wss:// with --tls-cert and --tls-key', async (context) => {
    const made = selfSignedCert(dataDir);
    if (!made) {
      context.skip(
        'openssl is not installed: cannot make a self-signed certificate (node:crypto cannot make X.509)',
      );
      return;
    }
    const { workspaceId, token } = await json<CreatedWorkspace>(
      'server-admin',
      'create-workspace',
      '--name',
      'TLS',
    );
    const server = await spawnServer([
      'server',
      '--data',
      dataDir,
      '--port',
      '0',
      '--tls-cert',
      made.certFile,
      '--tls-key',
      made.keyFile,
    ]);
    processes.push(server);
    expect(server.stdout()).toMatch(/^listening on wss:\/\/127\.0\.0\.1:\d+\n$/);

    const ca = made.cert;
    // The stock client builds its sockets itself: trust the test's certificate through the polyfill.
    class TrustingWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { ca } satisfies ClientOptions);
      }
    }
    const writer = connectClient(server.url, workspaceId, token, { polyfill: TrustingWebSocket });
    const reader = connectClient(server.url, workspaceId, token, { polyfill: TrustingWebSocket });
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    writer.doc.getText('body').insert(0, 'over TLS');
    await until('the reader to see it', () => reader.doc.getText('body').toJSON() === 'over TLS');

    // Without trusting the certificate there is no connection at all.
    const untrusting = rawClient(server.url, `/${workspaceId}`, token);
    expect(await untrusting.upgrade).toBe(0);

    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
