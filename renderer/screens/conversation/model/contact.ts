import type { ConversationView } from '../../../../src/app/index.js';
import { parsePerson, sameAddress, type Person } from './address.js';

/**
 * Who the conversation is with: the newest sender who is not us (a shared mailbox or a teammate),
 * else, for a conversation we started, its first recipient who is not us. Null when the
 * conversation is only between us.
 */
export function contactOf(view: ConversationView, ours: readonly string[]): Person | null {
  const isOurs = (person: Person) =>
    person.address === '' || ours.some((address) => sameAddress(address, person.address));
  for (const message of [...view.messages].reverse()) {
    const sender = parsePerson(message.from);
    if (!isOurs(sender)) return sender;
  }
  for (const message of view.messages) {
    const recipient = [...message.to, ...message.cc].map(parsePerson).find((p) => !isOurs(p));
    if (recipient) return recipient;
  }
  return null;
}
