import { describe, expect, it } from 'vitest';
import { parseMailto } from '../../src/compose/mailto-link.js';
import { UserError } from '../../src/errors.js';

const EMPTY = { to: [], cc: [], bcc: [], subject: '', body: '' };

/** The one line a refused link gives, and that it is a user's error (no stack trace shown). */
function refusal(uri: string): string {
  try {
    parseMailto(uri);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error(`${uri} was not refused`);
}

describe('parseMailto (RFC 6068)', () => {
  it('reads the examples of §6.1', () => {
    expect(parseMailto('mailto:chris@example.com')).toEqual({
      ...EMPTY,
      to: [{ address: 'chris@example.com' }],
    });
    expect(parseMailto('mailto:infobot@example.com?subject=current-issue').subject).toBe(
      'current-issue',
    );
    expect(
      parseMailto('mailto:infobot@example.com?body=send%20current-issue%0D%0Asend%20index').body,
    ).toBe('send current-issue\nsend index');
    expect(parseMailto('mailto:joe@example.com?cc=bob@example.com&body=hello')).toEqual({
      ...EMPTY,
      to: [{ address: 'joe@example.com' }],
      cc: [{ address: 'bob@example.com' }],
      body: 'hello',
    });
    // Percent-encoded characters of the address itself.
    expect(parseMailto('mailto:gorby%25kremvax@example.com').to).toEqual([
      { address: 'gorby%kremvax@example.com' },
    ]);
    expect(parseMailto('mailto:Mike%26family@example.org').to).toEqual([
      { address: 'Mike&family@example.org' },
    ]);
    // An unknown field is left out; the address keeps its encoded "?".
    expect(parseMailto('mailto:unlikely%3Faddress@example.com?blat=foop')).toEqual({
      ...EMPTY,
      to: [{ address: 'unlikely?address@example.com' }],
    });
  });

  it('takes recipients from the path and every to, cc and bcc field, each once, names kept', () => {
    expect(
      parseMailto(
        'MAILTO:ana@example.com,Bo%20Chen%20%3Cbo@example.com%3E?To=carmen@example.com&cc=ANA@example.com,dev@example.com&BCC=%22Ops%22%20%3Cops@example.com%3E',
      ),
    ).toEqual({
      ...EMPTY,
      to: [
        { address: 'ana@example.com' },
        { name: 'Bo Chen', address: 'bo@example.com' },
        { address: 'carmen@example.com' },
      ],
      cc: [{ address: 'dev@example.com' }],
      bcc: [{ name: 'Ops', address: 'ops@example.com' }],
    });
    expect(parseMailto('mailto:?to=joe@example.com').to).toEqual([{ address: 'joe@example.com' }]);
    expect(parseMailto('mailto:')).toEqual(EMPTY);
  });

  it('decodes UTF-8 (§6.3), and + is a plus, not a space', () => {
    expect(
      parseMailto('mailto:user@%E7%B4%8D%E8%B1%86.example.org?subject=Caf%C3%A9%20+%20cr%C3%A8me'),
    ).toEqual({
      ...EMPTY,
      to: [{ address: 'user@納豆.example.org' }],
      subject: 'Café + crème',
    });
    expect(parseMailto('mailto:a+tag@example.com').to).toEqual([{ address: 'a+tag@example.com' }]);
  });

  it('keeps the subject on one line and the first subject and body given', () => {
    expect(
      parseMailto(
        'mailto:a@example.com?subject=Hi%0D%0ABcc:%20evil@example.net&subject=second&body=one&body=two',
      ),
    ).toMatchObject({ subject: 'Hi Bcc: evil@example.net', body: 'one', bcc: [] });
  });

  it('leaves out the header fields a link must not set (§7)', () => {
    expect(
      parseMailto(
        'mailto:a@example.com?from=boss@example.com&reply-to=x@example.net&In-Reply-To=%3C3469A91.D10AF4C@example.com%3E&x-mailer=evil',
      ),
    ).toEqual({ ...EMPTY, to: [{ address: 'a@example.com' }] });
  });

  it('refuses what is not a mailto: link, bad encoding and what is not an address, in one line', () => {
    expect(refusal('https://example.com')).toBe('not a mailto: link');
    expect(refusal('mailto:joe@example.com?subject=%E0%A4%A')).toBe(
      'mailto: "%E0%A4%A" is not percent-encoded UTF-8',
    );
    expect(refusal('mailto:joe@example.com?cc=not-an-address')).toBe(
      'mailto: cc "not-an-address" is not an email address',
    );
    // A quoted local part (§6.2) is valid mail syntax that Switchboard does not send to.
    expect(refusal('mailto:%22not%40me%22@example.org')).toMatch(/is not an email address$/);
  });
});
