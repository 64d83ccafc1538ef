import type { Person } from './header-encoding.js';
import { castOfPeople } from './people.js';
import { Random } from './random.js';
import { sentence } from './text.js';
import { DOMAINS, FOREIGN, MAILING_LISTS } from './vocabulary.js';

/*
 * Who wrote what to whom, when, in reply to what: the corpus before any message is rendered.
 * Conversations grow by preferential attachment (a new message joins a thread in proportion to
 * the thread's size: many single messages, a few long threads), as in real mailboxes.
 */

/** The longest thread: the largest conversations of a busy shared inbox. */
export const MAX_THREAD_SIZE = 120;
const FIRST_DAY = Date.UTC(2023, 0, 1);
const SPAN_MS = 730 * 86_400_000;
const PEOPLE = 600;

export interface PlannedThread {
  subject: string;
  /** Words of the thread's other language, if it has one. */
  foreign: readonly string[] | undefined;
  participants: Person[];
  /** The mailing list it runs on, if any. */
  list: string | undefined;
  startedAt: number;
  messages: PlannedMessage[];
}

export interface PlannedMessage {
  index: number;
  thread: PlannedThread;
  parent: PlannedMessage | undefined;
  messageId: string;
  sentAt: number;
}

export interface CorpusPlan {
  seed: number;
  people: Person[];
  threads: PlannedThread[];
  messages: PlannedMessage[];
}

/** `count` messages in exactly `threadCount` threads; the same arguments give the same plan. */
export function planCorpus(count: number, threadCount: number, seed: number): CorpusPlan {
  if (!Number.isInteger(count) || !Number.isInteger(threadCount) || threadCount < 1)
    throw new Error(
      `a corpus needs whole numbers of messages and threads (${count}, ${threadCount})`,
    );
  if (threadCount > count || count > threadCount * MAX_THREAD_SIZE)
    throw new Error(
      `${count} messages cannot make ${threadCount} threads of 1 to ${MAX_THREAD_SIZE} messages`,
    );
  const random = Random.derive(seed, 'plan');
  const people = castOfPeople(Random.derive(seed, 'people'), PEOPLE);
  const threads: PlannedThread[] = [];
  const messages: PlannedMessage[] = [];
  /** Threads below MAX_THREAD_SIZE: with none left, the next message must start one. */
  let open = 0;
  for (let index = 0; index < count; index += 1) {
    const threadsLeft = threadCount - threads.length;
    const startsThread =
      open === 0 ||
      threadsLeft >= count - index ||
      (threadsLeft > 0 && random.chance(threadCount / count));
    const thread = startsThread
      ? newThread(random, people, threads)
      : threadOfRandomMessage(random, messages);
    const parent =
      thread.messages.length === 0
        ? undefined
        : random.chance(0.7)
          ? thread.messages.at(-1)
          : random.pick(thread.messages);
    const message: PlannedMessage = {
      index,
      thread,
      parent,
      messageId: `<${Math.floor(thread.startedAt / 1000).toString(36)}.${random.hex(14)}.${index}@${random.pick(DOMAINS)}>`,
      // A reply comes a minute to three days after what it answers.
      sentAt: parent
        ? parent.sentAt + 60_000 + Math.floor(random.next() * 3 * 86_400_000)
        : thread.startedAt,
    };
    thread.messages.push(message);
    messages.push(message);
    if (startsThread) open += 1;
    if (thread.messages.length === MAX_THREAD_SIZE) open -= 1;
  }
  return { seed, people, threads, messages };
}

function newThread(random: Random, people: Person[], threads: PlannedThread[]): PlannedThread {
  const foreign = random.chance(0.18) ? random.pick(FOREIGN) : undefined;
  const subject = sentence(random, foreign && random.chance(0.7) ? foreign : undefined)
    .slice(0, random.int(20, 70))
    .replace(/[\s.?!]+$/, '');
  const participants = [random.pick(people), random.pick(people)];
  if (random.chance(0.4)) participants.push(random.pick(people), random.pick(people));
  const thread: PlannedThread = {
    subject,
    foreign,
    participants,
    list: random.chance(0.3) ? random.pick(MAILING_LISTS) : undefined,
    startedAt: FIRST_DAY + Math.floor(random.next() * SPAN_MS),
    messages: [],
  };
  threads.push(thread);
  return thread;
}

/** Preferential attachment: the thread of a message drawn at random, unless it is full. */
function threadOfRandomMessage(random: Random, messages: PlannedMessage[]): PlannedThread {
  for (;;) {
    const { thread } = random.pick(messages);
    if (thread.messages.length < MAX_THREAD_SIZE) return thread;
  }
}

/** The message's References (RFC 5322 §3.6.4): its ancestors, the thread's first message first. */
export function ancestorsOf(message: PlannedMessage): string[] {
  const ids: string[] = [];
  for (let at = message.parent; at; at = at.parent) ids.push(at.messageId);
  return ids.reverse();
}
