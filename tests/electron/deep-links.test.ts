import { describe, expect, it } from 'vitest';
import { appLinksIn, parseAppLink } from '../../electron/main/deep-links.js';

describe('links the OS hands to the app', () => {
  it('opens a conversation from switchboard://conversation/ID', () => {
    expect(parseAppLink('switchboard://conversation/c00176acffbfc1080de40f50')).toEqual({
      kind: 'conversation',
      conversationId: 'c00176acffbfc1080de40f50',
    });
    expect(parseAppLink('SWITCHBOARD://conversation/c1/')).toEqual({
      kind: 'conversation',
      conversationId: 'c1',
    });
  });

  it('starts a new message from a mailto: link', () => {
    expect(parseAppLink('mailto:ana@example.com?subject=Hi')).toEqual({
      kind: 'compose',
      mailto: 'mailto:ana@example.com?subject=Hi',
    });
  });

  it('ignores anything else', () => {
    for (const link of [
      'switchboard://settings',
      'switchboard://conversation/',
      'switchboard://conversation/a/b',
      'switchboard://conversation/c1?x=1',
      'switchboard://conversation/%3Cscript%3E',
      'switchboard://conversation/%E0%A4%A',
      'switchboard://user@conversation/c1',
      'https://example.com/conversation/c1',
      'not a link',
    ])
      expect(parseAppLink(link), link).toBeNull();
  });

  it('finds the links among a second launch’s arguments', () => {
    expect(
      appLinksIn([
        '/opt/Switchboard/switchboard',
        '--no-sandbox',
        '--open=switchboard://conversation/c1',
        'switchboard://conversation/c2',
        'mailto:bo@example.com',
      ]),
    ).toEqual([
      { kind: 'conversation', conversationId: 'c2' },
      { kind: 'compose', mailto: 'mailto:bo@example.com' },
    ]);
  });
});
