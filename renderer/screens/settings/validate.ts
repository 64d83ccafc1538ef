/*
 * What a settings form checks before it asks the app, so a typo is named at its field at once;
 * the app checks everything again and its refusal is shown as it says it.
 */

export type Errors<K extends string> = Partial<Record<K, string>>;

export function required(value: string, what: string): string | undefined {
  return value.trim() === '' ? `${what} is needed.` : undefined;
}

export function emailAddress(value: string): string | undefined {
  if (value.trim() === '') return 'The email address is needed.';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())
    ? undefined
    : 'This is not an email address.';
}

/** A server URL of one of the schemes (`imap`, `imaps`): with a host, nothing else checked. */
export function serverUrl(value: string, schemes: readonly string[]): string | undefined {
  const text = value.trim();
  if (text === '') return 'The server’s address is needed.';
  const scheme = /^([a-z]+):\/\/[^/\s]+/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined || !schemes.includes(scheme))
    return `Start it with ${schemes.map((s) => `${s}://`).join(' or ')}, then the server.`;
  return undefined;
}

export function hasErrors<K extends string>(errors: Errors<K>): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}

/** A saved text's two fields (a canned response, a signature): both needed. */
export function nameAndText(values: { name: string; text: string }): Errors<'name' | 'text'> {
  return { name: required(values.name, 'A name'), text: required(values.text, 'The text') };
}
