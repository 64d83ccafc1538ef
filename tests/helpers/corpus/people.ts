import { isAscii, type Person } from './header-encoding.js';
import type { Random } from './random.js';
import { DOMAINS, FIRST_NAMES, LAST_NAMES } from './vocabulary.js';

/** The local part of an address made from a name: its ASCII letters, accents dropped. */
const addressPart = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/**
 * The people who write to the mailbox: most with ASCII names, a fifth with names that need
 * encoded words. Addresses are unique (numbered), so a name may come back with another address.
 */
export function castOfPeople(random: Random, count: number): Person[] {
  const asciiFirst = FIRST_NAMES.filter(isAscii);
  const asciiLast = LAST_NAMES.filter(isAscii);
  const people: Person[] = [];
  for (let i = 0; i < count; i += 1) {
    const plain = random.chance(0.8);
    const first = random.pick(plain ? asciiFirst : FIRST_NAMES);
    const last = random.pick(plain ? asciiLast : LAST_NAMES);
    const local = `${addressPart(first) || 'user'}.${addressPart(last) || 'contact'}${i}`;
    people.push({ name: `${first} ${last}`, address: `${local}@${random.pick(DOMAINS)}` });
  }
  return people;
}
