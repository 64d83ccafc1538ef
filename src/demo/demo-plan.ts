import {
  colleagueOf,
  DEMO_TEAM,
  FEATURED_CUSTOMER,
  firstName,
  HANDLERS,
  makeCustomers,
  memberByKey,
  type Customer,
  type DemoMailbox,
  type DemoMember,
} from './demo-people.js';
import type { Random } from './random.js';
import { SALES_SCENARIOS } from './sales-scenarios.js';
import type { DemoFileKind, Scenario } from './scenario-types.js';
import { SUPPORT_SCENARIOS } from './support-scenarios.js';

/*
 * The demo's conversations, decided before anything is written: who wrote what and when, what
 * the mailbox's copy of each message looks like (folder, read, starred), and what the team did
 * about each conversation (assigned, tagged, noted, replied, its status), in time order. All of
 * it from the seeded generator and `now`: the same seed and clock give the same demo.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How far back the demo's mail goes. */
const SPAN_DAYS = 21;

export type MessageFormat = 'text+html' | 'text' | 'html';
export type DemoFolder = 'INBOX' | 'Sent' | 'Archive';

export interface PlannedMessage {
  from: 'customer' | 'team';
  /** The customer who wrote it, or the teammate who sent it from the mailbox. */
  author: Customer | DemoMember;
  cc: readonly Customer[];
  at: number;
  messageId: string;
  /** The whole plain-text body (greeting, text, sign-off, quoted history). */
  body: string;
  format: MessageFormat;
  attachment?: DemoFileKind;
  folder: DemoFolder;
  seen: boolean;
  flagged: boolean;
}

/** What a teammate did, and when; `by` acts as that member. */
export type TeamEvent =
  | { kind: 'assign'; at: number; by: DemoMember; to: DemoMember }
  | { kind: 'tag'; at: number; by: DemoMember; add: readonly string[] }
  | {
      kind: 'status';
      at: number;
      by: DemoMember;
      status: 'pending' | 'snoozed' | 'closed';
      snoozedUntil?: number;
    }
  | { kind: 'note'; at: number; by: DemoMember; text: string }
  | { kind: 'reply'; at: number; by: DemoMember; messageId: string };

export interface PlannedConversation {
  mailbox: DemoMailbox;
  scenario: string;
  customer: Customer;
  subject: string;
  /** The placeholders' values (also what its files are made from). */
  details: Readonly<Record<string, string>>;
  messages: PlannedMessage[];
  team: TeamEvent[];
}

export interface DemoPlan {
  conversations: PlannedConversation[];
}

const SCENARIOS: Record<DemoMailbox, readonly Scenario[]> = {
  support: SUPPORT_SCENARIOS,
  sales: SALES_SCENARIOS,
};

/**
 * Plans `count` conversations ending before `now`: three quarters for support@, the rest for
 * sales@; the first one always the same (the featured customer, a fresh bug report for the
 * demo's user, at the top of the inbox).
 */
export function planDemo(random: Random, now: number, count: number): DemoPlan {
  const customers = makeCustomers(random.fork('customers'), Math.max(8, Math.round(count * 0.7)));
  const support = Math.round(count * 0.75);
  const conversations: PlannedConversation[] = [];
  for (let index = 0; index < count; index += 1) {
    const rng = random.fork(`conversation-${index}`);
    const mailbox: DemoMailbox = index < support ? 'support' : 'sales';
    conversations.push(
      index === 0
        ? planFeatured(rng, now)
        : planConversation(rng, now, index, {
            mailbox,
            scenario: rng.weighted(SCENARIOS[mailbox].map((s) => [s, s.weight] as const)),
            customer: rng.pick(customers),
            handler: memberByKey(rng.weighted(HANDLERS[mailbox])),
            length: rng.weighted(LENGTHS),
          }),
    );
  }
  return { conversations };
}

