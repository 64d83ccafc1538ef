import { Buffer } from 'node:buffer';
import type { MessageStructureObject } from 'imapflow';
import parseImapResponse from 'imapflow/lib/handler/imap-parser.js';
import { parseBodystructure } from 'imapflow/lib/tools.js';
import { describe, expect, it } from 'vitest';
import { pickTextParts, type BodyStructureNode } from '../../src/mime/text-part.js';

// Trees below are written in the shape imapflow's parseBodystructure produces
// (node_modules/imapflow/dist/cjs/tools.js): the root has no `part`, children are numbered
// "1", "1.2"..., types and encodings are lowercase, parameter names are lowercase.

const plain = (
  part: string | undefined,
  extra: Partial<MessageStructureObject> = {},
): MessageStructureObject => ({
  ...(part === undefined ? {} : { part }),
  type: 'text/plain',
  parameters: { charset: 'utf-8' },
  encoding: 'quoted-printable',
  size: 1200,
  lineCount: 30,
  ...extra,
});

const html = (
  part: string,
  extra: Partial<MessageStructureObject> = {},
): MessageStructureObject => ({
  part,
  type: 'text/html',
  parameters: { charset: 'utf-8' },
  encoding: 'quoted-printable',
  size: 5400,
  lineCount: 90,
  ...extra,
});

const image = (
  part: string,
  id: string,
  extra: Partial<MessageStructureObject> = {},
): MessageStructureObject => ({
  part,
  type: 'image/png',
  parameters: { name: 'logo.png' },
  id,
  encoding: 'base64',
  size: 20480,
  ...extra,
});

const pdf = (
  part: string,
  extra: Partial<MessageStructureObject> = {},
): MessageStructureObject => ({
  part,
  type: 'application/pdf',
  parameters: { name: 'invoice.pdf' },
  encoding: 'base64',
  size: 140000,
  disposition: 'attachment',
  dispositionParameters: { filename: 'invoice.pdf' },
  ...extra,
});

const multipart = (
  subtype: string,
  part: string | undefined,
  childNodes: MessageStructureObject[],
  parameters: Record<string, string> = { boundary: `b-${subtype}-${part ?? 'root'}` },
): MessageStructureObject => ({
  ...(part === undefined ? {} : { part }),
  type: `multipart/${subtype}`,
  parameters,
  childNodes,
});

