// Turns the bytes of a text part (or a raw 8-bit header) into a string, given the charset label
// the message claims. Labels are mapped the way browsers and mail clients map them (WHATWG
// Encoding, https://encoding.spec.whatwg.org/#names-and-labels): mail that says ISO-8859-1 is
// almost always windows-1252 in practice, so 0x80 must come out as € and 0x93/0x94 as curly
// quotes, not as C1 control characters.
//
// Why not TextDecoder for everything: on Node 20 `new TextDecoder('windows-1252')` decodes as
// plain Latin-1 (measured: € and curly quotes come out as C1 controls), so every single-byte
// charset goes through iconv-lite. UTF-8 stays on the native TextDecoder, the common and
// fastest case.

import type { Buffer } from 'node:buffer';
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { decode as decodeWithLibmime } from 'libmime/lib/charset.js';

/** How a charset label is decoded once resolved. */
export type CharsetDecoder =
  /** Declared UTF-8: decoded as UTF-8, invalid sequences become U+FFFD. */
  | { readonly kind: 'utf-8' }
  /**
   * No usable label (missing, us-ascii, unknown, refused): UTF-8 if the bytes are valid UTF-8,
   * else windows-1252. US-ASCII text with 8-bit bytes is mislabeled by definition; valid UTF-8
   * is overwhelmingly likely to be UTF-8, and windows-1252 is what the rest usually is.
   */
  | { readonly kind: 'sniff' }
  /** Decoded by iconv-lite under this (iconv-lite) encoding name. */
  | { readonly kind: 'iconv'; readonly name: string }
  /**
   * ISO-2022-JP and relatives, which iconv-lite does not implement: decoded by libmime's
   * charset module (encoding-japanese), the same code mailparser uses for them.
   */
  | { readonly kind: 'japanese'; readonly name: string };

const UTF8 = { kind: 'utf-8' } as const;
const SNIFF = { kind: 'sniff' } as const;
const WINDOWS_1252 = { kind: 'iconv', name: 'windows-1252' } as const;

/**
 * Labels whose meaning differs from (or is unknown to) iconv-lite's own alias table, keyed by
 * the label lowercased with everything but letters and digits removed (the same folding
 * iconv-lite applies, so `ks_c_5601-1987`, `KS-C-5601-1987` and `ksc56011987` all meet here).
 */
const ALIASES: ReadonlyMap<string, CharsetDecoder> = new Map<string, CharsetDecoder>([
  // UTF-8
  ...['utf8', 'unicode11utf8', 'unicode20utf8', 'xunicode20utf8', 'unicodefsstext'].map(
    (label) => [label, UTF8] as const,
  ),
  // US-ASCII and friends: 8-bit bytes under these labels are mislabeled, so sniff.
  ...['usascii', 'ascii', 'ansix341968', 'iso646us', 'us', 'ibm367', 'cp367', 'csascii'].map(
    (label) => [label, SNIFF] as const,
  ),
  // "Charsets" that are really transfer encodings, seen in broken mail.
  ...['7bit', '8bit', 'binary', 'default', 'unknown', 'xunknown', 'none'].map(
    (label) => [label, SNIFF] as const,
  ),
  // Latin-1 means windows-1252 (WHATWG): a superset that gives meaning to 0x80-0x9F.
  ...[
    'latin1',
    'l1',
    'iso88591',
    'iso885911987',
    'isoir100',
    'ibm819',
    'cp819',
    'csisolatin1',
    'cp1252',
    'windows1252',
    'xcp1252',
    'win1252',
  ].map((label) => [label, WINDOWS_1252] as const),
  // Latin-5 means windows-1254, TIS-620 / ISO-8859-11 mean windows-874 (WHATWG).
  ...['iso88599', 'iso885991989', 'latin5', 'l5', 'isoir148', 'csisolatin5'].map(
    (label) => [label, { kind: 'iconv', name: 'windows-1254' }] as const,
  ),
  ...['tis620', 'iso885911', 'iso8859112001', 'dos874'].map(
    (label) => [label, { kind: 'iconv', name: 'windows-874' }] as const,
  ),
  // Hebrew "logical" and "explicit" order are the same bytes as ISO-8859-8.
  ...['iso88598i', 'iso88598e', 'csiso88598i', 'csiso88598e', 'logical', 'visual'].map(
    (label) => [label, { kind: 'iconv', name: 'iso-8859-8' }] as const,
  ),
  // Korean: Outlook labels EUC-KR text as ks_c_5601-1987; CP949 is the superset of both.
  ...['ksc56011987', 'ksc5601', 'ksc56011989', 'euckr', 'cseuckr', 'korean', 'isoir149', 'uhc'].map(
    (label) => [label, { kind: 'iconv', name: 'cp949' }] as const,
  ),
  // Simplified Chinese: GB2312 and GBK decode with the GB18030 decoder (WHATWG), a superset.
  ...[
    'gb2312',
    'gbk',
    'cp936',
    'ms936',
    'windows936',
    'xgbk',
    'csgb2312',
    'gb231280',
    'chinese',
  ].map((label) => [label, { kind: 'iconv', name: 'gb18030' }] as const),
  // Traditional Chinese: Big5 decodes with the HKSCS extensions (WHATWG).
  ...['big5', 'cnbig5', 'xxbig5', 'csbig5', 'big5hkscs'].map(
    (label) => [label, { kind: 'iconv', name: 'big5hkscs' }] as const,
  ),
  // Japanese. Shift_JIS labels mean the Windows variant (iconv-lite's shiftjis is CP932).
  ...['shiftjis', 'sjis', 'mskanji', 'xsjis', 'windows31j', 'cp932', 'csshiftjis'].map(
    (label) => [label, { kind: 'iconv', name: 'shiftjis' }] as const,
  ),
  ...[
    'iso2022jp',
    'csiso2022jp',
    'iso2022jp1',
    'iso2022jp2',
    'iso2022jp3',
    'jis',
    'xiso2022jp',
  ].map((label) => [label, { kind: 'japanese', name: 'ISO-2022-JP' }] as const),
]);