/**
 * The conversation a newcomer sees first: a customer's bug report, the customer's screenshot
 * unread at the top of the inbox, for the demo's user, with a teammate's note mentioning her.
 */
function planFeatured(rng: Random, now: number): PlannedConversation {
  const planned = planConversation(rng, now, 0, {
    mailbox: 'support',
    scenario: SUPPORT_SCENARIOS.find((scenario) => scenario.id === 'calendar-sync')!,
    customer: FEATURED_CUSTOMER,
    handler: memberByKey('maya'),
    length: 3,
    // Newer than any other conversation's last message (messageTimes keeps them 2 minutes back).
    lastAt: now - 90_000,
  });
  const reply = planned.messages[1]!;
  planned.messages[2]!.seen = false;
  planned.team.push({
    kind: 'note',
    at: reply.at + 25 * MINUTE,
    by: memberByKey('sam'),
    text: `@${memberByKey('maya').email} Fjordline runs all their crew rotas through this, so it hurts. If it is the token expiry again, ${planned.details.ticket} has the fix.`,
  });
  planned.team.sort((a, b) => a.at - b.at);
  return planned;
}

/** How many messages a conversation has (before the clock cuts it short). */
const LENGTHS = [
  [1, 14],
  [2, 26],
  [3, 20],
  [4, 15],
  [5, 11],
  [6, 8],
  [7, 6],
  [8, 5],
] as const;

interface Choice {
  mailbox: DemoMailbox;
  scenario: Scenario;
  customer: Customer;
  handler: DemoMember;
  length: number;
  /** Pins the last message's time (the featured conversation). */
  lastAt?: number;
}

function planConversation(
  rng: Random,
  now: number,
  index: number,
  choice: Choice,
): PlannedConversation {
  const { scenario, customer, handler } = choice;
  const turns = scenario.turns.slice(0, Math.min(choice.length, scenario.turns.length));
  const times = messageTimes(rng, now, turns, choice.lastAt);
  const other = rng.pick(DEMO_TEAM.filter((member) => member.key !== handler.key));
  const details = detailsFor(rng, now, customer, handler);
  const fill = filler(scenario.id, details, { handler, other });
  const cc = rng.chance(0.1) ? [colleagueOf(rng, customer)] : [];
  const format = rng.weighted<MessageFormat>([
    ['text+html', 60],
    ['text', 35],
    ['html', 5],
  ]);
  const messages: PlannedMessage[] = [];
  times.forEach((at, turnIndex) => {
    const turn = turns[turnIndex]!;
    const previous = messages.at(-1);
    const author =
      turn.from === 'customer' ? customer : rng.chance(0.85) ? handler : pickLead(rng, handler);
    const text = fill(rng.pick(turn.text));
    messages.push({
      from: turn.from,
      author,
      cc,
      at,
      messageId:
        turn.from === 'customer'
          ? `${rng.hex(16)}@mail.${customer.company.domain}`
          : `${rng.hex(16)}.${index}@acme.example`,
      body:
        turn.from === 'customer'
          ? customerBody(rng, customer, handler, text, previous)
          : teamBody(rng, customer, author as DemoMember, text, previous),
      format: turn.from === 'customer' ? format : 'text+html',
      ...(turn.attachment ? { attachment: turn.attachment } : {}),
      folder: turn.from === 'customer' ? 'INBOX' : 'Sent',
      seen: true,
      flagged: false,
    });
  });
  const subject = fill(rng.pick(scenario.subject));
  const settled = turns[messages.length - 1]?.settles === true;
  const team = teamEvents(rng, now, {
    scenario,
    customer,
    handler,
    other,
    messages,
    settled,
    fill,
  });
  markCopies(rng, now, messages, team, scenario);
  return {
    mailbox: choice.mailbox,
    scenario: scenario.id,
    customer,
    subject,
    details,
    messages,
    team,
  };
}

