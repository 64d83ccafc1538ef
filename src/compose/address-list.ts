import { UserError } from '../errors.js';
import type { Address } from './compose-types.js';

// An addr-spec as people type it (RFC 5322 §3.4.1, without the quoted local parts nobody
// uses): what matters here is that nothing in it can break out of the header it is written to.
const ADDR_SPEC = /^[^\s<>()[\]\\,;:"@]+@[^\s<>()[\]\\,;:"@]+$/u;

export const isEmailAddress = (value: string): boolean => ADDR_SPEC.test(value);

/** The key two addresses are the same by: domains are case-free, and so are mailboxes in practice. */
export const addressKey = (address: string): string => address.trim().toLowerCase();

/** `Judy Smith <judy@example.com>`, or the bare address: how a quote or forward shows a person. */
export function formatAddress(address: Address): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

/** `Name <addr>`: not RFC 5322's whole grammar, but how people and other mail apps write one. */
const NAME_ADDR = /^\s*(.*?)\s*<([^<>]*)>\s*$/su;

/**
 * A recipient as typed or linked: `Judy Smith <judy@example.com>`, `"Smith, Judy" <…>` or the
 * bare address. Not checked here: the send checks every address (checkedAddresses).
 */
export function namedAddress(text: string): Address {
  const named = NAME_ADDR.exec(text);
  const address = (named ? named[2]! : text).trim();
  const name = named?.[1]
    ?.replace(/^"(.*)"$/su, '$1')
    .replace(/\s+/gu, ' ')
    .trim();
  return name ? { name, address } : { address };
}

/** Trimmed, with a display name on one line (a line break would end the header) or none. */
export function tidyAddress(address: Address): Address {
  const name = address.name?.replace(/\s+/gu, ' ').trim();
  return name ? { name, address: address.address.trim() } : { address: address.address.trim() };
}

/**
 * Addresses the agent typed: each must be an address, or the send stops naming it (the field is
 * `to`, `cc`, `bcc`…).
 */
export function checkedAddresses(addresses: readonly Address[], field: string): Address[] {
  return addresses.map((raw) => {
    const address = tidyAddress(raw);
    if (!isEmailAddress(address.address))
      throw new UserError('invalid', `${field}: "${raw.address}" is not an email address`, {
        field,
      });
    return address;
  });
}

/**
 * One list out of several, in order: an address appears once (compared case-insensitively) with
 * the first display name seen for it, and the `excluded` addresses not at all. Entries that are
 * not addresses are dropped: they come from someone else's headers, not from the agent.
 */
export function mergeAddresses(
  lists: ReadonlyArray<readonly Address[]>,
  excluded: readonly string[] = [],
): Address[] {
  const skip = new Set(excluded.map(addressKey));
  const merged = new Map<string, Address>();
  for (const raw of lists.flat()) {
    const address = tidyAddress(raw);
    const key = addressKey(address.address);
    if (!isEmailAddress(address.address) || skip.has(key)) continue;
    const seen = merged.get(key);
    if (!seen) merged.set(key, address);
    else if (!seen.name && address.name) merged.set(key, { ...seen, name: address.name });
  }
  return [...merged.values()];
}

/**
 * The To and Cc the agent chose (a forward, a new message): checked, each address once (one in
 * both stays in To), and at least one To: a message goes to someone.
 */
export function chosenRecipients(
  to: readonly Address[],
  cc: readonly Address[] = [],
): { to: Address[]; cc: Address[] } {
  const checkedTo = mergeAddresses([checkedAddresses(to, 'to')]);
  const checkedCc = mergeAddresses(
    [checkedAddresses(cc, 'cc')],
    checkedTo.map((a) => a.address),
  );
  if (checkedTo.length === 0)
    throw new UserError('invalid', 'the message has no recipient: give at least one To', {
      field: 'to',
    });
  return { to: checkedTo, cc: checkedCc };
}
