import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/server/close-codes.js';
import { until } from '../helpers/wait.js';
import {
  AckTracker,
  connectClient,
  destroyClients,
  rawClient,
  waitSynced,
} from './support/clients.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/* Who may connect (decided at the HTTP upgrade) and who may write (roles). */

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ accessCheckMs: 100 });
});
afterEach(() => destroyClients());
afterAll(async () => {
  await t?.close();
});

/** Connects raw and expects the upgrade to be refused with `status`, with no frame received. */
async function expectRefused(
  path: string,
  token: string | undefined,
  status: number,
): Promise<void> {
  const client = rawClient(t.url, path, token);
  expect(await client.upgrade).toBe(status);
  await client.closed;
  expect(client.messages).toEqual([]);
}

describe('authentication at the upgrade', () => {
  it('refuses a missing, wrong, revoked or foreign token, and unknown workspaces, before any data', async () => {
    const room = `/${t.workspaceId}`;
    await expectRefused(room, undefined, 401);
    await expectRefused(room, '', 401);
    await expectRefused(room, 'not-a-token', 401);
    await expectRefused(`${room}/conversation-1`, Buffer.alloc(32, 7).toString('base64url'), 401);

    const revoked = t.addMember('agent', 'leaver');
    t.directory.revokeTokens(t.workspaceId, revoked.memberId);
    await expectRefused(room, revoked.token, 401);

    const other = t.directory.createWorkspace('Other team', { name: 'Bob' });
    await expectRefused(room, other.token, 403);
    await expectRefused(`/${other.workspaceId}/x`, t.adminToken, 403);

    await expectRefused('/unknownworkspace0000000', t.adminToken, 404);
    await expectRefused('/', t.adminToken, 400);
    await expectRefused(`${room}/..`, t.adminToken, 400);
    await expectRefused(`${room}/a/b`, t.adminToken, 400);
    await expectRefused(`${room}/${'x'.repeat(129)}`, t.adminToken, 400);

    expect(t.logs.some((line) => line.includes('401 revoked token'))).toBe(true);
    expect(t.logs.join('\n')).not.toContain(t.adminToken);
  });

  it('accepts the token in an Authorization header too', async () => {
    const client = rawClient(t.url, `/${t.workspaceId}`, undefined, {
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(await client.upgrade).toBe('open');
    await until('the server step 1', () => client.messages.length > 0);
    client.ws.close();
  });

  it('closes connections whose token is revoked while they are connected, for good', async () => {
    const member = t.addMember('agent', 'revoked-later');
    let sockets = 0;
    /** Counts the revoked client's connection attempts. */
    class CountedWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        sockets += 1;
      }
    }
    const client = connectClient(t.url, t.workspaceId, member.token, {
      polyfill: CountedWebSocket,
    });
    // The control: closed by the same access check with a code that makes it reconnect.
    const demoted = t.addMember('agent', 'demoted-meanwhile');
    const control = connectClient(t.url, t.workspaceId, demoted.token);
    await Promise.all([waitSynced(client), waitSynced(control)]);
    t.directory.revokeTokens(t.workspaceId, member.memberId);
    t.db.prepare("UPDATE members SET role = 'viewer' WHERE id = ?").run(demoted.memberId);
    await until(
      'the revoked client and the control to be closed',
      () =>
        client.closes.includes(CLOSE_CODES.TOKEN_REVOKED) &&
        control.closes.includes(CLOSE_CODES.ROLE_CHANGED),
      5000,
    );
    // The control's reconnection shows the stock client's backoff has passed (both clients
    // have the same): had the revoked one retried with its dead token, it would have by now.
    await until('the control to reconnect', () => control.provider.synced, 5000);
    // 44xx: the stock client gives up instead of retrying with a dead token.
    expect(client.provider.shouldConnect).toBe(false);
    expect(sockets).toBe(1);
  });
});