/**
 * When each turn was sent: the first within the span (recent days busier, office hours), then
 * the team answering within hours, customers within hours to days. Turns that would come after
 * `now` have not happened yet and are dropped.
 */
function messageTimes(
  rng: Random,
  now: number,
  turns: Scenario['turns'],
  lastAt: number | undefined,
): number[] {
  const gaps = turns.map((turn, index) =>
    index === 0
      ? 0
      : turn.from === 'team'
        ? rng.int(12, 6 * 60) * MINUTE
        : rng.int(25, 40 * 60) * MINUTE,
  );
  let start: number;
  if (lastAt !== undefined) {
    start = lastAt - gaps.reduce((sum, gap) => sum + gap, 0);
  } else {
    const age = SPAN_DAYS * DAY * rng.next() ** 1.4;
    const day = new Date(now - age);
    day.setUTCHours(rng.int(7, 17), rng.int(0, 59), rng.int(0, 59), 0);
    start = day.getTime() < now - 5 * MINUTE ? day.getTime() : now - rng.int(6, 240) * MINUTE;
  }
  const latest = lastAt ?? now - 2 * MINUTE;
  const times: number[] = [];
  let at = start;
  for (const [index, gap] of gaps.entries()) {
    at += gap;
    // A pinned conversation keeps its times as counted back from its last message.
    if (lastAt === undefined && turns[index]!.from === 'team') at = officeHours(rng, at);
    if (at > latest) break;
    times.push(at);
  }
  return times;
}

/**
 * The team answers on weekdays from 08:00 to 18:00 (UTC, the demo's office): a reply due outside
 * those hours goes out the next working morning.
 */
function officeHours(rng: Random, at: number): number {
  const day = new Date(at);
  const weekend = (date: Date) => date.getUTCDay() === 0 || date.getUTCDay() === 6;
  if (!weekend(day) && day.getUTCHours() >= 8 && day.getUTCHours() < 18) return at;
  if (day.getUTCHours() >= 18) day.setUTCDate(day.getUTCDate() + 1);
  while (weekend(day)) day.setUTCDate(day.getUTCDate() + 1);
  day.setUTCHours(8, rng.int(0, 50), rng.int(0, 59), 0);
  return day.getTime();
}

/** Who triages when the handler does not assign it to themself: a lead who is not the handler. */
function pickLead(rng: Random, handler: DemoMember): DemoMember {
  return rng.pick(
    DEMO_TEAM.filter((member) => member.role === 'admin' && member.key !== handler.key),
  );
}

function detailsFor(
  rng: Random,
  now: number,
  customer: Customer,
  handler: DemoMember,
): Record<string, string> {
  const plan = rng.pick(['Starter', 'Team', 'Business']);
  const prices: Record<string, string> = {
    Starter: '$29.00',
    Team: '$79.00',
    Business: '$199.00',
  };
  return {
    first: customer.first,
    name: customer.name,
    email: customer.email,
    company: customer.company.name,
    domain: customer.company.domain,
    slug: customer.company.domain.replace(/\.example$/, ''),
    agent: firstName(handler.name),
    agentSlug: handler.key,
    plan,
    otherPlan: plan === 'Business' ? 'Team' : 'Starter',
    amount: prices[plan]!,
    quote: `€${rng.int(12, 96)},${rng.int(1, 9)}00`,
    staff: String(rng.int(4, 40)),
    seats: String(rng.int(15, 250)),
    locations: String(rng.int(3, 24)),
    count: String(rng.int(120, 2400)),
    invoice: `INV-${new Date(now).getUTCFullYear()}-${rng.int(1000, 9999)}`,
    ticket: `ENG-${rng.int(1200, 2400)}`,
    weekday: rng.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']),
    time: rng.pick(['09:30', '10:00', '11:30', '14:00', '15:30', '16:00']),
    colleague: colleagueOf(rng, customer).name,
    idp: rng.pick(['Okta', 'Azure AD', 'Google Workspace', 'OneLogin']),
    calendar: rng.pick(['Google Calendar', 'Outlook']),
    device: rng.pick(['iPhone 13', 'iPhone 15', 'iPad Air', 'iPhone SE']),
    version: `4.${rng.int(8, 14)}.${rng.int(0, 3)}`,
    competitor: rng.pick(['BookWise', 'Slotly', 'ShiftPilot']),
    percent: rng.pick(['10', '12', '15', '20']),
    cardDigits: String(rng.int(1000, 9999)),
  };
}