/**
 * iconv-lite codecs that are not text charsets a message could be written in. UTF-7 smuggles
 * markup past filters (`+ADw-script+AD4-` is "<script>") and is not a WHATWG encoding;
 * base64/hex are transfer encodings. Such labels are treated as unknown.
 */
const REFUSED_CODECS = new Set(['utf7', 'utf7imap', 'base64', 'hex'].map((name) => codecOf(name)));
/** iconv-lite's Latin-1 codec (also reached as "binary"): swapped for windows-1252. */
const LATIN1_CODEC = codecOf('latin1');

function codecOf(name: string): unknown {
  try {
    return iconv.encodingExists(name) ? iconv.getCodec(name) : undefined;
  } catch {
    return undefined;
  }
}

// Labels seen in one mailbox are few; the cap only stops junk labels from growing it forever.
const RESOLVED_CACHE = new Map<string, CharsetDecoder>();
const RESOLVED_CACHE_LIMIT = 512;

/** Folds a label to the key form used above: lowercase letters and digits only. */
function foldLabel(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Cleans a charset label as found in mail (surrounding quotes and blanks, stray parameters
 * after `;`, a language suffix from RFC 2231 `charset*lang`) without resolving it.
 */
function cleanLabel(charset: string): string {
  let label = charset.trim();
  const semicolon = label.indexOf(';');
  if (semicolon !== -1) label = label.slice(0, semicolon);
  label = label.replace(/^["'\s]+|["'\s]+$/g, '');
  const star = label.indexOf('*'); // RFC 2231 §5: charset*language
  if (star !== -1) label = label.slice(0, star);
  return label;
}

/** Resolves a charset label to the decoder used for it. Never throws. */
export function resolveCharset(charset: string | undefined): CharsetDecoder {
  if (!charset) return SNIFF;
  const cached = RESOLVED_CACHE.get(charset);
  if (cached) return cached;
  const resolved = resolveUncached(charset);
  if (RESOLVED_CACHE.size >= RESOLVED_CACHE_LIMIT) RESOLVED_CACHE.clear();
  RESOLVED_CACHE.set(charset, resolved);
  return resolved;
}

function resolveUncached(charset: string): CharsetDecoder {
  const label = cleanLabel(charset);
  const key = foldLabel(label);
  if (!key) return SNIFF;
  const alias = ALIASES.get(key);
  if (alias) return alias;
  // "x-" marks an unregistered label (x-mac-roman); iconv-lite knows some without the prefix.
  const codec = codecOf(label) ?? (/^x-/i.test(label) ? codecOf(label.slice(2)) : undefined);
  if (codec === undefined || REFUSED_CODECS.has(codec)) return SNIFF;
  if (codec === LATIN1_CODEC) return WINDOWS_1252;
  return { kind: 'iconv', name: codecOf(label) === codec ? label : label.slice(2) };
}

const utf8Decoder = new TextDecoder('utf-8'); // non-fatal: invalid bytes become U+FFFD

/**
 * Decodes bytes in the given charset. Never throws: whatever goes wrong, some text comes out.
 * A leading byte order mark is dropped.
 */
export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  if (bytes.length === 0) return '';
  const decoder = resolveCharset(charset);
  try {
    switch (decoder.kind) {
      case 'utf-8':
        return utf8Decoder.decode(bytes);
      case 'sniff':
        return decodeUnlabeled(bytes);
      case 'iconv':
        return iconv.encodingExists(decoder.name)
          ? iconv.decode(bytes, decoder.name)
          : decodeUnlabeled(bytes);
      case 'japanese':
        return decodeWithLibmime(bytes, decoder.name);
    }
  } catch {
    // A codec failing on hostile input must not stop the sync; fall through to the guess.
  }
  return decodeUnlabeled(bytes);
}

/** UTF-8 if the bytes are valid UTF-8 (pure ASCII included), else windows-1252. */
export function decodeUnlabeled(bytes: Buffer): string {
  if (isUtf8(bytes)) return utf8Decoder.decode(bytes);
  return iconv.decode(bytes, 'windows-1252');
}