describe('pickTextParts: choosing the body', () => {
  it('numbers a single-part root "1" (imapflow leaves it undefined, RFC 3501 §6.4.5)', () => {
    const result = pickTextParts(
      plain(undefined, { parameters: { charset: 'ISO-8859-1', format: 'flowed', delsp: 'yes' } }),
    );
    expect(result).toEqual({
      text: {
        part: '1',
        type: 'text/plain',
        encoding: 'quoted-printable',
        charset: 'ISO-8859-1',
        format: 'flowed',
        delsp: 'yes',
        size: 1200,
      },
      html: undefined,
      attachments: [],
      hasAttachments: false,
    });
  });

  it('numbers a single-part HTML root "1" too', () => {
    const result = pickTextParts(html('1', { part: undefined }));
    expect(result.text).toBeUndefined();
    expect(result.html?.part).toBe('1');
  });

  it('picks both renderings of a multipart/alternative', () => {
    const result = pickTextParts(multipart('alternative', undefined, [plain('1'), html('2')]));
    expect(result.text?.part).toBe('1');
    expect(result.html?.part).toBe('2');
    expect(result.attachments).toEqual([]);
    expect(result.hasAttachments).toBe(false);
  });

  it('prefers the first plain and the last HTML alternative', () => {
    const result = pickTextParts(
      multipart('alternative', undefined, [
        plain('1'),
        html('2'),
        plain('3'),
        html('4'),
        {
          part: '5',
          type: 'text/calendar',
          parameters: { method: 'REQUEST' },
          encoding: '7bit',
          size: 900,
        },
      ]),
    );
    expect(result.text?.part).toBe('1');
    expect(result.html?.part).toBe('4');
    // The calendar alternative is not a body; it is listed (it is how invites are detected).
    expect(result.attachments.map((a) => [a.part, a.contentType, a.disposition])).toEqual([
      ['5', 'text/calendar', 'attachment'],
    ]);
  });

  it('finds the body in mixed → alternative → related, with an inline image and a PDF', () => {
    // The typical Gmail/Thunderbird shape of an HTML mail with an embedded logo and a file.
    const tree = multipart('mixed', undefined, [
      multipart('alternative', '1', [
        plain('1.1'),
        multipart('related', '1.2', [
          html('1.2.1'),
          image('1.2.2', '<logo@example.com>', {
            disposition: 'inline',
            dispositionParameters: { filename: 'logo.png' },
          }),
        ]),
      ]),
      pdf('2'),
    ]);
    const result = pickTextParts(tree);
    expect(result.text?.part).toBe('1.1');
    expect(result.html?.part).toBe('1.2.1');
    expect(result.attachments).toEqual([
      {
        part: '1.2.2',
        filename: 'logo.png',
        contentType: 'image/png',
        size: 14967, // decoded: 20480 encoded (decoded-size.ts)
        contentId: 'logo@example.com',
        disposition: 'inline',
      },
      {
        part: '2',
        filename: 'invoice.pdf',
        contentType: 'application/pdf',
        size: 102309, // decoded: 140000 encoded
        contentId: undefined,
        disposition: 'attachment',
      },
    ]);
    expect(result.hasAttachments).toBe(true);
  });

  it('does not count inline images of an HTML-only message as attachments', () => {
    const result = pickTextParts(
      multipart('related', undefined, [html('1'), image('2', '<a@b>'), image('3', '<c@d>')]),
    );
    expect(result.text).toBeUndefined();
    expect(result.html?.part).toBe('1');
    expect(result.attachments.map((a) => a.disposition)).toEqual(['inline', 'inline']);
    expect(result.hasAttachments).toBe(false);
  });

  it('uses the multipart/related start parameter to find the root', () => {
    const tree = multipart(
      'related',
      undefined,
      [image('1', '<img@x>'), html('2', { id: '<root@x>' })],
      { boundary: 'b', start: '<root@x>', type: 'text/html' },
    );
    expect(pickTextParts(tree).html?.part).toBe('2');
  });

  it('takes the first body of a multipart/mixed, not a later inline footer', () => {
    // A mailing list appending a plain footer to an HTML-only post.
    const result = pickTextParts(multipart('mixed', undefined, [html('1'), plain('2')]));
    expect(result.html?.part).toBe('1');
    expect(result.text).toBeUndefined();
    expect(result.attachments).toEqual([]);
  });

  it('skips text parts that are attachments (by disposition or by filename)', () => {
    const tree = multipart('mixed', undefined, [
      plain('1', { disposition: 'attachment', dispositionParameters: { filename: 'notes.txt' } }),
      plain('2', { parameters: { charset: 'utf-8', name: 'log.txt' } }),
      html('3', { disposition: 'inline', dispositionParameters: { filename: 'page.html' } }),
      plain('4'),
    ]);
    const result = pickTextParts(tree);
    expect(result.text?.part).toBe('4');
    expect(result.html).toBeUndefined();
    expect(result.attachments.map((a) => [a.part, a.filename, a.disposition])).toEqual([
      ['1', 'notes.txt', 'attachment'],
      ['2', 'log.txt', 'attachment'],
      ['3', 'page.html', 'attachment'],
    ]);
    expect(result.hasAttachments).toBe(true);
  });

  it('lists a forwarded message/rfc822 as an attachment without descending into it', () => {
    const forwarded: MessageStructureObject = {
      part: '2',
      type: 'message/rfc822',
      encoding: '7bit',
      size: 3000,
      disposition: 'inline',
      // imapflow reuses the wrapper's number for the encapsulated root (see tools.js).
      childNodes: [
        multipart('mixed', '2', [
          plain('2.1'),
          pdf('2.2', { dispositionParameters: { filename: 'inner.pdf' } }),
        ]),
      ],
    };
    const result = pickTextParts(multipart('mixed', undefined, [plain('1'), forwarded]));
    expect(result.text?.part).toBe('1');
    expect(result.attachments).toEqual([
      {
        part: '2',
        filename: undefined,
        contentType: 'message/rfc822',
        size: 3000,
        contentId: undefined,
        disposition: 'attachment',
      },
    ]);
    expect(result.hasAttachments).toBe(true);
  });

  it('does not take a body from a forwarded message when the outer one has none', () => {
    const forwarded: MessageStructureObject = {
      part: '1',
      type: 'message/rfc822',
      size: 100,
      childNodes: [plain('1')],
    };
    const result = pickTextParts(multipart('mixed', undefined, [forwarded]));
    expect(result.text).toBeUndefined();
    expect(result.html).toBeUndefined();
    expect(result.attachments.map((a) => a.part)).toEqual(['1']);
  });

  it('counts a Gmail-style attachment with a Content-ID as an attachment', () => {
    const result = pickTextParts(
      multipart('mixed', undefined, [
        plain('1'),
        image('2', '<f_lx1abc0>', {
          disposition: 'attachment',
          dispositionParameters: { filename: 'photo.png' },
        }),
      ]),
    );
    expect(result.attachments[0]).toMatchObject({
      contentId: 'f_lx1abc0',
      disposition: 'attachment',
      filename: 'photo.png',
    });
    expect(result.hasAttachments).toBe(true);
  });

  it('counts an image without a Content-ID, or a non-image outside related, as an attachment', () => {
    const result = pickTextParts(
      multipart('mixed', undefined, [
        plain('1'),
        image('2', '', { id: undefined, disposition: 'inline' }),
        pdf('3', { id: '<x@y>', disposition: 'inline' }),
      ]),
    );
    expect(result.attachments.map((a) => a.disposition)).toEqual(['attachment', 'attachment']);
    expect(result.hasAttachments).toBe(true);
  });

  it('treats a single non-text root part as an attachment numbered "1"', () => {
    const result = pickTextParts(pdf('x', { part: undefined }));
    expect(result.text).toBeUndefined();
    expect(result.html).toBeUndefined();
    expect(result.attachments).toEqual([
      {
        part: '1',
        filename: 'invoice.pdf',
        contentType: 'application/pdf',
        size: 102309, // decoded: 140000 encoded
        contentId: undefined,
        disposition: 'attachment',
      },
    ]);
  });

  it('takes the signed content of multipart/signed and hides the signature', () => {
    const tree = multipart('signed', undefined, [
      multipart('alternative', '1', [plain('1.1'), html('1.2')]),
      {
        part: '2',
        type: 'application/pgp-signature',
        parameters: { name: 'signature.asc' },
        encoding: '7bit',
        size: 833,
        disposition: 'attachment',
        dispositionParameters: { filename: 'signature.asc' },
      },
    ]);
    const result = pickTextParts(tree);
    expect(result.text?.part).toBe('1.1');
    expect(result.html?.part).toBe('1.2');
    expect(result.attachments).toEqual([]);
    expect(result.hasAttachments).toBe(false);
  });

  it('reads the human-readable part of a multipart/report (bounce)', () => {
    const tree = multipart('report', undefined, [
      plain('1'),
      { part: '2', type: 'message/delivery-status', encoding: '7bit', size: 400 },
      { part: '3', type: 'message/rfc822', encoding: '7bit', size: 2000, childNodes: [plain('3')] },
    ]);
    const result = pickTextParts(tree);
    expect(result.text?.part).toBe('1');
    expect(result.attachments.map((a) => a.contentType)).toEqual([
      'message/delivery-status',
      'message/rfc822',
    ]);
  });

  it('survives empty multiparts and missing fields', () => {
    expect(pickTextParts({ type: 'multipart/mixed' })).toEqual({
      text: undefined,
      html: undefined,
      attachments: [],
      hasAttachments: false,
    });
    const minimal: BodyStructureNode = { type: 'text/plain' };
    expect(pickTextParts(minimal).text).toEqual({
      part: '1',
      type: 'text/plain',
      encoding: undefined,
      charset: undefined,
      format: undefined,
      delsp: undefined,
      size: undefined,
    });
  });
});

