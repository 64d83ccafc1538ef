import libmime from 'libmime';
import { describe, expect, it } from 'vitest';
import { isDelSp, isFlowed, unwrapFlowed } from '../../src/mime/flowed.js';

describe('unwrapFlowed', () => {
  it('joins lines that end in a space (soft breaks) and keeps hard breaks', () => {
    const text = 'The quick brown \nfox jumps over \nthe lazy dog.\nNew line.\n';
    expect(unwrapFlowed(text)).toBe('The quick brown fox jumps over the lazy dog.\nNew line.\n');
  });

  it('deletes the space before a soft break with DelSp=yes', () => {
    expect(unwrapFlowed('日本語の \nテキストです。', { delSp: true })).toBe(
      '日本語のテキストです。',
    );
    expect(unwrapFlowed('super \ncalifragilistic', { delSp: true })).toBe('supercalifragilistic');
    expect(unwrapFlowed('super \ncalifragilistic', { delSp: false })).toBe('super califragilistic');
  });

  it('removes one space of space-stuffing', () => {
    expect(unwrapFlowed(' From the start\n >not a quote\n  two spaces')).toBe(
      'From the start\n>not a quote\n two spaces',
    );
  });

  it('removes stuffing from continuation lines too', () => {
    expect(unwrapFlowed('Sent \n From here')).toBe('Sent From here');
  });

  it('joins quoted lines of the same depth and keeps the quote marks once', () => {
    const text = '> a quoted \n> paragraph\n>> deeper \n>> still\n>>\nreply';
    expect(unwrapFlowed(text)).toBe('> a quoted paragraph\n>> deeper still\n>>\nreply');
  });

  it('treats a flowed line followed by another quote depth as fixed', () => {
    expect(unwrapFlowed('> quoted \nunquoted')).toBe('> quoted \nunquoted');
    expect(unwrapFlowed('> quoted \n>> deeper')).toBe('> quoted \n>> deeper');
  });

  it('never flows the signature separator', () => {
    expect(unwrapFlowed('Thanks \nall\n-- \nAlice')).toBe('Thanks all\n-- \nAlice');
    expect(unwrapFlowed('> -- \n> Bob', { delSp: true })).toBe('> -- \n> Bob');
  });

  it('ends a paragraph at its first fixed line, even an empty one, or at the end of input', () => {
    // RFC 3676 §4.2: flowed lines followed by one fixed line form a paragraph, so the empty
    // line is that fixed line (libmime instead joins "one" and "two" across it).
    expect(unwrapFlowed('one \n\ntwo ')).toBe('one \ntwo ');
    expect(unwrapFlowed('one \n\ntwo ', { delSp: true })).toBe('one\ntwo');
    expect(unwrapFlowed('one\n\ntwo')).toBe('one\n\ntwo');
    expect(unwrapFlowed('')).toBe('');
  });

  it('keeps a final line break', () => {
    expect(unwrapFlowed('last \nline\n')).toBe('last line\n');
  });

  it('agrees with libmime.decodeFlowed on unquoted text (which drops the final line break)', () => {
    const samples = [
      'Lorem ipsum dolor \nsit amet, consectetur \nadipiscing elit.\n\nSecond paragraph \nhere.\n',
      ' From stuffed \nand flowed\n-- \nsig',
      'no flow at all\nreally\n',
    ];
    for (const sample of samples) {
      expect(unwrapFlowed(sample).replace(/\n$/, '')).toBe(libmime.decodeFlowed(sample, false));
      expect(unwrapFlowed(sample, { delSp: true }).replace(/\n$/, '')).toBe(
        libmime.decodeFlowed(sample, true),
      );
    }
  });
});

describe('format parameters', () => {
  it('reads format and delsp case-insensitively', () => {
    expect(isFlowed('flowed')).toBe(true);
    expect(isFlowed('Flowed ')).toBe(true);
    expect(isFlowed('fixed')).toBe(false);
    expect(isFlowed(undefined)).toBe(false);
    expect(isDelSp('yes')).toBe(true);
    expect(isDelSp('YES')).toBe(true);
    expect(isDelSp('no')).toBe(false);
    expect(isDelSp(undefined)).toBe(false);
  });
});
