/** A person as a message's header names them: "Ana Lima <ana@example.com>" → name and address. */
export interface Person {
  /** The display name, or '' when the header gives none. */
  name: string;
  /** The address, or '' when the header gives none. */
  address: string;
}

/** "Name <address>" at the end (the contract's form), else a bare address, else a bare name. */
const NAMED = /^(.*?)\s*<([^<>]*)>\s*$/s;

export function parsePerson(text: string): Person {
  const named = NAMED.exec(text);
  if (named) return { name: unquote(named[1]!.trim()), address: named[2]!.trim() };
  const bare = text.trim();
  return bare.includes('@') ? { name: '', address: bare } : { name: bare, address: '' };
}

function unquote(name: string): string {
  return name.length > 1 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1) : name;
}

/** What to call a person: their name, else their address's local part, else "Unknown". */
export function shortName(person: Person): string {
  return person.name || person.address.split('@')[0] || 'Unknown';
}

/** Whether two addresses are the same mailbox (the domain and, in practice, the local part are
 * compared without case: https://www.rfc-editor.org/rfc/rfc5321#section-2.4). */
export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
