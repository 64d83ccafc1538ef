import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/app/contract/events.js';
import { openSwitchboard, type Switchboard } from '../../src/app/open-switchboard.js';
import type { SecretStore } from '../../src/app/platform.js';
import { seedDemo } from '../../src/demo/seed-demo.js';

/*
 * Sending from the demo's mailboxes, which have no server: a reply goes through the outbox as
 * any does (composed, guarded, recorded for the team) and is filed in the mailbox's own Sent
 * folder at once, so it is in its conversation as mail; nothing is sent anywhere.
 */

const NO_SECRETS: SecretStore = { resolve: () => undefined, readsEnvironment: false };

let root: string;
let app: Switchboard;
const events: AppEvent[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'switchboard-demo-send-'));
  const dataDir = join(root, 'demo');
  await seedDemo({ dataDir, clock: { now: () => Date.now() } });
  app = await openSwitchboard({ dataDir, secrets: NO_SECRETS });
  app.subscribe((event) => events.push(event));
}, 60_000);

afterAll(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

describe('a reply from a demo mailbox', () => {
  it('is sent into its own Sent folder, and is in its conversation as mail at once', async () => {
    const [conversation] = await app.mail.conversations({ status: 'open', limit: 1 });
    const before = await app.mail.conversation({ conversationId: conversation!.id });
    const reply = await app.outbox.reply({
      conversationId: conversation!.id,
      text: 'Thanks, this is fixed now.',
      anyway: true,
      now: true,
    });
    expect(reply).toMatchObject({ state: 'sent', conversationId: conversation!.id });
    const after = await app.mail.conversation({ conversationId: conversation!.id });
    expect(after.messages).toHaveLength(before.messages.length + 1);
    expect(after.messages.at(-1)?.subject).toMatch(/^Re: /);
    expect(after.outgoing).toEqual([]);
    expect(
      events.some(
        (event) =>
          event.type === 'conversations.changed' &&
          event.conversationIds.includes(conversation!.id),
      ),
    ).toBe(true);
    expect((await app.outbox.list())[0]).toMatchObject({ id: reply.outboxId, state: 'sent' });
  });
});
