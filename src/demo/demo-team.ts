import type { Switchboard } from '../app/open-switchboard.js';
import { publishedServerUrl } from '../app/server-lock.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { embeddedServerDir } from '../team/client/embedded-server.js';
import type { TeamConfig } from '../team/client/team-config.js';
import { TeamWorkspace } from '../team/client/team-workspace.js';
import type { ConversationEdit } from '../team/workspace/index.js';
import { DEMO_MAILBOXES, DEMO_USER, type DemoMember } from './demo-people.js';
import type { PlannedConversation, TeamEvent } from './demo-plan.js';

/*
 * The team side of the demo. The demo's user (Maya) works through the app's own door, as she
 * would in the app: `triage.*` and `canned.add` on the facade. Her teammates work in their own
 * apps: each a TeamWorkspace over a cache of its own (in memory) connected with the member's own
 * token to the data directory's embedded sync server, the same code path a teammate's desktop
 * app takes (src/app/services/triage-service.ts). So is Maya's other device, which records the
 * replies she sent (what the outbox does when it sends, Conversation.recordReply).
 */

/** The tags the workspace defines, with their colours (an admin's settings). */
export const DEMO_TAGS: ReadonlyArray<{ name: string; color: string }> = [
  { name: 'Bug', color: '#dc2626' },
  { name: 'Urgent', color: '#ea580c' },
  { name: 'Billing', color: '#2563eb' },
  { name: 'Refund', color: '#db2777' },
  { name: 'Churn risk', color: '#9f1239' },
  { name: 'Feature request', color: '#7c3aed' },
  { name: 'SSO', color: '#0891b2' },
  { name: 'Onboarding', color: '#16a34a' },
  { name: 'Enterprise', color: '#4f46e5' },
  { name: 'Lead', color: '#059669' },
  { name: 'VIP', color: '#ca8a04' },
];

/** The team's saved replies, with the variables the outbox fills in (README, "Sending"). */
export const DEMO_CANNED: ReadonlyArray<{ name: string; text: string }> = [
  {
    name: 'Password reset link',
    text: 'Hi {{contact.firstName}},\n\nI have just sent a fresh password reset link to {{contact.email}}. It stays valid for an hour, even if your mail filter opens it first.\n\nIf it has not arrived in a few minutes, please check your spam or quarantine folder and allowlist no-reply@acme.example.\n\nBest,\n{{agent.firstName}}',
  },
  {
    name: 'Refund issued',
    text: 'Hi {{contact.firstName}},\n\nI have issued the refund. Depending on your bank it takes 5 to 10 business days to show up on your statement, and you will get a receipt from billing@acme.example.\n\nSorry for the trouble,\n{{agent.firstName}}',
  },
  {
    name: 'Feature request logged',
    text: 'Hi {{contact.firstName}},\n\nThank you for the suggestion! I have logged it with our product team with your name on it, so you will hear from us as soon as it ships.\n\nBest,\n{{agent.name}}',
  },
  {
    name: 'SSO setup',
    text: 'Hi {{contact.firstName}},\n\nSingle sign-on is set up under Settings > Security > SSO: copy the entity ID and reply URL shown there into your identity provider, and map the user email to the attribute "email". Our guide walks through Okta, Azure AD and Google Workspace step by step: https://help.acme.example/sso\n\n{{agent.firstName}}',
  },
  {
    name: 'Book a demo',
    text: 'Hi {{contact.firstName}},\n\nThanks for your interest in Acme Schedule! You can pick a time for a 30-minute demo here: https://acme.example/meet\n\nTalk soon,\n{{agent.firstName}}\n{{mailbox.name}}',
  },
  {
    name: 'Outage follow-up',
    text: 'Hi {{contact.firstName}},\n\nAbout "{{conversation.subject}}": the incident is resolved and no bookings were lost. The full write-up is on status.acme.example. We are sorry for the disruption.\n\n{{agent.name}}\n{{mailbox.name}}',
  },
];

/** Signatures: one per mailbox, one for any other (outbox-service.ts picks). */
const DEMO_SIGNATURES: ReadonlyArray<{ name: string; text: string; mailbox: string | null }> = [
  {
    name: 'Support',
    text: '{{agent.name}}\n{{mailbox.name}} · help.acme.example',
    mailbox: DEMO_MAILBOXES.support.email,
  },
  {
    name: 'Sales',
    text: '{{agent.name}}\n{{mailbox.name}} · Book a demo: acme.example/meet',
    mailbox: DEMO_MAILBOXES.sales.email,
  },
  { name: 'Default', text: '{{agent.name}}\nAcme', mailbox: null },
];