/** Fills a scenario's `{placeholders}`; `{@handler}` and `{@other}` mention those teammates. */
function filler(
  scenario: string,
  details: Readonly<Record<string, string>>,
  members: { handler: DemoMember; other: DemoMember },
): (text: string) => string {
  const mentions: Record<string, string> = {
    '@handler': `@${members.handler.email}`,
    '@other': `@${members.other.email}`,
    '@maya': `@${memberByKey('maya').email}`,
  };
  return (text) =>
    text.replace(/\{(@?[A-Za-z]+)\}/g, (_, name: string) => {
      const value = mentions[name] ?? details[name];
      if (value === undefined) throw new Error(`demo scenario ${scenario}: unknown {${name}}`);
      return value;
    });
}

function customerBody(
  rng: Random,
  customer: Customer,
  handler: DemoMember,
  text: string,
  previous: PlannedMessage | undefined,
): string {
  const greeting = previous
    ? rng.pick([`Hi ${firstName(handler.name)},`, 'Hi again,', 'Hello,', 'Hi,'])
    : rng.pick(['Hi,', 'Hello,', 'Hi there,', 'Hi Acme team,', 'Good morning,']);
  const signature = rng.chance(0.5)
    ? customer.first
    : `${customer.name}\n${customer.title}, ${customer.company.name}`;
  const signoff = rng.pick(['Thanks,', 'Best,', 'Kind regards,', 'Cheers,', 'Many thanks,']);
  const quote = previous && rng.chance(0.5) ? `\n\n${quoted(previous)}` : '';
  return `${greeting}\n\n${text}\n\n${signoff}\n${signature}${quote}`;
}

function teamBody(
  rng: Random,
  customer: Customer,
  author: DemoMember,
  text: string,
  previous: PlannedMessage | undefined,
): string {
  const signoff = rng.pick(['Best,', 'Thanks,', 'Kind regards,', 'All the best,']);
  const quote = previous && rng.chance(0.6) ? `\n\n${quoted(previous)}` : '';
  return `Hi ${customer.first},\n\n${text}\n\n${signoff}\n${author.name}\n${author.title}, Acme${quote}`;
}

/** The previous message quoted as mail clients do (its own quotes left out), RFC 3676 §4.5. */
function quoted(message: PlannedMessage): string {
  const who = message.from === 'team' ? 'Acme' : `${message.author.name} <${message.author.email}>`;
  const date = new Date(message.at).toUTCString().replace(' GMT', '');
  const own = message.body.split(/\n\nOn [^\n]* wrote:\n/)[0]!;
  const lines = own.split('\n');
  return `On ${date}, ${who} wrote:\n${lines.map((line) => (line ? `> ${line}` : '>')).join('\n')}`;
}

interface TeamContext {
  scenario: Scenario;
  customer: Customer;
  handler: DemoMember;
  other: DemoMember;
  messages: readonly PlannedMessage[];
  settled: boolean;
  fill: (text: string) => string;
}

/**
 * What the team did about the conversation: assigned it (the handler taking it, or a lead handing
 * it over) before the first reply, tagged it, left notes, recorded each reply, and set the status
 * the last message calls for: closed once settled or long quiet, pending or snoozed while waiting
 * for the customer, open (nothing to set) when the customer wrote last.
 */
