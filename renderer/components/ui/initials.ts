/**
 * The letters an avatar shows: the first letters of the first and last word of a name ("Ana
 * de Lima" → "AL"), or the first letter of an address's local part when there is no name.
 */
export function initials(name: string, email?: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const first = words[0];
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  if (first) return (firstLetter(first) + (last ? firstLetter(last) : '')).toUpperCase();
  const local = email?.split('@')[0] ?? '';
  return firstLetter(local).toUpperCase() || '?';
}

function firstLetter(word: string): string {
  // Array.from keeps a letter outside the BMP (or with a combining mark after it) whole.
  return Array.from(word)[0] ?? '';
}

/** One of the avatar palette's hues, the same for a person on every screen and every machine. */
export function avatarHue(key: string, hues: number): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
  return hash % hues;
}
