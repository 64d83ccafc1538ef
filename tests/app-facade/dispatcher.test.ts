import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/app/contract/dispatcher.js';
import { openSwitchboard, type Switchboard } from '../../src/app/open-switchboard.js';
import { environmentSecretStore } from '../../src/app/environment-secret-store.js';
import { silentLogger } from '../../src/app/platform.js';

let dir: string;
let app: Switchboard;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-facade-'));
  app = await openSwitchboard({
    dataDir: join(dir, 'data'),
    secrets: environmentSecretStore({ SUPPORT_PASSWORD: 'secret' }),
  });
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the dispatcher', () => {
  it('answers a call with plain JSON', async () => {
    const dispatcher = createDispatcher(app, silentLogger);
    const added = await dispatcher.handle({
      method: 'accounts.add',
      params: {
        name: 'Support',
        email: 'support@example.com',
        imapUrl: 'imap://support@127.0.0.1:1143',
        password: { env: 'SUPPORT_PASSWORD' },
      },
    });
    expect(added).toMatchObject({
      ok: true,
      result: {
        email: 'support@example.com',
        passwordRef: 'env:SUPPORT_PASSWORD',
        syncError: null,
      },
    });
    const listed = await dispatcher.handle({ method: 'accounts.list' });
    expect(listed).toEqual(JSON.parse(JSON.stringify(listed)));
    expect((listed as { result: unknown[] }).result).toHaveLength(1);
  });

  it('refuses an unknown method, and input the contract does not take, naming the field', async () => {
    const dispatcher = createDispatcher(app, silentLogger);
    expect(await dispatcher.handle({ method: 'mail.drop' })).toEqual({
      ok: false,
      error: { code: 'usage', message: 'unknown method: mail.drop', field: 'method' },
    });
    expect(
      await dispatcher.handle({ method: 'mail.search', params: { query: 'x', limit: 0 } }),
    ).toMatchObject({ ok: false, error: { code: 'invalid', field: 'limit' } });
    // Who acts is the app's member, never the caller's to say.
    expect(
      await dispatcher.handle({
        method: 'mail.mark',
        params: { conversationId: 'c', action: 'read', actor: 'someone-else' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid', field: 'actor' } });
  });

  it('maps an error of the core to its code', async () => {
    const dispatcher = createDispatcher(app, silentLogger);
    expect(
      await dispatcher.handle({ method: 'mail.conversation', params: { conversationId: 'nope' } }),
    ).toEqual({ ok: false, error: { code: 'not-found', message: 'unknown conversation: nope' } });
  });
});
