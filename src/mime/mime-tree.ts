// A whole RFC 5322 message read into its MIME parts, for mail that has no IMAP server to describe
// it (a local mailbox, src/sync/local-mailbox.ts): the BODYSTRUCTURE a server would send (RFC 3501
// §7.4.2, in imapflow's shape, which body-structure.ts reads) and each part's bytes as BODY[part]
// gives them (§6.4.5), so such mail is filed and indexed exactly as fetched mail is.
// https://www.rfc-editor.org/rfc/rfc2045 (headers), https://www.rfc-editor.org/rfc/rfc2046#section-5.1 (multipart)

import type { Buffer } from 'node:buffer';
import libmime from 'libmime';
import type { BodyStructureNode } from './body-structure.js';
import { parseHeaderBlock } from './headers.js';

/** A part of the message: its BODYSTRUCTURE node, and where its body lies in the message. */
export interface MimePart extends BodyStructureNode {
  readonly childNodes?: readonly MimePart[] | undefined;
  /** Byte offsets of the part's body (after its header section) in the whole message. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
}

/** Reads a message's MIME structure. Never throws: what cannot be told apart stays one part. */
export function readMimeTree(raw: Buffer): MimePart {
  return readPart(raw, 0, raw.length, undefined);
}

/** The message's header section (what BODY[HEADER] gives), its empty line included. */
export function headerSection(raw: Buffer, tree: MimePart): Buffer {
  return raw.subarray(0, tree.bodyStart);
}

/**
 * A part's bytes as BODY[part] gives them (transfer encoding not undone): by number ("1",
 * "2.1"; a single-part message's body is "1"), or "TEXT" / "N.TEXT" for a part's whole body.
 * Undefined when the message has no such part.
 */
export function partBytes(raw: Buffer, tree: MimePart, part: string): Buffer | undefined {
  const text = part === 'TEXT' || part.endsWith('.TEXT');
  const number = text ? part.slice(0, -'TEXT'.length).replace(/\.$/, '') : part;
  const node = number === '' ? tree : findPart(tree, number);
  return node && raw.subarray(node.bodyStart, node.bodyEnd);
}

/** The part of that number ("1", "2.1"), as BODYSTRUCTURE numbers them. */
export function findPart(node: MimePart, number: string): MimePart | undefined {
  // A single-part message is its own part 1 (RFC 3501 §6.4.5).
  if (node.part === undefined && !node.childNodes && number === '1') return node;
  if (node.part === number) return node;
  for (const child of node.childNodes ?? []) {
    if (number === child.part || number.startsWith(`${child.part}.`))
      return findPart(child, number);
  }
  return undefined;
}

function readPart(raw: Buffer, start: number, end: number, part: string | undefined): MimePart {
  const bodyStart = headerEnd(raw, start, end);
  const headers = parseHeaderBlock(raw.subarray(start, bodyStart));
  const first = (name: string) => headers.get(name)?.[0]?.trim() ?? '';
  // RFC 2045 §5.2: without a Content-Type, text/plain in US-ASCII.
  const contentType = libmime.parseHeaderValue(first('content-type') || 'text/plain');
  const type = contentType.value.toLowerCase().includes('/')
    ? contentType.value.toLowerCase()
    : 'text/plain';
  const node = {
    ...(part === undefined ? {} : { part }),
    type,
    parameters: contentType.params,
    encoding: (first('content-transfer-encoding') || '7bit').toLowerCase(),
    size: end - bodyStart,
    bodyStart,
    bodyEnd: end,
    ...(first('content-id') ? { id: first('content-id') } : {}),
    ...disposition(first('content-disposition')),
  };
  if (!type.startsWith('multipart/')) return node;
  const number = (index: number) => (part === undefined ? `${index + 1}` : `${part}.${index + 1}`);
  const boundary = contentType.params.boundary;
  // Without a boundary nothing can be split (RFC 2046 §5.1.1): servers then describe one empty
  // text part, as Dovecot does, and the body is read whole (body-structure.ts).
  const ranges: Array<[number, number]> = boundary
    ? bodyParts(raw, bodyStart, end, boundary)
    : [[end, end]];
  return {
    ...node,
    childNodes: ranges.map(([from, to], index) => readPart(raw, from, to, number(index))),
  };
}

function disposition(
  value: string,
): Pick<BodyStructureNode, 'disposition' | 'dispositionParameters'> {
  if (!value) return {};
  const parsed = libmime.parseHeaderValue(value);
  return { disposition: parsed.value.toLowerCase(), dispositionParameters: parsed.params };
}

/** Where a header section starting at `start` ends: after its empty line, or at `end`. */
function headerEnd(raw: Buffer, start: number, end: number): number {
  const candidates = [
    // A part may start with its empty line: no header fields at all.
    raw[start] === 0x0a ? start + 1 : -1,
    raw[start] === 0x0d && raw[start + 1] === 0x0a ? start + 2 : -1,
    endOf(raw.indexOf('\n\n', start), 2),
    endOf(raw.indexOf('\n\r\n', start), 3),
  ].filter((candidate) => candidate !== -1 && candidate <= end);
  return candidates.length ? Math.min(...candidates) : end;
}

/** `index + length`, or -1 when not found. */
const endOf = (index: number, length: number): number => (index === -1 ? -1 : index + length);

/**
 * The byte ranges of a multipart body's parts (RFC 2046 §5.1.1): between delimiter lines
 * `--boundary`, the line break before a delimiter belonging to the delimiter; the preamble and
 * the epilogue (after `--boundary--`) are no part. A body with no closing delimiter ends its
 * last part at its own end.
 */
function bodyParts(
  raw: Buffer,
  start: number,
  end: number,
  boundary: string,
): Array<[number, number]> {
  const delimiter = `--${boundary}`;
  const ranges: Array<[number, number]> = [];
  let partStart: number | undefined;
  let at = start;
  while (at < end) {
    const found = raw.indexOf(delimiter, at);
    if (found === -1 || found >= end) break;
    const atLineStart = found === start || raw[found - 1] === 0x0a;
    const after = found + delimiter.length;
    if (!atLineStart) {
      at = after;
      continue;
    }
    if (partStart !== undefined) ranges.push([partStart, lineBreakBefore(raw, found, partStart)]);
    const closing = raw[after] === 0x2d && raw[after + 1] === 0x2d;
    if (closing) return ranges;
    const lineEnd = raw.indexOf('\n', after);
    partStart = lineEnd === -1 || lineEnd >= end ? end : lineEnd + 1;
    at = partStart;
  }
  if (partStart !== undefined && partStart < end) ranges.push([partStart, end]);
  return ranges;
}

/** Where a part ends that a delimiter at `delimiterAt` follows: before the delimiter's CRLF. */
function lineBreakBefore(raw: Buffer, delimiterAt: number, partStart: number): number {
  let at = delimiterAt;
  if (at > partStart && raw[at - 1] === 0x0a) at -= 1;
  if (at > partStart && raw[at - 1] === 0x0d) at -= 1;
  return at;
}
