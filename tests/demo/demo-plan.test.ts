import { describe, expect, it } from 'vitest';
import { demoMessageBytes } from '../../src/demo/demo-mail.js';
import { DEMO_TEAM } from '../../src/demo/demo-people.js';
import { planDemo, type DemoPlan } from '../../src/demo/demo-plan.js';
import { DEMO_TAGS } from '../../src/demo/demo-team.js';
import { seededRandom } from '../../src/demo/random.js';

/*
 * The demo's plan (src/demo/demo-plan.ts): stable for a seed and a clock, so screenshots and
 * tests see the same demo every time, and shaped like a real shared inbox.
 */

const NOW = Date.parse('2026-03-02T09:00:00Z');
const DAY = 24 * 3600_000;

const plan = (seed: number, now = NOW): DemoPlan => planDemo(seededRandom(seed), now, 200);

async function bytesOf(demo: DemoPlan): Promise<string[]> {
  const all: string[] = [];
  for (const conversation of demo.conversations)
    for (let index = 0; index < conversation.messages.length; index += 1)
      all.push((await demoMessageBytes(conversation, index)).toString('base64'));
  return all;
}

describe('the demo plan', () => {
  it('is the same, byte for byte, for the same seed and clock, and another for another seed', async () => {
    const first = plan(1);
    expect(plan(1)).toEqual(first);
    expect(await bytesOf(plan(1))).toEqual(await bytesOf(first));
    expect(plan(2).conversations.map((c) => c.subject)).not.toEqual(
      first.conversations.map((c) => c.subject),
    );
  });

  it('moves with its clock: the same mail, a week later (office hours go by the weekday)', () => {
    const later = plan(1, NOW + 7 * DAY);
    expect(later.conversations.map((c) => c.messages.map((m) => m.at - 7 * DAY))).toEqual(
      plan(1).conversations.map((c) => c.messages.map((m) => m.at)),
    );
  });

  it('is a shared inbox of the three weeks before now, its featured conversation on top', () => {
    for (const seed of [1, 2, 3, 20_260_301]) {
      const { conversations } = plan(seed);
      expect(conversations).toHaveLength(200);
      const times = conversations.flatMap((c) => c.messages.map((m) => m.at));
      expect(Math.max(...times)).toBeLessThan(NOW);
      expect(Math.min(...times)).toBeGreaterThan(NOW - 22 * DAY);
      const lengths = new Set(conversations.map((c) => c.messages.length));
      expect(Math.min(...lengths)).toBe(1);
      expect(Math.max(...lengths)).toBeGreaterThanOrEqual(6);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(8);
      const last = (c: DemoPlan['conversations'][number]) => c.messages.at(-1)!.at;
      expect(conversations.every((c) => last(c) <= last(conversations[0]!))).toBe(true);
      expect(conversations[0]!.customer.name).toBe('Nora Lindqvist');
      for (const conversation of conversations) {
        const at = conversation.messages.map((m) => m.at);
        expect(at).toEqual([...at].sort((a, b) => a - b));
        expect(conversation.team.every((event) => event.at < NOW)).toBe(true);
        // The team replies in office hours (but in the featured conversation, pinned to now).
        if (conversation === conversations[0]) continue;
        for (const reply of conversation.messages.filter((m) => m.from === 'team')) {
          const day = new Date(reply.at);
          expect([0, 6]).not.toContain(day.getUTCDay());
          expect(day.getUTCHours()).toBeGreaterThanOrEqual(8);
          expect(day.getUTCHours()).toBeLessThan(18);
        }
      }
    }
  });

  it('gives every teammate work, and tags only with the tags the workspace defines', () => {
    const { conversations } = plan(20_260_301);
    const events = conversations.flatMap((c) => c.team);
    for (const member of DEMO_TEAM)
      expect(events.filter((e) => e.by.key === member.key).length, member.name).toBeGreaterThan(10);
    const defined = new Set(DEMO_TAGS.map((tag) => tag.name));
    for (const event of events)
      if (event.kind === 'tag') for (const tag of event.add) expect(defined).toContain(tag);
    const notes = events.filter((e) => e.kind === 'note');
    expect(notes.some((note) => note.text.includes('@maya@acme.example'))).toBe(true);
    expect(events.some((e) => e.kind === 'status' && e.status === 'snoozed')).toBe(true);
    const formats = new Set(conversations.flatMap((c) => c.messages.map((m) => m.format)));
    expect(formats).toEqual(new Set(['text', 'html', 'text+html']));
    expect(conversations.some((c) => c.messages.some((m) => m.attachment))).toBe(true);
  });
});