function teamEvents(rng: Random, now: number, context: TeamContext): TeamEvent[] {
  const { scenario, customer, handler, other, messages, settled, fill } = context;
  const events: TeamEvent[] = [];
  const first = messages[0]!;
  const last = messages.at(-1)!;
  const firstReply = messages.find((message) => message.from === 'team');
  const before = (at: number) => Math.min(at, now - MINUTE);
  const triager = rng.chance(0.45) ? handler : pickLead(rng, handler);
  const assignAt = firstReply
    ? Math.max(first.at + MINUTE, firstReply.at - rng.int(2, 40) * MINUTE)
    : first.at + rng.int(5, 90) * MINUTE;
  const assigned = firstReply !== undefined || (assignAt < now - MINUTE && rng.chance(0.55));
  const tags = [
    ...scenario.tags,
    ...(customer.company.enterprise && rng.chance(0.6) ? ['VIP'] : []),
  ];
  if (assigned) {
    events.push({ kind: 'assign', at: before(assignAt), by: triager, to: handler });
    if (tags.length) events.push({ kind: 'tag', at: before(assignAt), by: triager, add: tags });
  } else if (tags.length && rng.chance(0.5) && first.at + 10 * MINUTE < now) {
    events.push({ kind: 'tag', at: first.at + 10 * MINUTE, by: pickLead(rng, handler), add: tags });
  }
  for (const idea of scenario.notes ?? []) {
    const after = messages[idea.after];
    if (!after || !rng.chance(0.8)) continue;
    const at = after.at + rng.int(4, 70) * MINUTE;
    if (at >= now - MINUTE) continue;
    events.push({
      kind: 'note',
      at,
      by: idea.by === 'handler' ? handler : other,
      text: fill(rng.pick(idea.text)),
    });
  }
  for (const message of messages)
    if (message.from === 'team')
      events.push({
        kind: 'reply',
        at: message.at,
        by: message.author as DemoMember,
        messageId: message.messageId,
      });
  const age = now - last.at;
  const closeAt = before(last.at + rng.int(5, 180) * MINUTE);
  if (settled) {
    events.push({ kind: 'status', at: closeAt, by: handler, status: 'closed' });
  } else if (last.from === 'team') {
    if (age > 5 * DAY && rng.chance(0.7))
      events.push({ kind: 'status', at: closeAt, by: handler, status: 'closed' });
    else if (rng.chance(0.22))
      events.push({
        kind: 'status',
        at: last.at + MINUTE,
        by: handler,
        status: 'snoozed',
        snoozedUntil: now + rng.int(1, 6) * DAY + rng.int(0, 8) * HOUR,
      });
    else events.push({ kind: 'status', at: last.at + MINUTE, by: handler, status: 'pending' });
  }
  return events.sort((a, b) => a.at - b.at);
}

/**
 * Each copy's folder and flags, as the mailbox would hold them: the team's replies are in Sent
 * and read; what a customer wrote after the last reply of a conversation still open is unread
 * when recent; some conversations are starred; most of those closed long ago were archived.
 */
function markCopies(
  rng: Random,
  now: number,
  messages: PlannedMessage[],
  team: readonly TeamEvent[],
  scenario: Scenario,
): void {
  const status = team.filter((event) => event.kind === 'status').at(-1);
  const closed = status?.kind === 'status' && status.status === 'closed';
  const last = messages.at(-1)!;
  const lastReply = messages.findLastIndex((message) => message.from === 'team');
  const archived = closed && now - last.at > 5 * DAY && rng.chance(0.6);
  const starred = rng.chance(scenario.tags.includes('Urgent') && !closed ? 0.5 : 0.07);
  messages.forEach((message, index) => {
    if (message.from === 'team') return;
    message.folder = archived ? 'Archive' : 'INBOX';
    message.seen = closed || index < lastReply || now - message.at > 2 * DAY || rng.chance(0.15);
  });
  const firstCustomer = messages.find((message) => message.from === 'customer');
  if (starred && firstCustomer) firstCustomer.flagged = true;
}
