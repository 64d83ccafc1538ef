import libmime from 'libmime';
import { decodeCharset } from '../../mime/charset.js';
import type { BodyStructureNode } from '../../mime/body-structure.js';
import type { ImapValue } from './response-values.js';

type MutableNode = {
  -readonly [K in keyof BodyStructureNode]: BodyStructureNode[K];
} & { childNodes?: MutableNode[] };

const text = (value: ImapValue | undefined): string =>
  typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : '';

/**
 * Turns a parsed BODYSTRUCTURE (RFC 3501 §7.4.2) into the node tree body-structure.ts reads, the
 * same shape imapflow produces: part numbers, lowercased types, decoded parameters.
 */
export function readBodyStructure(value: ImapValue): BodyStructureNode {
  if (!Array.isArray(value)) throw new Error('BODYSTRUCTURE is not a list');
  return walk(value, []);
}

function walk(node: ImapValue[], path: number[]): MutableNode {
  const out: MutableNode = { type: '' };
  if (path.length) out.part = path.join('.');
  let i = 0;
  if (Array.isArray(node[0])) {
    out.childNodes = [];
    while (Array.isArray(node[i])) {
      out.childNodes.push(walk(node[i] as ImapValue[], [...path, out.childNodes.length + 1]));
      i += 1;
    }
    out.type = `multipart/${text(node[i++]).toLowerCase()}`;
    if (Array.isArray(node[i])) out.parameters = readParams(node[i] as ImapValue[]);
    i += 1;
  } else {
    out.type = `${text(node[0]).toLowerCase()}/${text(node[1]).toLowerCase()}`;
    i = 2;
    if (Array.isArray(node[i])) out.parameters = readParams(node[i] as ImapValue[]);
    i += 1;
    if (node[i]) out.id = text(node[i]);
    i += 2; // id, description
    if (node[i]) out.encoding = text(node[i]).toLowerCase();
    i += 1;
    out.size = Number(text(node[i])) || 0;
    i += 1;
    // message/rfc822 carries envelope, body and lines (RFC 3501 §7.4.2); servers may send
    // message/global either way, so it is read like rfc822 only when it has that shape.
    const embedded =
      out.type === 'message/rfc822' ||
      (out.type === 'message/global' && Array.isArray(node[i]) && Array.isArray(node[i + 1]));
    if (embedded) {
      i += 1; // envelope
      if (Array.isArray(node[i]))
        // Numbered like the wrapper, as imapflow does; the body sync never fetches inside it.
        out.childNodes = [walk(node[i] as ImapValue[], path)];
      i += 2; // body, lines
    } else if (out.type.startsWith('text/')) {
      i += 1; // lines
    }
    i += 1; // md5
  }
  const disposition = node[i];
  if (Array.isArray(disposition) && disposition.length) {
    out.disposition = text(disposition[0]).toLowerCase();
    if (Array.isArray(disposition[1])) out.dispositionParameters = readParams(disposition[1]);
  }
  return out;
}

/**
 * Parameter lists: names lowercased; RFC 2231 continuations (`name*0*`, `name*1`) joined and
 * their charset applied; RFC 2047 encoded words (used by many clients for filenames) decoded.
 */
export function readParams(list: ImapValue[]): Record<string, string> {
  const plain: Record<string, string> = {};
  const extended = new Map<string, Array<{ index: number; value: string; encoded: boolean }>>();
  for (let i = 0; i + 1 < list.length; i += 2) {
    const key = text(list[i]).toLowerCase();
    const value = text(list[i + 1]);
    const match = /^([^*]+)\*(?:(\d+))?(\*)?$/.exec(key);
    if (!match) {
      plain[key] = safeDecodeWords(value);
      continue;
    }
    const name = match[1]!;
    const pieces = extended.get(name) ?? [];
    pieces.push({
      index: Number(match[2] ?? 0),
      value,
      encoded: match[3] !== undefined || (match[2] === undefined && key.endsWith('*')),
    });
    extended.set(name, pieces);
  }
  // A sender's mistake imapflow forgives: RFC 2231 syntax in a plain filename parameter.
  const filename = plain.filename;
  // eslint-disable-next-line no-control-regex -- the control characters are what it excludes
  const rfc2231Shaped = /^[a-z\-_0-9]+'[a-z]*'[^'\x00-\x08\x0b\x0c\x0e-\x1f\u0080-\uffff]+/i;
  if (filename && !extended.has('filename') && rfc2231Shaped.test(filename)) {
    extended.set('filename', [{ index: 0, value: filename, encoded: true }]);
  }
  for (const [name, pieces] of extended) {
    pieces.sort((a, b) => a.index - b.index);
    let charset = 'utf-8';
    const bytes: Buffer[] = [];
    for (const [position, piece] of pieces.entries()) {
      let value = piece.value;
      if (position === 0 && piece.encoded) {
        const tagged = /^([^']*)'[^']*'(.*)$/s.exec(value);
        if (tagged) {
          charset = tagged[1] || 'utf-8';
          value = tagged[2]!;
        }
      }
      bytes.push(piece.encoded ? percentDecode(value) : Buffer.from(value, 'utf8'));
    }
    plain[name] = decodeCharset(Buffer.concat(bytes), charset);
  }
  return plain;
}

function percentDecode(value: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const char = value.charCodeAt(i);
    if (char === 0x25 && /^[0-9a-f]{2}$/i.test(value.slice(i + 1, i + 3))) {
      out.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (char < 0x80) {
      out.push(char);
    } else {
      out.push(...Buffer.from(value[i]!, 'utf8'));
    }
  }
  return Buffer.from(out);
}

function safeDecodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}
