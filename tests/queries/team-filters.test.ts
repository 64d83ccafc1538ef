import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listConversations,
  showConversation,
  type TeamFilter,
} from '../../src/queries/conversation-queries.js';
import { MailKit } from '../threading/support/mail-kit.js';

let kit: MailKit;
const ids: Record<string, string> = {};

beforeAll(() => {
  kit = MailKit.open();
  for (const [label, day] of [
    ['refund', 1],
    ['printer', 2],
    ['invoice', 3],
    ['hello', 4],
  ] as const) {
    kit.file({
      messageId: `${label}@customer.example`,
      subject: `About the ${label}`,
      from: `Customer <${label}@customer.example>`,
      to: ['Support <support@example.com>'],
      date: new Date(Date.UTC(2025, 0, day)).toISOString(),
      body: `Text about the ${label}.`,
    });
    ids[label] = kit.conversationOf(`${label}@customer.example`);
  }
  const insert = kit.db.prepare(
    'INSERT INTO conversation_team_state (conversation_id, status, assignee_id, assignee_email, tags_json) VALUES (?, ?, ?, ?, ?)',
  );
  insert.run(ids.refund, 'pending', 'm-ana', 'ana@example.com', '["billing","vip"]');
  insert.run(ids.printer, 'closed', 'm-ben', 'ben@example.com', '[]');
  insert.run(ids.invoice, 'open', null, null, '["billing"]');
  // "hello" has no team state at all: open, unassigned, untagged.
});
afterAll(() => kit.close());

const listed = (team: TeamFilter) =>
  listConversations(kit.db, { team }).map((row) =>
    Object.keys(ids).find((label) => ids[label] === row.id),
  );

describe('listConversations with team state', () => {
  it('gives every row its status, assignee and tags (open, none and [] when unset)', () => {
    const rows = listConversations(kit.db);
    expect(rows.map((row) => [row.subject, row.status, row.assignee, row.tags])).toEqual([
      ['About the hello', 'open', null, []],
      ['About the invoice', 'open', null, ['billing']],
      ['About the printer', 'closed', 'ben@example.com', []],
      ['About the refund', 'pending', 'ana@example.com', ['billing', 'vip']],
    ]);
  });

  it('filters by assignee (case-insensitive), by no assignee, by status and by tag', () => {
    expect(listed({ assignee: { email: 'ANA@example.com' } })).toEqual(['refund']);
    expect(listed({ assignee: 'none' })).toEqual(['hello', 'invoice']);
    expect(listed({ status: 'open' })).toEqual(['hello', 'invoice']);
    expect(listed({ status: 'closed' })).toEqual(['printer']);
    expect(listed({ tag: 'billing' })).toEqual(['invoice', 'refund']);
    expect(listed({ tag: 'billing', assignee: { email: 'ana@example.com' } })).toEqual(['refund']);
    expect(listed({ tag: 'nothing' })).toEqual([]);
  });

  it('gives every row its last reply, who and when, or null when none is known (a row projected before)', () => {
    const at = Date.UTC(2025, 0, 5, 12, 30, 0);
    kit.db
      .prepare(
        `UPDATE conversation_team_state SET last_reply_member = 'm-ben', last_reply_email = 'ben@example.com',
           last_reply_at = ? WHERE conversation_id = ?`,
      )
      .run(at, ids.refund);
    const replies = Object.fromEntries(
      listConversations(kit.db).map((row) => [
        Object.keys(ids).find((label) => ids[label] === row.id) ?? row.id,
        row.lastReply,
      ]),
    );
    const expected = { by: 'ben@example.com', at: new Date(at).toISOString() };
    expect(replies).toEqual({ refund: expected, printer: null, invoice: null, hello: null });
    expect(showConversation(kit.db, ids.refund!).lastReply).toEqual(expected);
    expect(showConversation(kit.db, ids.hello!).lastReply).toBeNull();
  });
});

describe('a snooze whose time has come', () => {
  const NOW = Date.UTC(2025, 5, 1, 9, 0, 0);

  it('reads as open in lists, filters and show, and a snooze still running as snoozed', () => {
    const snooze = kit.db.prepare(
      "UPDATE conversation_team_state SET status = 'snoozed', snooze_until = ? WHERE conversation_id = ?",
    );
    try {
      // Due exactly now, and still an hour away.
      snooze.run(NOW, ids.printer);
      snooze.run(NOW + 3_600_000, ids.invoice);
      const at = (now: number, team: TeamFilter = {}) =>
        listConversations(kit.db, { team, now }).map((row) => [
          Object.keys(ids).find((label) => ids[label] === row.id),
          row.status,
        ]);
      expect(at(NOW)).toEqual([
        ['hello', 'open'],
        ['invoice', 'snoozed'],
        ['printer', 'open'],
        ['refund', 'pending'],
      ]);
      expect(at(NOW, { status: 'open' })).toEqual([
        ['hello', 'open'],
        ['printer', 'open'],
      ]);
      expect(at(NOW, { status: 'snoozed' })).toEqual([['invoice', 'snoozed']]);
      // An hour later the second one wakes too: nobody had to write anything.
      expect(at(NOW + 3_600_000, { status: 'snoozed' })).toEqual([]);
      expect(at(NOW + 3_600_000, { status: 'open' }).map(([label]) => label)).toEqual([
        'hello',
        'invoice',
        'printer',
      ]);
      expect(showConversation(kit.db, ids.printer!, { now: NOW }).status).toBe('open');
      expect(showConversation(kit.db, ids.invoice!, { now: NOW }).status).toBe('snoozed');
    } finally {
      kit.db
        .prepare(
          'UPDATE conversation_team_state SET status = ?, snooze_until = NULL WHERE conversation_id = ?',
        )
        .run('closed', ids.printer);
      kit.db
        .prepare(
          "UPDATE conversation_team_state SET status = 'open', snooze_until = NULL WHERE conversation_id = ?",
        )
        .run(ids.invoice);
    }
  });
});