describe('a role changed while connected', () => {
  it('closes the connection with a code that makes the client reconnect, and the new role holds', async () => {
    const member = t.addMember('agent', 'demoted-later');
    const room = `${t.workspaceId}/demotion-room`;
    const client = connectClient(t.url, room, member.token);
    await waitSynced(client);
    t.db.prepare("UPDATE members SET role = 'viewer' WHERE id = ?").run(member.memberId);
    await until(
      'the demoted client to be closed',
      () => client.closes.includes(CLOSE_CODES.ROLE_CHANGED),
      5000,
    );
    // Not 44xx: the stock client reconnects, as a viewer now.
    await until('the client to reconnect', () => client.provider.synced, 5000);
    expect(client.provider.shouldConnect).toBe(true);
    client.doc.getText('body').insert(0, 'not allowed');
    await until(
      'the write to be refused',
      () => client.closes.includes(CLOSE_CODES.WRITE_FORBIDDEN),
      5000,
    );
  });
});

describe('roles', () => {
  it('lets a viewer read and show presence, and refuses its writes', async () => {
    const room = `${t.workspaceId}/viewer-room`;
    const admin = connectClient(t.url, room, t.adminToken);
    await waitSynced(admin);
    admin.doc.getText('body').insert(0, 'hello');
    admin.doc.getText('body').insert(5, ' world');
    admin.doc.getText('body').delete(0, 1);
    await new AckTracker(admin).ack();

    const viewer = connectClient(t.url, room, t.addMember('viewer').token);
    const viewerSees = new AckTracker(viewer);
    await waitSynced(viewer);
    expect(viewer.doc.getText('body').toJSON()).toBe('ello world');
    // The viewer's client answers the server's step 1 with a step 2 (sent on every connect,
    // carrying the delete set): it changes nothing, so it is not a write. The presence sent after
    // it reaches the admin only if the server read that step 2 without closing the connection.
    await until(
      "the server's step 1, which the viewer answers",
      () => viewerSees.serverState.size > 0,
    );
    viewer.provider.awareness.setLocalState({ name: 'Vera' });
    await until('the viewer presence, sent after its step 2', () =>
      [...admin.provider.awareness.getStates().values()].some(
        (state) => (state as { name?: string }).name === 'Vera',
      ),
    );
    expect(viewer.closes).toEqual([]);

    viewer.doc.getText('body').insert(0, 'VIEWER ');
    await until('the viewer to be closed', () =>
      viewer.closes.includes(CLOSE_CODES.WRITE_FORBIDDEN),
    );
    expect(viewer.provider.shouldConnect).toBe(false);
    // Everything the server has, after the refusal: not the viewer's write.
    await new AckTracker(admin).ack();
    expect(admin.doc.getText('body').toJSON()).toBe('ello world');
    const fresh = connectClient(t.url, room, t.adminToken);
    await waitSynced(fresh);
    expect(fresh.doc.getText('body').toJSON()).toBe('ello world');
    expect(
      t.logs.some((line) =>
        line.includes(`${CLOSE_CODES.WRITE_FORBIDDEN} viewers cannot change documents`),
      ),
    ).toBe(true);
  });

  it('refuses a viewer that deletes, too', async () => {
    const room = `${t.workspaceId}/viewer-delete`;
    const admin = connectClient(t.url, room, t.adminToken);
    await waitSynced(admin);
    admin.doc.getArray('list').push(['a', 'b']);
    await new AckTracker(admin).ack();
    const viewer = connectClient(t.url, room, t.addMember('viewer', 'deleter').token);
    await waitSynced(viewer);
    viewer.doc.getArray('list').delete(0, 1);
    await until('the viewer to be closed', () =>
      viewer.closes.includes(CLOSE_CODES.WRITE_FORBIDDEN),
    );
    const fresh = connectClient(t.url, room, t.adminToken, { doc: new Y.Doc() });
    await waitSynced(fresh);
    expect(fresh.doc.getArray('list').toArray()).toEqual(['a', 'b']);
  });
});