/** Parses a BODYSTRUCTURE as a server sends it, through imapflow's own parser. */
async function bodystructureFromServer(bodystructure: string): Promise<MessageStructureObject> {
  const response = await parseImapResponse(
    Buffer.from(`* 1 FETCH (BODYSTRUCTURE ${bodystructure})`),
  );
  const attributes = response.attributes as unknown[];
  const fetchItems = attributes[1] as unknown[];
  return parseBodystructure(fetchItems[1] as Parameters<typeof parseBodystructure>[0]);
}

describe('pickTextParts on BODYSTRUCTUREs parsed by imapflow', () => {
  it('handles a single-part message as Dovecot sends it', async () => {
    const structure = await bodystructureFromServer(
      '("text" "plain" ("charset" "iso-8859-1" "format" "flowed") NIL NIL "8bit" 42 2 NIL NIL NIL NIL)',
    );
    expect(structure.part).toBeUndefined(); // the premise of the "1" rule
    expect(pickTextParts(structure).text).toEqual({
      part: '1',
      type: 'text/plain',
      encoding: '8bit',
      charset: 'iso-8859-1',
      format: 'flowed',
      delsp: undefined,
      size: 42,
    });
  });

  it('handles mixed(alternative(plain, related(html, image)), attachment) with RFC 2231 filenames', async () => {
    const structure = await bodystructureFromServer(
      '(' +
        '(("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 120 4 NIL NIL NIL NIL)' +
        '(("text" "html" ("charset" "utf-8") NIL NIL "quoted-printable" 300 10 NIL NIL NIL NIL)' +
        '("image" "png" ("name" "logo.png") "<logo@x>" NIL "base64" 2048 NIL ("inline" ("filename" "logo.png")) NIL NIL)' +
        ' "related" ("boundary" "r" "type" "text/html") NIL NIL NIL)' +
        ' "alternative" ("boundary" "a") NIL NIL NIL)' +
        '("application" "pdf" ("name" "=?UTF-8?Q?R=C3=A9sum=C3=A9.pdf?=") NIL NIL "base64" 9000 NIL ("attachment" ("filename*" "utf-8\'\'%E2%82%AC%20report.pdf")) NIL NIL)' +
        '("application" "octet-stream" NIL NIL NIL "base64" 10 NIL ("attachment" ("filename*0*" "utf-8\'\'long%20" "filename*1*" "na%C3%AFve.bin")) NIL NIL)' +
        ' "mixed" ("boundary" "m") NIL NIL NIL)',
    );
    const result = pickTextParts(structure);
    expect(result.text?.part).toBe('1.1');
    expect(result.html?.part).toBe('1.2.1');
    expect(result.attachments).toEqual([
      {
        part: '1.2.2',
        filename: 'logo.png',
        contentType: 'image/png',
        size: 1497, // decoded: 2048 encoded
        contentId: 'logo@x',
        disposition: 'inline',
      },
      // RFC 2231 (filename*) and continuations come decoded from imapflow.
      {
        part: '2',
        filename: '€ report.pdf',
        contentType: 'application/pdf',
        size: 6577, // decoded: 9000 encoded
        contentId: undefined,
        disposition: 'attachment',
      },
      {
        part: '3',
        filename: 'long naïve.bin',
        contentType: 'application/octet-stream',
        size: 7, // decoded: 10 encoded
        contentId: undefined,
        disposition: 'attachment',
      },
    ]);
    expect(result.hasAttachments).toBe(true);
  });

  it('falls back to the Content-Type name (RFC 2047-encoded, decoded by imapflow)', async () => {
    const structure = await bodystructureFromServer(
      '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 1 NIL NIL NIL NIL)' +
        '("application" "pdf" ("name" "=?UTF-8?Q?R=C3=A9sum=C3=A9.pdf?=") NIL NIL "base64" 9000 NIL NIL NIL NIL)' +
        ' "mixed" ("boundary" "m") NIL NIL NIL)',
    );
    expect(pickTextParts(structure).attachments[0]?.filename).toBe('Résumé.pdf');
  });

  it('handles a forwarded message (message/rfc822 carries envelope and body)', async () => {
    const structure = await bodystructureFromServer(
      '(("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 50 2 NIL NIL NIL NIL)' +
        '("message" "rfc822" NIL NIL NIL "7bit" 600 ' +
        '("Mon, 6 Jan 2025 09:00:00 +0000" "Inner" (("Inner" NIL "inner" "example.org")) NIL NIL NIL NIL NIL NIL "<inner@example.org>") ' +
        '("text" "html" ("charset" "utf-8") NIL NIL "7bit" 80 3 NIL NIL NIL NIL) 20 NIL ("inline" NIL) NIL NIL)' +
        ' "mixed" ("boundary" "m") NIL NIL NIL)',
    );
    const result = pickTextParts(structure);
    expect(result.text?.part).toBe('1');
    expect(result.html).toBeUndefined();
    expect(result.attachments.map((a) => [a.part, a.contentType, a.disposition])).toEqual([
      ['2', 'message/rfc822', 'attachment'],
    ]);
  });
});
