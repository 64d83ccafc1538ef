import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { ftsPhrase, parseSearchQuery, type SearchQuery } from '../../src/search/parse-query.js';

const EMPTY: SearchQuery = {
  text: [],
  subject: [],
  from: [],
  to: [],
  folders: [],
  notesOnly: false,
  hasAttachment: false,
  unread: null,
  flagged: null,
  before: null,
  after: null,
};

const parsed = (input: string, expected: Partial<SearchQuery>): void => {
  expect(parseSearchQuery(input)).toEqual({ ...EMPTY, ...expected });
};

describe('parseSearchQuery: free text', () => {
  it('parses an empty or blank query to no constraints', () => {
    parsed('', {});
    parsed('   \t ', {});
  });

  it('keeps words and quoted phrases in order', () => {
    parsed('late "corrected invoice" march', { text: ['late', 'corrected invoice', 'march'] });
  });

  it('reads an unterminated quote as a phrase to the end', () => {
    parsed('box "blue box', { text: ['box', 'blue box'] });
  });

  it('drops empty phrases', () => {
    parsed('"" "   " word', { text: ['word'] });
  });

  it('keeps unknown operators and words with colons as text', () => {
    parsed('label:urgent https://example.com/x', {
      text: ['label:urgent', 'https://example.com/x'],
    });
    parsed('has:pictures is:important', { text: ['has:pictures', 'is:important'] });
  });

  it('keeps an operator without a value as text', () => {
    parsed('from:""', { text: ['from:'] });
  });
});

describe('parseSearchQuery: operators', () => {
  it('collects from:, to:/cc:, subject: and in:/folder:', () => {
    parsed('from:alice to:bob cc:carol subject:invoice in:Archive folder:Sent', {
      from: ['alice'],
      to: ['bob', 'carol'],
      subject: ['invoice'],
      folders: ['Archive', 'Sent'],
    });
  });

  it('reads in:notes (any case) as notes only, and folder:notes as the folder', () => {
    parsed('in:notes refund', { text: ['refund'], notesOnly: true });
    parsed('IN:Notes', { notesOnly: true });
    parsed('folder:Notes in:"Notes"', { folders: ['Notes'], notesOnly: true });
    parsed('in:notes-archive', { folders: ['notes-archive'] });
  });

  it('accepts quoted operator values', () => {
    parsed('subject:"late invoice" from:"Alice Martin"', {
      subject: ['late invoice'],
      from: ['Alice Martin'],
    });
  });

  it('takes operator names case-insensitively and keeps values as typed', () => {
    parsed('FROM:Alice In:INBOX Has:Attachment IS:Unread', {
      from: ['Alice'],
      folders: ['INBOX'],
      hasAttachment: true,
      unread: true,
    });
  });

  it('reads has:attachment(s), is:unread|read|flagged|starred', () => {
    parsed('has:attachments', { hasAttachment: true });
    parsed('is:unread', { unread: true });
    parsed('is:read', { unread: false });
    parsed('is:flagged', { flagged: true });
    parsed('is:starred', { flagged: true });
  });

  it('mixes operators with free text', () => {
    parsed('printer from:bob "paper jam" is:unread', {
      text: ['printer', 'paper jam'],
      from: ['bob'],
      unread: true,
    });
  });

  it('reads before:/after:/since: as UTC midnights', () => {
    parsed('after:2024-03-01 before:2024-03-31', {
      after: Date.UTC(2024, 2, 1),
      before: Date.UTC(2024, 2, 31),
    });
    parsed('since:2024/3/5', { after: Date.UTC(2024, 2, 5) });
  });

  it('rejects what is not a date', () => {
    for (const input of [
      'before:yesterday',
      'after:2024-3',
      'before:31-03-2024',
      'after:"march 1"',
      'since:20240301',
    ]) {
      expect(() => parseSearchQuery(input), input).toThrow(UserError);
    }
    try {
      parseSearchQuery('before:tomorrow');
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('invalid');
      expect((error as UserError).message).toContain('tomorrow');
    }
  });

  it('rejects calendar days that do not exist instead of rolling them over', () => {
    // Date.UTC(2024, 1, 30) is March 1st and Date.UTC(2024, 12, 1) is January 2025: a typo
    // would silently search another period.
    for (const input of [
      'before:2024-02-30',
      'after:2024-13-01',
      'before:2024-00-10',
      'after:2023-02-29',
      'before:2024-04-31',
    ]) {
      expect(() => parseSearchQuery(input), input).toThrow(UserError);
    }
    parsed('before:2024-02-29', { before: Date.UTC(2024, 1, 29) });
  });
});

describe('ftsPhrase', () => {
  it('quotes a term as one FTS5 string, doubling its quotes', () => {
    expect(ftsPhrase('invoice')).toBe('"invoice"');
    expect(ftsPhrase('foo" OR bar*')).toBe('"foo"" OR bar*"');
    expect(ftsPhrase('"')).toBe('""""');
  });
});