/** A clock the seeding moves to each event's time, so the activity reads as it happened. */
export interface SeedClock {
  now(): number;
  set(at: number): void;
}

/** A member's access, and its token, as the embedded server's directory issued them. */
export interface MemberAccess {
  member: DemoMember;
  memberId: string;
  token: string;
}

/** A teammate's app: the member's workspace over a cache of its own, connected to the server. */
interface Device {
  member: DemoMember;
  team: TeamWorkspace;
  cache: Db;
  /** The time its changes are made at (each app its own clock: they work side by side). */
  clock: { at: number };
}

export interface TeamSeeding {
  /**
   * Opens the demo user's app (the facade over the data directory, on `clock`), with these
   * settings: how long its changes wait for the team server.
   */
  openApp(settings: { teamConfirmMs?: number }): Promise<Switchboard>;
  dataDir: string;
  clock: SeedClock;
  workspaceId: string;
  /** Every member: the app's own (for its other device) and the teammates. */
  members: readonly MemberAccess[];
}

/** How long the user's triage waits for the team server per change (the least there is). */
const NO_WAIT_MS = 1;

/**
 * The team's work: settings first (canned responses by the user, tags and signatures by an admin
 * teammate), then every conversation's events, each by its member, the teammates' apps side by
 * side (each with its own clock), then the user's app. Within a member's share, events go in time
 * order; across members the order makes no difference, since a conversation's status, assignee
 * and tags each have one author here and its activity reads in time order. Ends with a sync of
 * the user's app: every change held by the team server, and projected into its cache.
 */
export async function seedTeam(
  seeding: TeamSeeding,
  conversations: ReadonlyArray<{ id: string; planned: PlannedConversation }>,
): Promise<void> {
  const now = seeding.clock.now();
  const events = conversations
    .flatMap(({ id, planned }) => planned.team.map((event) => ({ id, event })))
    .sort((a, b) => a.event.at - b.event.at);
  // The user's replies are recorded by the outbox, not by a triage call: by her other device.
  const byApp = (event: TeamEvent) => event.by.key === DEMO_USER.key && event.kind !== 'reply';
  // The app's first change brings the workspace into its replica (it waits for that) and starts
  // the embedded sync server, which the teammates' apps then connect to.
  const setup = await seeding.openApp({});
  try {
    for (const canned of DEMO_CANNED) await setup.canned.add(canned);
    await devicesWork(
      seeding,
      events.filter(({ event }) => !byApp(event)),
    );
  } finally {
    await setup.close();
  }
  // The user's own share does not wait for the team server change by change (the replica has
  // the workspace now): the closing sync hands everything over, and waits for it.
  const app = await seeding.openApp({ teamConfirmMs: NO_WAIT_MS });
  try {
    // Tags go by name: the app must know them, or it would define grey ones of its own.
    await eventually('the app to see the team and its tags', async () => {
      const [members, tags] = await Promise.all([app.team.members(), app.team.tags()]);
      return members.length === seeding.members.length && tags.length === DEMO_TAGS.length;
    });
    for (const { id, event } of events) {
      if (!byApp(event)) continue;
      seeding.clock.set(event.at);
      await viaApp(app, id, event);
    }
    seeding.clock.set(now);
    await app.sync.runOnce();
  } finally {
    await app.close();
  }
}

/** The members' other apps at work, side by side, each on its member's share of `events`. */
async function devicesWork(
  seeding: TeamSeeding,
  events: ReadonlyArray<{ id: string; event: TeamEvent }>,
): Promise<void> {
  const serverUrl = publishedServerUrl(embeddedServerDir(seeding.dataDir));
  if (!serverUrl) throw new Error("the demo's embedded sync server did not say where it listens");
  const work = (member: DemoMember) => async (device: Device) => {
    for (const { id, event } of events)
      if (event.by.key === member.key) await viaDevice(device, id, event);
  };
  const [admin, ...others] = [...seeding.members].sort(
    (a, b) => Number(b.member.key === 'priya') - Number(a.member.key === 'priya'),
  );
  // The others tag by name too: the admin's tags must be there before they open.
  await withDevice(seeding, serverUrl, admin!, async (device) => {
    defineSettings(device.team);
    await confirmedBy(device);
    await Promise.all([
      work(admin!.member)(device),
      ...others.map((access) => withDevice(seeding, serverUrl, access, work(access.member))),
    ]);
  });
}

