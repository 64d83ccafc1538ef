import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFile } from '../../../src/app/data-dir.js';
import { openDatabase, type Db } from '../../../src/db/open-database.js';
import { joinTeam, whoAmI } from '../../../src/team/client/join-team.js';
import { readTeamConfig } from '../../../src/team/client/team-config.js';
import { startTestServer, type TestServer } from '../../server/support/test-server.js';

let team: TestServer;
let dataDir: string;
let db: Db;

beforeAll(async () => {
  team = await startTestServer();
  dataDir = mkdtempSync(join(tmpdir(), 'switchboard-join-'));
  db = openDatabase(cacheFile(dataDir));
});
afterAll(async () => {
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
  await team.close();
});

describe('joining a team', () => {
  it('learns which member the token is, then stores the connection', async () => {
    const ben = team.directory.addMember(team.workspaceId, {
      name: 'Ben',
      email: 'ben@example.com',
      role: 'agent',
    });
    const membership = await joinTeam(
      () => db,
      dataDir,
      { url: `${team.url}/`, workspaceId: team.workspaceId, token: ben.token },
      { me: () => ({ name: 'Ben', email: 'ben@example.com' }), timeoutMs: 3000 },
    );
    expect(membership).toEqual({
      carried: '',
      leftBehind: [],
      confirmed: true,
      workspaceId: team.workspaceId,
      memberId: ben.memberId,
      role: 'agent',
      name: 'Ben',
      email: 'ben@example.com',
    });
    expect(readTeamConfig(db, dataDir)).toEqual({
      workspaceId: team.workspaceId,
      serverUrl: team.url,
      memberId: ben.memberId,
      token: ben.token,
    });
  });

  it("refuses a wrong, revoked or other workspace's token, and an unknown workspace", async () => {
    await expect(whoAmI(team.url, team.workspaceId, 'nope')).rejects.toMatchObject({
      code: 'token-refused',
    });
    const gone = team.directory.addMember(team.workspaceId, {
      name: 'Gone',
      email: 'gone@example.com',
      role: 'agent',
    });
    team.directory.revokeTokens(team.workspaceId, gone.memberId);
    await expect(whoAmI(team.url, team.workspaceId, gone.token)).rejects.toMatchObject({
      code: 'token-refused',
    });
    const other = team.directory.createWorkspace('Other team', {
      name: 'Olga',
      email: 'olga@example.com',
    });
    await expect(whoAmI(team.url, team.workspaceId, other.token)).rejects.toMatchObject({
      code: 'token-refused',
    });
    await expect(whoAmI(team.url, 'no-such-workspace', team.adminToken)).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('says so when the server cannot be reached, and when the URL is not a ws:// one', async () => {
    await expect(
      whoAmI('ws://127.0.0.1:1', team.workspaceId, team.adminToken, 2000),
    ).rejects.toMatchObject({ code: 'unreachable' });
    await expect(
      whoAmI('http://127.0.0.1:1', team.workspaceId, team.adminToken),
    ).rejects.toMatchObject({ code: 'invalid' });
  });
});
