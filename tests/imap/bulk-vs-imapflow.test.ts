import { Buffer } from 'node:buffer';
import type { FetchMessageObject, ImapFlow, MessageStructureObject } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkConnection } from '../../src/imap/bulk/bulk-connection.js';
import type { FetchedItem } from '../../src/imap/bulk/fetch-response.js';
import { MIME_FIXTURES, readMimeFixture } from '../fixtures/mime/catalog.js';
import {
  appendMessage,
  createFolder,
  seedCorpus,
  startDovecot,
  withImap,
  type Dovecot,
} from '../helpers/dovecot.js';
import { imapflowClient, testAccount } from './support/bulk-account.js';

/*
 * The bulk path (BulkConnection + response-values/fetch-response/body-structure-reader) must see
 * exactly what imapflow sees, because the sync used to run on imapflow and the rest of the app
 * (body-structure.ts, message-record.ts) reads imapflow-shaped values. Both fetch the same
 * folders of a real Dovecot; every UID must come out the same.
 */

const USER = 'support';
const FIXTURES = 'Fixtures';
const CORPUS_SIZE = 300;
const HEADER_FIELDS = ['message-id', 'subject'];
const BULK_ITEMS =
  'UID FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID SUBJECT)]';
const TEXT_ITEMS = 'UID BODY.PEEK[1]<0.100> BODY.PEEK[TEXT]<0.100>';

/**
 * Fields imapflow's parseBodystructure sets that body-structure-reader.ts leaves out, because
 * body-structure.ts never reads them: `description` (Content-Description), `md5`, `lineCount`
 * (text/* and message/rfc822), `envelope` (message/rfc822), `language` and `location`. Every
 * other field (part, type, parameters, id, encoding, size, disposition, dispositionParameters,
 * childNodes) must be deep-equal.
 */
const IMAPFLOW_ONLY = new Set([
  'description',
  'md5',
  'lineCount',
  'envelope',
  'language',
  'location',
]);

function comparable(node: MessageStructureObject | undefined): unknown {
  if (node === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (IMAPFLOW_ONLY.has(key)) continue;
    out[key] = key === 'childNodes' ? (value as MessageStructureObject[]).map(comparable) : value;
  }
  return out;
}

/** \Recent belongs to one session (RFC 3501 §2.3.2): the two connections may disagree on it. */
const flagsOf = (flags: Iterable<string> | undefined): string[] =>
  [...(flags ?? [])].filter((flag) => flag !== '\\Recent').sort();

const mime = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

function envelope(id: string, subject: string, contentType: string): string[] {
  return [
    'From: Dana Customer <dana@acme.example>',
    'To: Support <support@example.com>',
    `Subject: ${subject}`,
    'Date: Tue, 07 Jan 2025 10:00:00 +0100',
    `Message-ID: <${id}@bulk.test>`,
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
  ];
}

