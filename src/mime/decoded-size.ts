// The size of a part once its transfer encoding is undone, from what BODYSTRUCTURE says, without
// fetching the part. BODYSTRUCTURE's size counts the encoded octets (RFC 3501 §7.4.2).
// https://www.rfc-editor.org/rfc/rfc2045#section-6 (transfer encodings)
// https://www.rfc-editor.org/rfc/rfc2183#section-2.7 (the size parameter)

/** The fields of a BODYSTRUCTURE node the size is worked out from. */
export interface EncodedPart {
  readonly encoding?: string | undefined;
  /** Encoded size in octets. */
  readonly size?: number | undefined;
  readonly dispositionParameters?: Readonly<Record<string, string>> | undefined;
}

/** Encoded characters per base64 line (RFC 2045 §6.8: at most 76), and its CRLF. */
const BASE64_LINE = 76;
const LINE_BREAK = 2;

/**
 * The decoded size in octets: the sender's own figure where given (Content-Disposition `size=`,
 * RFC 2183 §2.7), else an estimate that never falls short of the real size:
 *
 * - 7bit, 8bit, binary: the size itself, exact.
 * - base64: 3 octets per 4 characters once the line breaks are taken out, counted for full lines
 *   of 76 characters. Exact but for the padding, which the size does not show: at most 2 octets
 *   over (plus 1 if the part ends with a line break). Shorter lines leave more breaks in: 64
 *   characters a line gives 0.5 % over.
 * - quoted-printable: the size itself. Decoding only ever shrinks it, by 3 octets per soft line
 *   break ("=" CRLF, one per 76 characters of a longer line) and 2 per escaped octet ("=XX"):
 *   exact for text of short lines, about 4 % over for ASCII prose in long lines, more for text
 *   that is mostly escaped (non-ASCII letters).
 */
export function decodedSize(part: EncodedPart): number | undefined {
  const stated = Number(part.dispositionParameters?.size);
  if (Number.isSafeInteger(stated) && stated >= 0) return stated;
  if (part.size === undefined) return undefined;
  if (part.encoding?.trim().toLowerCase() !== 'base64') return part.size;
  const fullLines = Math.floor(part.size / (BASE64_LINE + LINE_BREAK));
  const characters = part.size - fullLines * LINE_BREAK;
  return Math.floor((characters * 3) / 4);
}
