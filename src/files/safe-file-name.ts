/*
 * Attachment names are kept in the cache exactly as the sender wrote them (they are the sender's
 * data, and shown escaped); any name that becomes a file on disk goes through safeFileName first.
 * A sender controls the name completely: `../../.bashrc`, a right-to-left override (U+202E) that
 * shows `invoice_<U+202E>fdp.exe` as "invoice_exe.pdf", NUL, `CON`, 4 KB of text.
 */

import { UNSAFE_CHARACTER_CLASS } from '../text/unsafe-characters.js';

/** The most bytes a name may take on common file systems (ext4, APFS; NTFS: 255 UTF-16 units). */
const MAX_BYTES = 255;
/** An extension longer than this is not one worth keeping whole when the name is cut. */
const MAX_EXTENSION_BYTES = 32;
const FALLBACK = 'attachment';

/** Invisible and reordering characters (unsafe-characters.ts): never wanted in a name on disk. */
const INVISIBLE = new RegExp(`[${UNSAFE_CHARACTER_CLASS}]`, 'g');
/** Half of a surrogate pair without its other half (a cut UTF-16 string): not a character. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Characters Windows refuses in a name (the separators / and \ are dealt with before). */
const WINDOWS_RESERVED_CHARS = /[<>:"|?*]/g;
/**
 * Device names Windows opens instead of a file, with any extension (`nul.txt` is NUL too),
 * https://learn.microsoft.com/windows/win32/fileio/naming-a-file#naming-conventions
 */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])\s*(\.|$)/i;
/** Dots and spaces at either end: leading ones hide the file on Unix, trailing ones Windows drops. */
const EDGE_DOTS_AND_SPACES = /^[\s.]+|[\s.]+$/g;

/** Extensions for the content types attachments commonly come as, for a name that has none left. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': '.pdf',
  'application/zip': '.zip',
  'application/json': '.json',
  'application/xml': '.xml',
  'application/msword': '.doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': '.pptx',
  'application/vnd.ms-excel': '.xls',
  'application/vnd.oasis.opendocument.text': '.odt',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/svg+xml': '.svg',
  'text/plain': '.txt',
  'text/html': '.html',
  'text/csv': '.csv',
  'text/calendar': '.ics',
  'message/rfc822': '.eml',
  'audio/mpeg': '.mp3',
  'video/mp4': '.mp4',
};

/**
 * A file name that is safe to create in a folder of the user's choosing, from a name a sender
 * chose: only its last path segment, without control and bidi characters, without what Windows
 * refuses, never hidden, never `.`/`..`/empty (`attachment` with an extension from `contentType`
 * instead), at most 255 UTF-8 bytes with its extension kept. Applying it twice changes nothing.
 */
export function safeFileName(
  name: string | null | undefined,
  options: { contentType?: string } = {},
): string {
  const cleaned = (name ?? '')
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    // Only the last segment: every directory part (and so every `..`) goes, whichever separator.
    .split(/[/\\]/)
    .filter((segment) => segment.trim() !== '')
    .at(-1);
  const plain = (cleaned ?? '')
    .replace(WINDOWS_RESERVED_CHARS, '_')
    .replace(EDGE_DOTS_AND_SPACES, '');
  if (plain === '') return FALLBACK + extensionFor(options.contentType);
  return fitBytes(WINDOWS_DEVICE.test(plain) ? `_${plain}` : plain);
}

/** The name cut to MAX_BYTES at a character boundary, its extension (if short) kept whole. */
function fitBytes(name: string): string {
  if (byteLength(name) <= MAX_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  const keep = extension && byteLength(extension) <= MAX_EXTENSION_BYTES ? extension : '';
  const base = keep ? name.slice(0, dot) : name;
  let cut = '';
  let used = byteLength(keep);
  for (const char of base) {
    used += byteLength(char);
    if (used > MAX_BYTES) break;
    cut += char;
  }
  // The cut may end on a dot or space, which Windows would drop.
  return cut.replace(EDGE_DOTS_AND_SPACES, '') + keep;
}

function extensionFor(contentType: string | undefined): string {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return EXTENSIONS[type] ?? '';
}

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');
