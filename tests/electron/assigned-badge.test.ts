import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followAssignedCount } from '../../electron/main/assigned-badge.js';
import {
  createDispatcher,
  openSwitchboard,
  type SecretStore,
  type Switchboard,
} from '../../src/app/index.js';
import { silentLogger } from '../../src/app/platform.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { until } from '../helpers/wait.js';

const NO_SECRETS: SecretStore = { resolve: () => undefined, readsEnvironment: false };
const clock = { now: () => Date.UTC(2026, 2, 10, 12) };

let root: string;
let app: Switchboard;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'switchboard-badge-'));
  const dataDir = join(root, 'demo');
  await seedDemo({ dataDir, clock, conversations: 40 });
  app = await openSwitchboard({ dataDir, secrets: NO_SECRETS, clock });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

describe('the badge with the conversations assigned to me', () => {
  it('shows the Mine count at once, and follows assignments and closings', async () => {
    const shown: number[] = [];
    const stop = followAssignedCount(
      createDispatcher(app, silentLogger),
      (count) => shown.push(count),
      20,
    );
    const mine = (await app.mail.counts({})).views.mine;
    expect(await until(() => shown.length === 1, 5000)).toBe(true);
    expect(shown).toEqual([mine]);

    // Open conversations a teammate has: one becomes mine, then another.
    const { email } = await app.session.whoami();
    const [theirs, more] = (await app.mail.conversations({ status: 'open' })).filter(
      (item) => item.assignee !== null && item.assignee !== email,
    );
    await app.triage.assign({ conversationId: theirs!.id, to: 'me' });
    expect(await until(() => shown.at(-1) === mine + 1, 5000)).toBe(true);

    await app.triage.setStatus({ conversationId: theirs!.id, status: 'closed' });
    expect(await until(() => shown.at(-1) === mine, 5000)).toBe(true);
    // One count per change settled, and none repeated.
    expect(shown).toEqual([mine, mine + 1, mine]);

    stop();
    await app.triage.assign({ conversationId: more!.id, to: 'me' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(shown).toEqual([mine, mine + 1, mine]);
  });
});