/** Hand-written messages for what the fixtures and the corpus do not cover. */
const EXTRA_MESSAGES: Array<{ name: string; raw: Buffer }> = [
  {
    // Dovecot 2.3 joins RFC 2231 continuations itself: name*0*/name*1* arrive as one "name*"
    // ("utf-8''%E2%82%AC…"), filename*0/filename*1 as one plain "filename". The joining code of
    // readParams is compared with imapflow on raw continuations in fetch-response.test.ts.
    name: 'rfc2231-continuations',
    raw: mime([
      ...envelope('rfc2231', 'RFC 2231 continuations', 'multipart/mixed; boundary="b-2231"'),
      '',
      '--b-2231',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Rechnung anbei, Grüße.',
      '--b-2231',
      'Content-Type: application/pdf;',
      " name*0*=utf-8''%E2%82%AC%20Rechnung%20f%C3%BCr;",
      ' name*1*=%20M%C3%A4rz%202025.pdf',
      'Content-Disposition: attachment;',
      " filename*0*=utf-8''%E2%82%AC%20Rechnung%20f%C3%BC;",
      ' filename*1*=r%20M%C3%A4rz;',
      ' filename*2=" 2025.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQKJSVFT0YK',
      '--b-2231',
      "Content-Type: text/plain; name*=iso-8859-1'fr'caf%E9%20cr%E8me.txt",
      "Content-Disposition: attachment; filename*=iso-8859-1'fr'caf%E9%20cr%E8me.txt",
      '',
      'text',
      '--b-2231',
      'Content-Type: application/octet-stream; name*0="a very long plain name split"; name*1=" over two lines.bin"',
      'Content-Disposition: attachment; filename*1="second.bin"; filename*0="first-"',
      'Content-Transfer-Encoding: base64',
      '',
      'AAEC',
      '--b-2231',
      "Content-Type: application/pdf; name*0*=utf-8''%E2%82; name*1*=%AC.pdf",
      'Content-Disposition: attachment',
      'Content-Transfer-Encoding: base64',
      '',
      'AAEC',
      '--b-2231--',
      '',
    ]),
  },
  {
    name: 'rfc2047-filenames',
    raw: mime([
      ...envelope(
        'rfc2047',
        'RFC 2047 filenames',
        'multipart/related; boundary="b-2047"; type="text/html"',
      ),
      '',
      '--b-2047',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Bild: <img src="cid:img1@bulk.test"></p>',
      '--b-2047',
      `Content-Type: image/png; name="=?utf-8?B?${b64('Привет мир.png')}?="`,
      'Content-Disposition: inline; filename="=?iso-8859-1?Q?caf=E9_cr=E8me?=.png"',
      'Content-ID: <img1@bulk.test>',
      'Content-Transfer-Encoding: base64',
      '',
      'iVBORw0KGgo=',
      '--b-2047',
      'Content-Type: application/pdf; name="=?UTF-8?Q?Angebot_=E2=80=93_final?= .pdf"',
      `Content-Disposition: attachment; filename="=?utf-8?B?${b64('Angebot – final.pdf')}?="`,
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      '--b-2047',
      `Content-Type: application/pdf; name="=?utf-8?B?${b64('Ü')}?= =?utf-8?B?${b64('ber.pdf')}?="`,
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      '--b-2047--',
      '',
    ]),
  },
  {
    name: 'nested-multiparts-and-rfc822',
    raw: mime([
      ...envelope('nested', 'Nested multiparts', 'multipart/mixed; boundary="m1"'),
      '',
      '--m1',
      'Content-Type: multipart/related; boundary="m2"',
      '',
      '--m2',
      'Content-Type: multipart/alternative; boundary="m3"',
      '',
      '--m3',
      'Content-Type: text/plain; charset=us-ascii; format=flowed; delsp=yes',
      '',
      'plain ',
      'text',
      '--m3',
      'Content-Type: text/html; charset=us-ascii',
      '',
      '<b>html</b>',
      '--m3--',
      '--m2',
      'Content-Type: image/gif; name=dot.gif',
      'Content-ID: <dot@bulk.test>',
      'Content-Transfer-Encoding: base64',
      '',
      'R0lGODlhAQABAAAAACw=',
      '--m2--',
      '--m1',
      'Content-Type: message/rfc822; name="forwarded.eml"',
      'Content-Disposition: attachment; filename="forwarded.eml"',
      '',
      'From: Inner <inner@example.org>',
      'Subject: inner single part',
      'Message-ID: <inner-single@bulk.test>',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'caf=E9',
      '--m1',
      'Content-Type: message/rfc822',
      '',
      'From: Inner Two <inner2@example.org>',
      'Subject: inner multipart',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="i1"',
      '',
      '--i1',
      'Content-Type: text/plain',
      '',
      'inner text',
      '--i1',
      'Content-Type: message/rfc822',
      '',
      'From: Innermost <x@example.org>',
      'Subject: innermost',
      '',
      'innermost body',
      '--i1--',
      '--m1--',
      '',
    ]),
  },
  {
    name: 'extension-fields-and-quoting',
    raw: mime([
      ...envelope('extensions', 'Extension fields', 'MULTIPART/MIXED; BOUNDARY="ext"'),
      '',
      '--ext',
      'Content-Type: TEXT/PLAIN; CHARSET=ISO-8859-1',
      'Content-Transfer-Encoding: QUOTED-PRINTABLE',
      'Content-Description: The body',
      'Content-Language: en, de',
      'Content-Location: http://example.com/body.txt',
      'Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==',
      '',
      'caf=E9',
      '--ext',
      'Content-Type: text/plain; name="say \\"hi\\" \\\\ now.txt"',
      'Content-Disposition: attachment; filename="say \\"hi\\" \\\\ now.txt"; size=5',
      '',
      'hello',
      '--ext',
      'Content-Type: application/pdf; name="Grüße aus Köln.pdf"',
      'Content-Disposition: attachment; filename="Grüße aus Köln.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      '--ext',
      'Content-Type: text/calendar; method=REQUEST; charset=UTF-8',
      'Content-Disposition: inline',
      '',
      'BEGIN:VCALENDAR',
      'END:VCALENDAR',
      '--ext--',
      '',
    ]),
  },
  {
    name: 'single-part-attachment',
    raw: mime([
      ...envelope('single-attachment', 'Just a file', 'application/octet-stream; name="data.bin"'),
      'Content-Disposition: attachment; filename="data.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      'AAECAwQFBgcICQ==',
      '',
    ]),
  },
  {
    name: 'delivery-report',
    raw: mime([
      ...envelope(
        'report',
        'Undelivered Mail Returned to Sender',
        'multipart/report; report-type=delivery-status; boundary="r1"',
      ),
      '',
      '--r1',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'Delivery failed.',
      '--r1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.com',
      '',
      'Final-Recipient: rfc822; nobody@example.com',
      'Action: failed',
      'Status: 5.1.1',
      '--r1',
      'Content-Type: text/rfc822-headers',
      '',
      'From: support@example.com',
      'Subject: hello',
      '--r1--',
      '',
    ]),
  },
  {
    name: 'long-header-and-empty-subject',
    raw: mime([
      'From: a@example.com',
      'Subject:',
      `Message-ID: <${'long-'.repeat(150)}@bulk.test>`,
      'Content-Type: text/plain',
      '',
      'body',
      '',
    ]),
  },
];

