import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationListItem, Note } from '../../src/app/index.js';
import { openSwitchboard, type Switchboard } from '../../src/app/open-switchboard.js';
import type { SecretStore } from '../../src/app/platform.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { isUserError } from '../../src/errors.js';

/*
 * The inbox's list as the app pages it (mail.conversations: limit, offset, the mentions filter,
 * each row's sender and snippet) and its counts (mail.counts), over the demo workspace seeded
 * into a fresh data directory: real mail in the cache, a solo team with notes that mention
 * members, assignments and statuses, read through the app's door.
 */

const NOW = Date.parse('2026-03-02T09:00:00Z');
/** The app's time: moved on past a snooze to wake it. */
let now = NOW;
const clock = { now: () => now };
const NO_SECRETS: SecretStore = { resolve: () => undefined, readsEnvironment: false };
const MAYA = 'maya@acme.example';
const SAM = 'sam@acme.example';

let root: string;
let app: Switchboard;
let all: ConversationListItem[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'switchboard-list-'));
  const dataDir = join(root, 'demo');
  await seedDemo({ dataDir, clock });
  app = await openSwitchboard({ dataDir, secrets: NO_SECRETS, clock });
  all = await app.mail.conversations({});
}, 60_000);

afterAll(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

const ids = (items: readonly ConversationListItem[]) => items.map((item) => item.id);

/** Each conversation's notes, as the conversation shows them (read once). */
let notesOf: Map<string, Note[]> | undefined;

/** The conversations whose notes the workspace says mention `email`, by someone else. */
async function mentioning(email: string): Promise<string[]> {
  if (!notesOf) {
    notesOf = new Map();
    for (const item of all)
      notesOf.set(item.id, (await app.mail.conversation({ conversationId: item.id })).notes);
  }
  return [...notesOf]
    .filter(([, notes]) =>
      notes.some((note) => note.author !== email && note.mentions.includes(email)),
    )
    .map(([id]) => id);
}

describe('mail.conversations in pages', () => {
  it('gives the list page by page: the pages make the whole list, in its order', async () => {
    expect(all).toHaveLength(200);
    const pages: ConversationListItem[] = [];
    for (let offset = 0; offset < all.length; offset += 64)
      pages.push(...(await app.mail.conversations({ limit: 64, offset })));
    expect(ids(pages)).toEqual(ids(all));
    expect(await app.mail.conversations({ offset: 200 })).toEqual([]);
    // A filtered view pages the same way.
    const open = await app.mail.conversations({ status: 'open' });
    const second = await app.mail.conversations({ status: 'open', limit: 10, offset: 10 });
    expect(ids(second)).toEqual(ids(open.slice(10, 20)));
  });

  it('refuses an offset that is not a count, naming the field', async () => {
    for (const offset of [-1, 1.5]) {
      const error = await app.mail.conversations({ offset }).catch((e: unknown) => e);
      expect(isUserError(error, 'invalid'), String(error)).toBe(true);
      expect(String(error)).toContain('offset');
    }
  });
});

describe("a list item's sender and snippet", () => {
  it('name who it is with (the latest sender not the mailbox), and the latest text on one line', async () => {
    const mailboxes = (await app.accounts.list()).map((account) => account.email.toLowerCase());
    const fromMailbox = (from: string) =>
      mailboxes.some((email) => from.toLowerCase().includes(email));
    let withText = 0;
    let afterOurReply = 0;
    for (const item of all.slice(0, 60)) {
      const shown = await app.mail.conversation({ conversationId: item.id });
      const latest = shown.messages.at(-1)!;
      const customer = shown.messages.findLast((message) => !fromMailbox(message.from)) ?? latest;
      if (customer !== latest) afterOurReply += 1;
      expect(customer.from.toLowerCase(), item.subject).toContain(item.from.email.toLowerCase());
      if (item.from.name) expect(customer.from).toContain(item.from.name);
      expect(item.snippet).not.toMatch(/\n|\s{2}/);
      expect(item.snippet.length).toBeLessThanOrEqual(160);
      if (!latest.text?.trim()) continue;
      withText += 1;
      // The snippet is the message's own first words (quotes and signatures left out).
      const words = item.snippet.replace(/…$/, '').split(' ').slice(0, 4).join(' ');
      expect(latest.text.replace(/\s+/g, ' '), item.subject).toContain(words);
    }
    expect(withText).toBeGreaterThan(20);
    // Some of them end with a reply of ours: those rows still name the customer.
    expect(afterOurReply).toBeGreaterThan(0);
  });
});

describe('mail.conversations mentioned', () => {
  it("lists the conversations where a teammate's note mentions this member ('me')", async () => {
    const expected = await mentioning(MAYA);
    expect(expected.length).toBeGreaterThan(3);
    const listed = await app.mail.conversations({ mentioned: 'me' });
    expect(ids(listed).sort()).toEqual([...expected].sort());
    // Newest first, as every list, and paged like one.
    expect(ids(listed)).toEqual(ids(all).filter((id) => expected.includes(id)));
    expect(ids(await app.mail.conversations({ mentioned: 'me', limit: 2, offset: 1 }))).toEqual(
      ids(listed).slice(1, 3),
    );
  });

  it('lists those mentioning another member, by address, and combines with the filters', async () => {
    const expected = await mentioning(SAM);
    expect(expected.length).toBeGreaterThan(0);
    const listed = await app.mail.conversations({ mentioned: SAM.toUpperCase() });
    expect(ids(listed).sort()).toEqual([...expected].sort());
    const open = await app.mail.conversations({ mentioned: SAM, status: 'open' });
    expect(ids(open)).toEqual(ids(listed.filter((item) => item.status === 'open')));
    expect(await app.mail.conversations({ mentioned: 'nobody@acme.example' })).toEqual([]);
  });
});

describe('mail.counts', () => {
  /** Each view's list, as the inbox asks for it (renderer/model/view-filters.ts). */
  const viewLists = async () => ({
    unassigned: await app.mail.conversations({ assignee: 'none', status: 'open' }),
    mine: await app.mail.conversations({ assignee: 'me', status: 'open' }),
    open: await app.mail.conversations({ status: 'open' }),
    pending: await app.mail.conversations({ status: 'pending' }),
    snoozed: await app.mail.conversations({ status: 'snoozed' }),
    closed: await app.mail.conversations({ status: 'closed' }),
    mentions: await app.mail.conversations({ mentioned: 'me' }),
  });

  it("counts each view's conversations as its list filters them, and the open unread", async () => {
    const lists = await viewLists();
    const counts = await app.mail.counts({});
    expect(counts.views).toEqual(
      Object.fromEntries(Object.entries(lists).map(([view, items]) => [view, items.length])),
    );
    expect(counts.unread).toBe(lists.open.filter((item) => item.unread).length);
    expect(counts.views.mine).toBeGreaterThan(0);
    expect(counts.views.snoozed).toBeGreaterThan(0);
    // Mine is this member's (the workspace's Maya): every conversation it counts is hers, none
    // of Unassigned's (the demo has as many of each: 18 when seeded at this time).
    expect(lists.mine.every((item) => item.assignee === MAYA)).toBe(true);
    expect(lists.unassigned.every((item) => item.assignee === null)).toBe(true);
    expect(counts.views.mine).toBe(
      (await app.mail.conversations({ assignee: { email: MAYA }, status: 'open' })).length,
    );
  });

  it('counts one account, and follows a triage: assigned to me moves one from Unassigned to Mine', async () => {
    const [support] = await app.accounts.list();
    const ofSupport = await app.mail.counts({ account: support!.email });
    expect(ofSupport.views.open).toBe(
      (await app.mail.conversations({ account: support!.email, status: 'open' })).length,
    );
    const before = await app.mail.counts({});
    expect(ofSupport.views.open).toBeLessThan(before.views.open);
    const [waiting] = await app.mail.conversations({ assignee: 'none', status: 'open', limit: 1 });
    await app.triage.assign({ conversationId: waiting!.id, to: 'me' });
    const after = await app.mail.counts({});
    expect(after.views).toEqual({
      ...before.views,
      unassigned: before.views.unassigned - 1,
      mine: before.views.mine + 1,
    });
  });

  it('counts a snooze whose time has come as open, as the lists do', async () => {
    const [snoozed] = await app.mail.conversations({ status: 'snoozed', limit: 1 });
    const before = await app.mail.counts({});
    await app.triage.setStatus({
      conversationId: snoozed!.id,
      status: 'snoozed',
      snoozedUntil: new Date(now + 60_000).toISOString(),
    });
    expect((await app.mail.counts({})).views.snoozed).toBe(before.views.snoozed);
    now += 120_000;
    const after = await app.mail.counts({});
    expect(after.views.snoozed).toBe(before.views.snoozed - 1);
    expect(after.views.open).toBe(before.views.open + 1);
    expect(after.views.open).toBe((await app.mail.conversations({ status: 'open' })).length);
  });

  it('refuses an unknown account', async () => {
    const error: unknown = await app.mail
      .counts({ account: 'nobody@nowhere.example' })
      .catch((e: unknown) => e);
    expect(isUserError(error, 'not-found'), String(error)).toBe(true);
  });
});
