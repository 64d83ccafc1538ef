/**
 * A first name to greet someone by, from a display name: its first word (`Judy Smith` → `Judy`),
 * or, for a directory's `Smith, Judy`, the first word after the comma. None for a contact known
 * by address only, or whose "name" is an address: `Hello judy@example.com,` is worse than an
 * error that says there is no first name.
 */
export function firstNameOf(displayName: string | null | undefined): string | undefined {
  let name = (displayName ?? '').replace(/^["'\s]+|["'\s]+$/gu, '');
  if (name === '' || name.includes('@')) return undefined;
  const comma = name.indexOf(',');
  if (comma !== -1) name = name.slice(comma + 1).trim() || name.slice(0, comma);
  const first = name.split(/\s+/u)[0]?.replace(/[.,;:]+$/u, '') ?? '';
  return first === '' ? undefined : first;
}