const FLAG_SETS: string[][] = [
  [],
  ['\\Seen'],
  ['\\Seen', '\\Flagged'],
  ['\\Answered', '$Forwarded'],
  ['\\Draft', 'Custom_Keyword'],
  ['\\Seen', '$Label1', 'NonJunk'],
];

interface Fetched {
  imapflow: Map<number, FetchMessageObject>;
  bulk: Map<number, FetchedItem>;
}

/** Everything in `path`, once through imapflow and once through BulkConnection. */
async function fetchBoth(
  dovecot: Dovecot,
  path: string,
  bulkItems: string,
  query: Parameters<ImapFlow['fetchAll']>[1],
): Promise<Fetched> {
  const client = imapflowClient(dovecot);
  await client.connect();
  const imapflow = new Map<number, FetchMessageObject>();
  try {
    const lock = await client.getMailboxLock(path, { readOnly: true });
    try {
      for (const message of await client.fetchAll('1:*', query, { uid: true }))
        imapflow.set(message.uid, message);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
  const { account, secrets } = testAccount(dovecot);
  const connection = await BulkConnection.open(account, secrets);
  const bulk = new Map<number, FetchedItem>();
  try {
    await connection.examine(path);
    await connection.fetch('1:*', bulkItems, (item) => {
      // Parts are views into the response buffer: keep copies.
      bulk.set(item.uid, {
        ...item,
        parts: new Map([...item.parts].map(([key, value]) => [key, Buffer.from(value)])),
      });
    });
  } finally {
    await connection.logout();
  }
  return { imapflow, bulk };
}

/** imapflow's bodyParts keys are lowercased section names ("1", "text"). */
function imapflowPart(message: FetchMessageObject, section: string): Buffer {
  for (const [key, value] of message.bodyParts ?? new Map<string, Buffer>()) {
    if (key.replace(/<.*$/, '').toUpperCase() === section)
      return Buffer.isBuffer(value) ? value : Buffer.alloc(0);
  }
  return Buffer.alloc(0);
}

function compareHeaderFetch({ imapflow, bulk }: Fetched): void {
  expect([...bulk.keys()].sort((a, b) => a - b)).toEqual(
    [...imapflow.keys()].sort((a, b) => a - b),
  );
  for (const [uid, theirs] of imapflow) {
    const ours = bulk.get(uid)!;
    const at = `UID ${uid} (${theirs.headers?.toString('utf8').trim().replace(/\s+/g, ' ')})`;
    expect(theirs.bodyStructure, at).toBeDefined();
    expect(theirs.headers, at).toBeDefined();
    expect(ours.bodyStructure, at).toEqual(comparable(theirs.bodyStructure));
    expect(flagsOf(ours.flags), at).toEqual(flagsOf(theirs.flags));
    expect(ours.size, at).toBe(theirs.size);
    expect(ours.internalDate?.getTime(), at).toBe(new Date(theirs.internalDate!).getTime());
    expect(ours.headers?.toString('hex'), at).toBe(theirs.headers?.toString('hex'));
    expect(ours.modseq, at).toBeUndefined(); // not asked for
  }
}

describe('BulkConnection fetches what imapflow fetches', () => {
  let dovecot: Dovecot;
  let extraUids: Map<string, number>;

  beforeAll(async () => {
    dovecot = await startDovecot();
    await seedCorpus(dovecot, USER, CORPUS_SIZE, 80, 23);
    await createFolder(dovecot, USER, FIXTURES);
    extraUids = new Map();
    await withImap(dovecot, USER, async (client) => {
      let n = 0;
      const append = async (raw: Buffer) => {
        const flags = FLAG_SETS[n % FLAG_SETS.length]!;
        const date = new Date(Date.UTC(2024, n % 12, 1 + (n % 28), n % 24, 7, 9));
        n += 1;
        const result = await client.append(FIXTURES, raw, flags, date);
        if (result === false || result.uid === undefined) throw new Error('APPEND returned no UID');
        return result.uid;
      };
      for (const fixture of MIME_FIXTURES) await append(readMimeFixture(fixture.file));
      for (const message of EXTRA_MESSAGES) extraUids.set(message.name, await append(message.raw));
    });
  });
  afterAll(() => dovecot?.stop());

  it('the fixtures and hand-written messages: same BODYSTRUCTURE, flags, size, date and header bytes', async () => {
    const fetched = await fetchBoth(dovecot, FIXTURES, BULK_ITEMS, {
      uid: true,
      flags: true,
      internalDate: true,
      size: true,
      bodyStructure: true,
      headers: HEADER_FIELDS,
    });
    expect(fetched.bulk.size).toBe(MIME_FIXTURES.length + EXTRA_MESSAGES.length);
    compareHeaderFetch(fetched);
    // The fields left out of the comparison do occur in these messages: the list is not stale.
    const seen = new Set<string>();
    const visit = (node: MessageStructureObject): void => {
      for (const key of Object.keys(node)) seen.add(key);
      node.childNodes?.forEach(visit);
    };
    for (const message of fetched.imapflow.values()) visit(message.bodyStructure!);
    expect([...IMAPFLOW_ONLY].filter((key) => !seen.has(key))).toEqual([]);
  });

  it('decodes the RFC 2231 and RFC 2047 filenames (so the comparison above compares decoded values)', async () => {
    const { bulk } = await fetchBoth(dovecot, FIXTURES, BULK_ITEMS, { uid: true });
    const rfc2231 = bulk.get(extraUids.get('rfc2231-continuations')!)!.bodyStructure!;
    const [, pdf, latin1, plainPieces, splitSequence] = rfc2231.childNodes!;
    expect(pdf!.parameters?.name).toBe('€ Rechnung für März 2025.pdf');
    expect(pdf!.dispositionParameters?.filename).toBe('€ Rechnung für März 2025.pdf');
    expect(latin1!.dispositionParameters?.filename).toBe('café crème.txt');
    expect(plainPieces!.parameters?.name).toBe('a very long plain name split over two lines.bin');
    expect(plainPieces!.dispositionParameters?.filename).toBe('first-second.bin');
    expect(splitSequence!.parameters?.name).toBe('€.pdf');
    const rfc2047 = bulk.get(extraUids.get('rfc2047-filenames')!)!.bodyStructure!;
    const [, image, offer, adjacent] = rfc2047.childNodes!;
    expect(image!.parameters?.name).toBe('Привет мир.png');
    expect(image!.dispositionParameters?.filename).toBe('café crème.png');
    expect(image!.id).toBe('<img1@bulk.test>');
    expect(offer!.dispositionParameters?.filename).toBe('Angebot – final.pdf');
    expect(adjacent!.parameters?.name).toBe('Über.pdf');
    const quoting = bulk.get(extraUids.get('extension-fields-and-quoting')!)!.bodyStructure!;
    expect(quoting.childNodes![1]!.parameters?.name).toBe('say "hi" \\ now.txt');
    expect(quoting.childNodes![2]!.dispositionParameters?.filename).toBe('Grüße aus Köln.pdf');
  });

  it('numbers parts inside message/rfc822 like imapflow (the wrapper number, reused)', async () => {
    const { bulk } = await fetchBoth(dovecot, FIXTURES, BULK_ITEMS, { uid: true });
    const nested = bulk.get(extraUids.get('nested-multiparts-and-rfc822')!)!.bodyStructure!;
    expect(nested.childNodes!.map((node) => [node.part, node.type])).toEqual([
      ['1', 'multipart/related'],
      ['2', 'message/rfc822'],
      ['3', 'message/rfc822'],
    ]);
    expect(nested.childNodes![1]!.childNodes![0]).toMatchObject({ part: '2', type: 'text/plain' });
    const inner = nested.childNodes![2]!.childNodes![0]!;
    expect(inner.type).toBe('multipart/mixed');
    expect(inner.childNodes!.map((node) => node.part)).toEqual(['3.1', '3.2']);
    expect(inner.childNodes![1]!.childNodes![0]).toMatchObject({ part: '3.2', type: 'text/plain' });
  });

  it(`a seeded corpus of ${CORPUS_SIZE} messages: the same for every UID`, async () => {
    const fetched = await fetchBoth(dovecot, 'INBOX', BULK_ITEMS, {
      uid: true,
      flags: true,
      internalDate: true,
      size: true,
      bodyStructure: true,
      headers: HEADER_FIELDS,
    });
    expect(fetched.bulk.size).toBe(CORPUS_SIZE);
    compareHeaderFetch(fetched);
  });

  it('text parts BODY.PEEK[1]<0.100> and BODY.PEEK[TEXT]<0.100>: the same bytes', async () => {
    for (const path of [FIXTURES, 'INBOX']) {
      const { imapflow, bulk } = await fetchBoth(dovecot, path, TEXT_ITEMS, {
        uid: true,
        bodyParts: [
          { key: '1', start: 0, maxLength: 100 },
          { key: 'TEXT', start: 0, maxLength: 100 },
        ],
      });
      expect(bulk.size).toBe(imapflow.size);
      let nonEmpty = 0;
      for (const [uid, theirs] of imapflow) {
        const ours = bulk.get(uid)!;
        for (const section of ['1', 'TEXT']) {
          const expected = imapflowPart(theirs, section);
          const got = ours.parts.get(section) ?? Buffer.alloc(0);
          expect(got.toString('hex'), `${path} UID ${uid} BODY[${section}]`).toBe(
            expected.toString('hex'),
          );
          expect(got.length).toBeLessThanOrEqual(100);
          if (got.length) nonEmpty += 1;
        }
      }
      expect(nonEmpty).toBeGreaterThan(imapflow.size); // most messages have both
    }
  });
});

/*
 * Cases where the two disagree, each in a message of its own so one difference does not hide the
 * others (and the comparisons above stay meaningful while they are open).
 */
describe('BulkConnection vs imapflow: one message each', () => {
  const CASES = 'Cases';
  const messages = {
    // RFC 6532 §3.5: a forwarded internationalized message. Dovecot 2.3 sends message/global as a
    // basic body (no envelope, body or line count), as RFC 3501 does for any type but
    // message/rfc822: ("message" "global" NIL NIL NIL "7bit" 33 NIL ("attachment" (…)) NIL NIL).
    'message-global': mime([
      ...envelope('global', 'Forwarded EAI message', 'multipart/mixed; boundary="g1"'),
      '',
      '--g1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See the attached message.',
      '--g1',
      'Content-Type: message/global; name="weitergeleitet.eml"',
      'Content-Disposition: attachment; filename="weitergeleitet.eml"',
      '',
      'From: Jürgen <jürgen@example.de>',
      'Subject: Grüße',
      '',
      'Hallo',
      '--g1--',
      '',
    ]),
    // A sender that put RFC 2231 syntax into a plain quoted parameter; imapflow's
    // getStructuredParams recognizes charset'language'value there and decodes it.
    'rfc2231-in-plain-filename': mime([
      ...envelope('plain-2231', 'Misencoded filename', 'multipart/mixed; boundary="p1"'),
      '',
      '--p1',
      'Content-Type: text/plain',
      '',
      'Invoice attached.',
      '--p1',
      'Content-Type: application/pdf; name="utf-8\'\'%E2%82%AC%20rate.pdf"',
      'Content-Disposition: attachment; filename="utf-8\'\'%E2%82%AC%20rate.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      '--p1--',
      '',
    ]),
  } as const;
  type CaseName = keyof typeof messages;
  let dovecot: Dovecot;
  let fetched: Fetched;
  const uids = new Map<CaseName, number>();

  beforeAll(async () => {
    dovecot = await startDovecot();
    await createFolder(dovecot, USER, CASES);
    for (const name of Object.keys(messages) as CaseName[])
      uids.set(name, await appendMessage(dovecot, USER, CASES, messages[name]));
    fetched = await fetchBoth(dovecot, CASES, BULK_ITEMS, { uid: true, bodyStructure: true });
  });
  afterAll(() => dovecot?.stop());

  const sameTree = (name: CaseName): void => {
    const uid = uids.get(name)!;
    const theirs = fetched.imapflow.get(uid)!.bodyStructure;
    expect(theirs).toBeDefined();
    expect(fetched.bulk.get(uid)!.bodyStructure).toEqual(comparable(theirs));
  };

  // Found by this test: body-structure-reader.ts reads message/global like message/rfc822, takes
  // the disposition list ("attachment" ("filename" …)) for the encapsulated body, and returns a
  // bogus child {part: "2", type: "attachment/"} and no disposition.
  it('message/global with a Content-Disposition', () => sameTree('message-global'));

  // Found by this test: readParams has no counterpart of imapflow's "filename that looks like
  // charset''value" fallback, so the attachment is named "utf-8''%E2%82%AC%20rate.pdf".
  it("a plain filename holding RFC 2231 syntax (utf-8''…)", () =>
    sameTree('rfc2231-in-plain-filename'));
});

describe('BulkConnection and mailbox names outside ASCII (modified UTF-7)', () => {
  const FOLDERS = ['Привет', 'Café & Co', '&Ampersand', 'Emoji 📬', 'Mixed Ünïcödé & ASCII-Ende'];
  let dovecot: Dovecot;
  const messageIds = new Map<string, string>();

  beforeAll(async () => {
    dovecot = await startDovecot();
    for (const [index, folder] of FOLDERS.entries()) {
      await createFolder(dovecot, USER, folder);
      const id = `<folder-${index}@bulk.test>`;
      messageIds.set(folder, id);
      await appendMessage(
        dovecot,
        USER,
        folder,
        `From: a@example.com\r\nSubject: in ${folder}\r\nMessage-ID: ${id}\r\n\r\nhello ${index}\r\n`,
        ['\\Seen'],
      );
    }
  });
  afterAll(() => dovecot?.stop());

  it('imapflow lists the folders under their Unicode names', async () => {
    const names = await withImap(dovecot, USER, async (client) =>
      (await client.list()).map((entry) => entry.path),
    );
    for (const folder of FOLDERS) expect(names).toContain(folder);
  });

  it('EXAMINEs each folder and fetches its message', async () => {
    const { account, secrets } = testAccount(dovecot);
    const connection = await BulkConnection.open(account, secrets);
    try {
      for (const folder of FOLDERS) {
        await connection.examine(folder);
        const items: FetchedItem[] = [];
        await connection.fetch(
          '1:*',
          'UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID SUBJECT)]',
          (item) => items.push(item),
        );
        expect(items, folder).toHaveLength(1);
        expect(items[0]!.headers?.toString('utf8'), folder).toContain(
          `Message-ID: ${messageIds.get(folder)}`,
        );
        expect(flagsOf(items[0]!.flags)).toEqual(['\\Seen']);
      }
    } finally {
      await connection.logout();
    }
  });

  it('rejects EXAMINE of a folder that does not exist with NO, and keeps working', async () => {
    const { account, secrets } = testAccount(dovecot);
    const connection = await BulkConnection.open(account, secrets);
    try {
      await expect(connection.examine('Пока')).rejects.toMatchObject({
        name: 'ImapCommandError',
        responseStatus: 'NO',
      });
      await connection.examine(FOLDERS[0]!);
      const uids: number[] = [];
      await connection.fetch('1:*', 'UID', (item) => uids.push(item.uid));
      expect(uids).toHaveLength(1);
    } finally {
      await connection.logout();
    }
  });
});
