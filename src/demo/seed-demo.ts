import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listAccounts } from '../accounts/account-store.js';
import { cacheFile, prepareDataDir } from '../app/data-dir.js';
import { openCache } from '../app/open-cache.js';
import { openSwitchboard } from '../app/open-switchboard.js';
import type { Clock, SecretStore } from '../app/platform.js';
import { openServerAdmin } from '../app/sync-server-host.js';
import { UserError } from '../errors.js';
import { embeddedServerDir, soloConfig } from '../team/client/embedded-server.js';
import { readTeamConfig } from '../team/client/team-config.js';
import { seedMailboxes } from './demo-mailboxes.js';
import { DEMO_TEAM, DEMO_USER, DEMO_WORKSPACE_NAME } from './demo-people.js';
import { planDemo } from './demo-plan.js';
import { seedTeam, type MemberAccess, type SeedClock } from './demo-team.js';
import { seededRandom } from './random.js';

export interface SeedDemoOptions {
  /** A new (or missing) data directory, or one this function seeded before. */
  dataDir: string;
  /** "Now" for the demo: its mail spans the three weeks before it. */
  clock: Clock;
  /** Another seed gives another demo, just as stable. */
  seed?: number;
  /** How many conversations (200). */
  conversations?: number;
}

export interface SeedDemoResult {
  /** False: the data directory held the demo already, and nothing was done. */
  seeded: boolean;
  conversations: number;
  messages: number;
  /** The demo's user, this app's member. */
  user: { name: string; email: string };
}

/** Written last: its presence says the data directory holds a whole demo. */
const MARKER = 'demo.json';
const DEFAULT_SEED = 20_260_301;

/**
 * Makes `dataDir` a demo workspace, as `switchboard serve --demo` shows it: two shared mailboxes
 * of a small company (local accounts: no mail server, their actions stay here), about 200
 * conversations of support and sales mail over the three weeks before `clock.now()`, filed
 * through the sync's store path, and the team's work on them in the solo workspace of the
 * embedded sync server: four teammates, tags with colours, assignments, statuses, notes with
 * mentions, replies, canned responses and signatures. The demo's user is Maya Chen, an admin.
 *
 * Idempotent: on a data directory it seeded before it does nothing. Any other data directory that
 * is not new is refused (the demo never mixes with real mail). Deterministic: the same seed and
 * clock give the same mail, byte for byte, the same conversation ids and the same team state
 * (only the ids the team server and the workspace draw, of members and notes, differ).
 */
export async function seedDemo(options: SeedDemoOptions): Promise<SeedDemoResult> {
  const { dataDir } = options;
  prepareDataDir(dataDir);
  const marker = join(dataDir, MARKER);
  if (existsSync(marker))
    return { ...(JSON.parse(readFileSync(marker, 'utf8')) as SeedDemoResult), seeded: false };
  requireFresh(dataDir);
  const now = options.clock.now();
  const plan = planDemo(
    seededRandom(options.seed ?? DEFAULT_SEED),
    now,
    options.conversations ?? 200,
  );

  const db = openCache(dataDir);
  let ids: string[];
  let members: MemberAccess[];
  let config: { workspaceId: string; memberId: string | null; token: string };
  try {
    ids = await seedMailboxes(db, dataDir, plan);
    config = soloConfig(db, dataDir, DEMO_USER, DEMO_WORKSPACE_NAME);
    members = addTeammates(dataDir, config.workspaceId);
  } finally {
    db.close();
  }

  let current = now;
  const clock: SeedClock = { now: () => current, set: (at) => void (current = at) };
  await seedTeam(
    {
      openApp: (settings) =>
        openSwitchboard({
          dataDir,
          secrets: NO_SECRETS,
          clock,
          settings: { user: { name: DEMO_USER.name, email: DEMO_USER.email }, ...settings },
        }),
      dataDir,
      clock,
      workspaceId: config.workspaceId,
      members: [{ member: DEMO_USER, memberId: config.memberId!, token: config.token }, ...members],
    },
    plan.conversations.map((planned, index) => ({ id: ids[index]!, planned })),
  );

  const result: SeedDemoResult = {
    seeded: true,
    conversations: plan.conversations.length,
    messages: plan.conversations.reduce((sum, c) => sum + c.messages.length, 0),
    user: { name: DEMO_USER.name, email: DEMO_USER.email },
  };
  writeFileSync(marker, `${JSON.stringify(result, null, 2)}\n`, { mode: 0o600 });
  return result;
}

/** The demo has no passwords: its accounts have no server. */
const NO_SECRETS: SecretStore = { resolve: () => undefined, readsEnvironment: false };

function requireFresh(dataDir: string): void {
  if (!existsSync(cacheFile(dataDir)) && !existsSync(embeddedServerDir(dataDir))) return;
  const db = openCache(dataDir);
  try {
    if (listAccounts(db).length === 0 && !readTeamConfig(db, dataDir)) return;
  } finally {
    db.close();
  }
  throw new UserError(
    'conflict',
    `${dataDir} holds a Switchboard already: the demo is made in a new data directory (remove this one if it is a demo that was cut short)`,
  );
}

/** The teammates, members of the solo workspace in the embedded server's directory. */
function addTeammates(dataDir: string, workspaceId: string): MemberAccess[] {
  const admin = openServerAdmin(embeddedServerDir(dataDir), { create: false });
  try {
    return DEMO_TEAM.filter((member) => member !== DEMO_USER).map((member) => {
      const { memberId, token } = admin.addMember(workspaceId, {
        name: member.name,
        email: member.email,
        role: member.role,
      });
      return { member, memberId, token };
    });
  } finally {
    admin.close();
  }
}
