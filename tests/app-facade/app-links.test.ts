import { describe, expect, it } from 'vitest';
import { looksLikeAppLink, parseAppLink } from '../../src/app/app-links.js';
import { isUserError } from '../../src/errors.js';

describe('links handed to the app', () => {
  it('reads switchboard://conversation/ID', () => {
    expect(parseAppLink('switchboard://conversation/c00176acffbfc1080de40f50')).toEqual({
      kind: 'conversation',
      conversationId: 'c00176acffbfc1080de40f50',
    });
    expect(parseAppLink(' SWITCHBOARD://conversation/c1/ ')).toEqual({
      kind: 'conversation',
      conversationId: 'c1',
    });
  });

  it('reads a mailto: link into a new message’s fields', () => {
    expect(parseAppLink('mailto:ana@example.com?subject=Hi&bcc=audit@example.com')).toEqual({
      kind: 'compose',
      to: [{ address: 'ana@example.com' }],
      cc: [],
      bcc: [{ address: 'audit@example.com' }],
      subject: 'Hi',
      body: '',
    });
    // RFC 6068 §2: recipients may be left for the writer to add.
    expect(parseAppLink('mailto:?subject=For%20you')).toMatchObject({ to: [], subject: 'For you' });
  });

  it('refuses anything else in one line naming the link', () => {
    for (const link of [
      'switchboard://settings',
      'switchboard://conversation/',
      'switchboard://conversation/a/b',
      'switchboard://conversation/c1?x=1',
      'switchboard://conversation/%3Cscript%3E',
      'switchboard://conversation/%E0%A4%A',
      'switchboard://user@conversation/c1',
      'https://example.com/conversation/c1',
      'javascript:alert(1)',
      'not a link',
      'mailto:not-an-address',
    ]) {
      let refusal: unknown;
      try {
        parseAppLink(link);
      } catch (error) {
        refusal = error;
      }
      expect(isUserError(refusal, 'invalid'), link).toBe(true);
      expect((refusal as Error).message, link).not.toContain('\n');
    }
  });

  it('tells a launch argument meant as a link', () => {
    expect(looksLikeAppLink('mailto:a@example.com')).toBe(true);
    expect(looksLikeAppLink('Switchboard://conversation/c1')).toBe(true);
    expect(looksLikeAppLink('https://example.com')).toBe(false);
    expect(looksLikeAppLink('/home/ada/mailto:x')).toBe(false);
  });
});
