import { describe, expect, it } from 'vitest';
import { searchableText } from '../../src/search/searchable-text.js';

describe('searchableText', () => {
  it('keeps a message without quotes as it is', () => {
    const text = 'Hello,\nthe printer works again -> thanks.\n';
    expect(searchableText(text)).toBe(text);
  });

  it('drops the lines a reply quotes, at any depth and indentation', () => {
    const text = [
      'Fixed it, see below.',
      '',
      'On Monday Ana wrote:',
      '> The printer jams',
      '  >> on floor 3',
      'Cheers',
    ].join('\n');
    expect(searchableText(text)).toBe(
      ['Fixed it, see below.', '', 'On Monday Ana wrote:', 'Cheers'].join('\n'),
    );
  });

  it('keeps ">" inside a line', () => {
    expect(searchableText('a > b\nx->y')).toBe('a > b\nx->y');
  });
});
