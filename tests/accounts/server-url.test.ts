import { describe, expect, it } from 'vitest';
import { formatServerUrl, parseServerUrl } from '../../src/accounts/server-url.js';
import { isUserError } from '../../src/errors.js';

/*
 * A typo in `?starttls=true` must not quietly leave an account on opportunistic STARTTLS (which
 * an attacker on the path defeats by removing the capability): anything but the documented
 * spellings is refused, with one line that says what is accepted.
 */

function refusal(text: string, expected: 'imap' | 'smtp' = 'imap'): string {
  try {
    parseServerUrl(text, expected);
  } catch (error) {
    expect(isUserError(error, 'invalid')).toBe(true);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`${text} was accepted`);
}

describe('parseServerUrl: STARTTLS', () => {
  it('?starttls=true requires STARTTLS', () => {
    const endpoint = parseServerUrl('imap://support@mail.example.com:143?starttls=true', 'imap');
    expect(endpoint).toMatchObject({ secure: false, requireStartTls: true, port: 143 });
    expect(parseServerUrl('smtp://u@mail.example.com?starttls=true', 'smtp').requireStartTls).toBe(
      true,
    );
  });

  it('without the parameter a plain connection only upgrades when offered', () => {
    expect(parseServerUrl('imap://u@mail.example.com', 'imap').requireStartTls).toBe(false);
  });

  it.each([
    'imap://u@mail.example.com?starttls=yes',
    'imap://u@mail.example.com?starttls=maybe',
    'imap://u@mail.example.com?starttls=1',
    'imap://u@mail.example.com?starttls=TRUE',
    'imap://u@mail.example.com?starttls=',
    'imap://u@mail.example.com?starttls',
    'imap://u@mail.example.com?starttls=true%20',
  ])('refuses the value in %s, saying what is accepted', (url) => {
    const message = refusal(url);
    expect(message).toContain('starttls');
    expect(message).toContain('?starttls=true');
  });

  it('refuses ?starttls=false: leaving it out already means "upgrade when offered"', () => {
    const message = refusal('imap://u@mail.example.com?starttls=false');
    expect(message).toContain('?starttls=true');
  });

  it.each([
    'imap://u@mail.example.com?STARTTLS=true',
    'imap://u@mail.example.com?StartTLS=true',
    'imap://u@mail.example.com?tls=true',
    'imap://u@mail.example.com?starttls=true&auth=plain',
    'imap://u@mail.example.com?start_tls=true',
  ])('refuses the unknown parameter in %s', (url) => {
    const message = refusal(url);
    expect(message).toMatch(/unknown|not accepted|accepted/);
    expect(message).toContain('?starttls=true');
  });

  it('refuses a parameter given twice', () => {
    refusal('imap://u@mail.example.com?starttls=true&starttls=false');
    refusal('imap://u@mail.example.com?starttls=true&starttls=true');
  });

  it('refuses STARTTLS on a connection that is TLS from the first byte', () => {
    expect(refusal('imaps://u@mail.example.com?starttls=true')).toContain('imaps://');
    expect(refusal('smtps://u@mail.example.com?starttls=true', 'smtp')).toContain('smtps://');
  });

  it('refuses a path or fragment it would otherwise ignore', () => {
    refusal('imap://u@mail.example.com/INBOX');
    refusal('imap://u@mail.example.com#starttls=true');
  });
});

describe('parseServerUrl: the rest of the URL', () => {
  it.each([
    ['imap://u@h', { port: 143, secure: false }],
    ['imaps://u@h', { port: 993, secure: true }],
    ['imaps://u@h:1993', { port: 1993, secure: true }],
    ['imap://u@h/', { port: 143, secure: false }],
    ['imap://user%40example.com@h', { user: 'user@example.com' }],
    ['imap://u@[::1]:143', { host: '::1' }],
  ])('%s', (url, expected) => {
    expect(parseServerUrl(url, 'imap')).toMatchObject(expected);
  });

  it('refuses a password in the URL, a wrong scheme, a missing user', () => {
    expect(refusal('imap://u:secret@h')).toContain('--password-env');
    refusal('smtp://u@h');
    refusal('imap://h');
    refusal('not a url');
  });

  it('what it writes, it reads back the same', () => {
    for (const url of [
      'imap://u@h:143?starttls=true',
      'imaps://u@h:993',
      'smtp://u@h:587?starttls=true',
      'imap://user%40example.com@[::1]:143',
    ]) {
      const kind = url.startsWith('smtp') ? 'smtp' : 'imap';
      const endpoint = parseServerUrl(url, kind);
      expect(parseServerUrl(formatServerUrl(endpoint), kind)).toEqual(endpoint);
    }
  });
});
