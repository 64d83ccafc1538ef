import addressparser from 'nodemailer/lib/addressparser/index.js';
import { describe, expect, it } from 'vitest';
import { parseAddresses } from '../../src/mail/message-record.js';

/** What the full RFC 5322 parser makes of a value, in parseAddresses' shape. */
function reference(value: string) {
  return addressparser(value, { flatten: true })
    .map((entry) => ({ name: entry.name ?? '', address: (entry.address ?? '').trim() }))
    .filter((entry) => entry.address || entry.name);
}

describe('parseAddresses', () => {
  // The simple forms take a fast path; everything else goes to the full parser. Either way the
  // result must be the full parser's.
  it.each([
    '"Frank Smith" <frank.smith12@lists.example.org>',
    'Frank Smith <frank@example.org>',
    'frank@example.org',
    '<frank@example.org>',
    '"Dave Taylor" <dave@example.org>, Анна Kowalski <anna@example.com>, peggy@corp.example',
    'Grace Иванов <grace.x31@corp.example>,',
    ' ,  a@b.example ,, "B" <b@c.example> ',
    '"Doe, John" <john@example.org>, jane@example.org',
    '"a\\"b" <q@r.example>',
    'a@b.example (Alice)',
    'undisclosed-recipients:;',
    'team: a@b.example, c@d.example;',
    'Foo Bar',
    'a@b@c.example',
    'Name <not an address>',
    '"" <empty-name@example.org>',
    'x <a@b.example> y',
  ])('reads %j as the full parser does', (value) => {
    expect(parseAddresses(value)).toEqual(reference(value));
  });

  it('reads nothing from a blank value', () => {
    expect(parseAddresses('  ')).toEqual([]);
  });
});
