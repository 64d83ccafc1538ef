import { describe, expect, it } from 'vitest';
import { SNIPPET_LENGTH, snippetOf } from '../../src/queries/list-snippet.js';

describe('snippetOf (a list row’s line of the latest message)', () => {
  it('collapses whitespace onto one line', () => {
    expect(snippetOf('Hello team,\r\n\r\n  the printer\tjams\n\nagain.')).toBe(
      'Hello team, the printer jams again.',
    );
  });

  it('leaves out quoted lines, their attribution, the signature and a forwarded original', () => {
    const reply = [
      'Thanks, that fixed it.',
      '',
      'On Tue, 3 Mar 2026 at 10:00, Support <support@acme.example> wrote:',
      '> Try turning it off and on again.',
      '',
      '-- ',
      'Ada Lovelace',
    ].join('\n');
    expect(snippetOf(reply)).toBe('Thanks, that fixed it.');
    expect(snippetOf('> only quoted\n>> text')).toBe('');
    expect(snippetOf('See below.\n-----Original Message-----\nFrom: x')).toBe('See below.');
  });

  it('cuts long text at the snippet length with an ellipsis', () => {
    const snippet = snippetOf('word '.repeat(100));
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_LENGTH);
    expect(snippet.endsWith('word…')).toBe(true);
  });

  it('is empty for a message with no text (not fetched yet, or none)', () => {
    expect(snippetOf(null)).toBe('');
    expect(snippetOf('   \n ')).toBe('');
  });
});