/** The admin's settings: the tags with their colours, the signatures. */
function defineSettings(team: TeamWorkspace): void {
  team.atomically(() => {
    const { settings } = team.workspace;
    for (const tag of DEMO_TAGS) settings.defineTag(tag);
    for (const signature of DEMO_SIGNATURES) settings.saveSignature(signature);
  });
}

/** Runs `work` in the member's app, closed once the team server holds what it did. */
async function withDevice(
  seeding: TeamSeeding,
  serverUrl: string,
  access: MemberAccess,
  work: (device: Device) => Promise<void>,
): Promise<void> {
  const device = await openDevice(seeding, serverUrl, access);
  try {
    await work(device);
    await confirmedBy(device);
  } finally {
    await device.team.close();
    device.cache.close();
  }
}

async function confirmedBy(device: Device): Promise<void> {
  if (!(await device.team.session.confirmed(30_000)))
    throw new Error(`the demo's team server did not confirm ${device.member.name}'s changes`);
}

async function openDevice(
  seeding: TeamSeeding,
  serverUrl: string,
  access: MemberAccess,
): Promise<Device> {
  const config: TeamConfig = {
    workspaceId: seeding.workspaceId,
    serverUrl,
    memberId: access.memberId,
    token: access.token,
  };
  // In memory: a teammate's app on another machine, for the seeding's time.
  const cache = openDatabase(':memory:');
  try {
    const clock = { at: seeding.clock.now() };
    const team = await TeamWorkspace.open(cache, '', {
      me: { name: access.member.name, email: access.member.email },
      config,
      now: () => clock.at,
    });
    return { member: access.member, team, cache, clock };
  } catch (error) {
    cache.close();
    throw error;
  }
}

/** The demo user's change, through the app's door. */
async function viaApp(app: Switchboard, conversationId: string, event: TeamEvent): Promise<void> {
  switch (event.kind) {
    case 'assign':
      await app.triage.assign({
        conversationId,
        to: event.to.key === event.by.key ? 'me' : { email: event.to.email },
      });
      return;
    case 'tag':
      await app.triage.tag({ conversationId, add: [...event.add] });
      return;
    case 'status':
      await app.triage.setStatus({
        conversationId,
        status: event.status,
        ...(event.snoozedUntil === undefined
          ? {}
          : { snoozedUntil: new Date(event.snoozedUntil).toISOString() }),
      });
      return;
    case 'note':
      await app.triage.note({ conversationId, text: event.text });
      return;
    case 'reply':
      throw new Error('a reply is recorded by the outbox, not by a triage call');
  }
}

/** A teammate's change, in their own app's workspace (as triage-service.ts makes it). */
async function viaDevice(device: Device, conversationId: string, event: TeamEvent): Promise<void> {
  const { team } = device;
  const conversation = await team.workspace.conversation(conversationId);
  device.clock.at = event.at;
  if (event.kind === 'reply') {
    team.atomically(() => conversation.recordReply(event.messageId));
    return;
  }
  team.atomically(() => conversation.apply(editsOf(team, event)));
}

function editsOf(
  team: TeamWorkspace,
  event: Exclude<TeamEvent, { kind: 'reply' }>,
): ConversationEdit[] {
  switch (event.kind) {
    case 'assign':
      return [{ kind: 'assign', member: team.workspace.team.memberByEmail(event.to.email)!.id }];
    case 'tag':
      return event.add.map((name) => ({ kind: 'tag', tag: { name }, on: true }));
    case 'status':
      return [
        {
          kind: 'status',
          status: event.status,
          ...(event.snoozedUntil === undefined ? {} : { snoozedUntil: event.snoozedUntil }),
        },
      ];
    case 'note':
      return [{ kind: 'note', text: event.text }];
  }
}

/** Waits for `check` to hold (asked every 10 ms), or fails after 10 s naming `what`. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`the demo gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
