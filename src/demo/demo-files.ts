import { crc32, deflateSync } from 'node:zlib';
import type { DemoFileKind } from './scenario-types.js';

/*
 * The files demo messages carry: small but real (a PNG and PDFs that open in any viewer, CSV and
 * log text), made from the conversation's details so they match what the messages say.
 */

export interface DemoFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** What a file is made from: the conversation's filled-in placeholders. */
export type FileDetails = Readonly<Record<string, string>>;

export function makeDemoFile(kind: DemoFileKind, details: FileDetails): DemoFile {
  const detail = (name: string) => details[name] ?? '';
  switch (kind) {
    case 'screenshot':
      return { filename: 'screenshot.png', contentType: 'image/png', content: screenshotPng() };
    case 'invoice':
      return {
        filename: `${detail('invoice')}.pdf`,
        contentType: 'application/pdf',
        content: textPdf([
          'Acme Ltd - Invoice',
          `Invoice number: ${detail('invoice')}`,
          `Billed to: ${detail('company')}`,
          `Plan: Acme Schedule ${detail('plan')}`,
          `Amount: ${detail('amount')}`,
          'Payment: card on file, paid in full. Thank you!',
        ]),
      };
    case 'dpa':
      return {
        filename: 'Acme-DPA-signed.pdf',
        contentType: 'application/pdf',
        content: textPdf([
          'Data Processing Agreement',
          `Between Acme Ltd (processor) and ${detail('company')} (controller)`,
          'Data location: European Union (Frankfurt), backups in a second EU region',
          'Sub-processors: listed at acme.example/legal/subprocessors',
          'Signed for Acme Ltd by Priya Raman, Head of Customer Success',
        ]),
      };
    case 'form':
      return {
        filename: 'supplier-registration.pdf',
        contentType: 'application/pdf',
        content: textPdf([
          `${detail('company')} - Supplier registration form`,
          'Supplier: Acme Ltd',
          'Contact: sales@acme.example',
          'Bank transfer details: on file with finance',
        ]),
      };
    case 'csv':
      return {
        filename: 'export.csv',
        contentType: 'text/csv',
        content: Buffer.from(
          [
            'client_id,name,email,phone,last_visit',
            'C-1001,Zoë Kowalski,zoe@mail.example,+44 20 7946 0011,2024-11-02',
            'C-1002,José Fernandes,jose@mail.example,+44 20 7946 0012,2024-11-05',
            'C-1003,Åsa Lindgren,asa@mail.example,+44 20 7946 0013,2024-11-09',
            'C-1004,Chloé Dubois,chloe@mail.example,+44 20 7946 0014,2024-11-12',
            '',
          ].join('\r\n'),
          'utf8',
        ),
      };
    case 'log':
      return {
        filename: 'sync-errors.log',
        contentType: 'text/plain',
        content: Buffer.from(
          Array.from(
            { length: 12 },
            (_, i) =>
              `02:00:${String(i * 3).padStart(2, '0')} GET /v2/bookings?page=${i + 1} -> ${i % 3 === 2 ? '200 OK' : '429 Too Many Requests (Retry-After: 1)'}`,
          ).join('\n') + '\n',
          'utf8',
        ),
      };
  }
}

/** A small picture of an app screen: a title bar, a sidebar and a few rows, 240 by 150. */
function screenshotPng(): Buffer {
  const width = 240;
  const height = 150;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) {
      const [r, g, b] =
        y < 18
          ? [37, 99, 235]
          : x < 56
            ? [241, 245, 249]
            : (y - 18) % 22 < 2
              ? [226, 232, 240]
              : [255, 255, 255];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  // 8 bits per channel, RGB, no interlace (https://www.w3.org/TR/png/#11IHDR).
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A one-page PDF of text lines in Helvetica (ISO 32000-1 §7.5: objects, xref table, trailer). */
function textPdf(lines: readonly string[]): Buffer {
  const escape = (text: string) => text.replace(/[\\()]/g, (char) => `\\${char}`);
  const stream = [
    'BT /F1 18 Tf 56 780 Td',
    `(${escape(lines[0] ?? '')}) Tj`,
    '/F1 11 Tf',
    ...lines.slice(1).map((line) => `0 -24 Td (${escape(line)}) Tj`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
