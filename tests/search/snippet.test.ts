import { describe, expect, it } from 'vitest';
import { makeSnippet } from '../../src/search/snippet.js';

const filler = (words: number, word = 'lorem') =>
  Array.from({ length: words }, () => word).join(' ');

describe('makeSnippet', () => {
  it('cuts the words around the first match, marking what was cut', () => {
    const text = `${filler(40)} the red box is missing ${filler(40)}`;
    const snippet = makeSnippet(text, ['red box']);
    expect(snippet).toMatch(/^….*the red box is missing.*…$/);
    expect(snippet.split(' ').length).toBeLessThanOrEqual(18);
  });

  it('finds a phrase split by a line break and punctuation, and folds case', () => {
    expect(makeSnippet(`${filler(30)} Paper,\nJAM again`, ['paper jam'])).toContain(
      'Paper, JAM again',
    );
  });

  it('starts at the beginning when the text does not hold the terms (a subject hit)', () => {
    expect(makeSnippet(`first words here ${filler(40)}`, ['invoice'])).toMatch(/^first words here/);
    expect(makeSnippet('', ['invoice'])).toBe('');
  });

  it('matches whole words only', () => {
    expect(makeSnippet(`${filler(30)} boxes ${filler(30)} box here`, ['box'])).toContain(
      'box here',
    );
  });

  it('ignores diacritics, whether the text is composed or decomposed', () => {
    expect(makeSnippet(`${filler(30)} Café Lumière on Friday`, ['cafe lumiere'])).toContain(
      'Café Lumière on Friday',
    );
    // Combining marks (NFD text): word by word, since folding removes characters there.
    const decomposed = `${filler(30)} Cafe\u0301 Lumie\u0300re on Friday`;
    expect(makeSnippet(decomposed, ['café'])).toContain('Lumie\u0300re on Friday');
  });

  it('cuts at word boundaries around a match deep in a long text', () => {
    const text = `${filler(3000, 'alpha')} ${filler(5, 'beta')} the blue box ${filler(3000, 'gamma')}`;
    expect(makeSnippet(text, ['blue box'])).toBe(
      '…beta beta beta beta beta the blue box gamma gamma gamma gamma gamma gamma gamma gamma gamma gamma…',
    );
    expect(makeSnippet('just three words', ['three'])).toBe('just three words');
  });

  it('keeps offsets right when folding changes the length of the text', () => {
    // "İ" lower-cases to two characters; the excerpt must still be cut at word boundaries.
    const text = `İstanbul ${filler(30)} ordered the blue box`;
    expect(makeSnippet(text, ['blue box'])).toMatch(/the blue box$/);
  });
});
