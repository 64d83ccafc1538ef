import type { BodyStructureNode } from '../../mime/body-structure.js';
import { readBodyStructure } from './body-structure-reader.js';
import { ImapParseError, ValueReader, type ImapValue } from './response-values.js';

/** What the bulk path keeps of one untagged FETCH response (RFC 3501 §7.4.2). */
export interface FetchedItem {
  uid: number;
  flags: Set<string> | undefined;
  modseq: bigint | undefined;
  internalDate: Date | undefined;
  size: number | undefined;
  /** BODY[HEADER.FIELDS (…)]: copied out of the response buffer, so it can cross threads. */
  headers: Buffer | undefined;
  bodyStructure: BodyStructureNode | undefined;
  /** BODY[section]<origin> contents by section ("1.2", "TEXT"); views into the response. */
  parts: Map<string, Buffer>;
}

const FETCH_PREFIX = /^\* \d+ FETCH /i;

/** Parses `* n FETCH (…)`; null for any other response. */
export function parseFetchResponse(response: Buffer): FetchedItem | null {
  const head = response.toString('latin1', 0, Math.min(response.length, 32));
  const prefix = FETCH_PREFIX.exec(head);
  if (!prefix) return null;
  const reader = new ValueReader(response, prefix[0].length);
  reader.expect(0x28);
  const item: FetchedItem = {
    uid: 0,
    flags: undefined,
    modseq: undefined,
    internalDate: undefined,
    size: undefined,
    headers: undefined,
    bodyStructure: undefined,
    parts: new Map(),
  };
  for (;;) {
    reader.skipSpaces();
    if (reader.done) throw new ImapParseError('FETCH list is not closed');
    if (reader.peek() === 0x29) break;
    const key = reader.atom().toUpperCase();
    reader.skipSpaces();
    // Section contents keep their bytes: a quoted header may carry raw 8-bit text.
    const value =
      key.startsWith('BODY[') && reader.peek() === 0x22 ? reader.quotedBytes() : reader.value();
    switch (key) {
      case 'UID':
        item.uid = Number(value);
        break;
      case 'FLAGS':
        item.flags = new Set(
          Array.isArray(value)
            ? value.filter((flag): flag is string => typeof flag === 'string')
            : [],
        );
        break;
      case 'MODSEQ':
        if (Array.isArray(value) && typeof value[0] === 'string') item.modseq = BigInt(value[0]);
        break;
      case 'INTERNALDATE': {
        const date = new Date(asText(value));
        item.internalDate = Number.isNaN(date.getTime()) ? undefined : date;
        break;
      }
      case 'RFC822.SIZE':
        item.size = Number(asText(value)) || 0;
        break;
      case 'BODYSTRUCTURE':
        // NIL (some servers, for messages they cannot parse) leaves it unset.
        if (Array.isArray(value)) item.bodyStructure = readBodyStructure(value);
        break;
      default:
        if (key.startsWith('BODY[')) {
          const section = key.slice(5, key.indexOf(']'));
          // NIL: the server has no such section; an empty part, as imapflow reads it.
          const bytes =
            value === null
              ? Buffer.alloc(0)
              : Buffer.isBuffer(value)
                ? value
                : Buffer.from(asText(value), 'utf8');
          if (section.startsWith('HEADER')) item.headers = Buffer.from(bytes);
          else item.parts.set(section, bytes);
        }
    }
  }
  reader.expect(0x29);
  reader.skipSpaces();
  if (!reader.done) throw new ImapParseError('unexpected data after the FETCH list');
  if (!item.uid) throw new ImapParseError('FETCH response without UID');
  return item;
}

function asText(value: ImapValue): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return '';
}
