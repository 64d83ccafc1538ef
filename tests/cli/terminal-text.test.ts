import { describe, expect, it } from 'vitest';
import { jsonText, terminalSafe } from '../../src/cli/terminal-text.js';

/*
 * What the CLI prints from mail reaches a terminal, which obeys ESC/CSI/OSC sequences, BEL, CR
 * and bidi overrides: a sender could recolour the output, clear the screen, set the window title
 * or disguise text. Human output shows them as visible escapes; JSON stays exact (it is parsed
 * back to the very same strings) and is terminal-safe too.
 */

/** Any character a terminal acts on, except the line feed and tab that lay out text. */
const ACTIVE = new RegExp(
  // eslint-disable-next-line no-control-regex -- these are what must never reach a terminal raw
  '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]',
);

const NASTY = [
  '\u001b[31mred\u001b[0m',
  '\u001b[2J\u001b[H',
  '\u001b]0;owned\u0007',
  '\u009b31m C1 CSI',
  'bell\u0007',
  'nul\u0000byte',
  'over\rwrite',
  'evil\u202Etxt.exe',
  '\u2066isolate\u2069 \u200e\u200f\u061c',
  'line\u2028separator\u2029',
  'del\u007f',
  'backspace\b\b\b',
  'vt\u000bff\u000c',
];

describe('terminalSafe', () => {
  it.each([
    ['\u001b[31mred', '\\x1b[31mred'],
    ['nul\u0000', 'nul\\x00'],
    ['bell\u0007', 'bell\\x07'],
    ['over\rwrite', 'over\\x0dwrite'],
    ['\u009b31m', '\\x9b31m'],
    ['del\u007f', 'del\\x7f'],
    ['evil\u202Etxt', 'evil\\u202etxt'],
    ['a\u2066b\u2069', 'a\\u2066b\\u2069'],
    ['sep\u2028', 'sep\\u2028'],
  ])('shows %j as %j', (input, expected) => {
    expect(terminalSafe(input)).toBe(expected);
  });

  it('keeps line feeds and tabs, and a CRLF line break as a line break', () => {
    expect(terminalSafe('first\tline\nsecond\r\nthird')).toBe('first\tline\nsecond\nthird');
  });

  it('leaves ordinary text of any script alone', () => {
    const text = 'Grüße aus Köln — 日本語 — עברית — العربية — 😀 “quotes” ½';
    expect(terminalSafe(text)).toBe(text);
  });

  it('leaves nothing active in any of the nasty samples', () => {
    for (const sample of NASTY) expect(terminalSafe(sample)).not.toMatch(ACTIVE);
  });
});

describe('jsonText', () => {
  it('parses back to exactly the same strings', () => {
    const value = { subject: NASTY.join(' | '), list: NASTY, nested: [{ key: NASTY[0] }] };
    expect(JSON.parse(jsonText(value))).toEqual(value);
  });

  it('holds no character a terminal acts on (C1 controls and bidi are escaped too)', () => {
    expect(jsonText({ list: NASTY })).not.toMatch(ACTIVE);
    expect(jsonText('\u202E')).toBe('"\\u202e"');
    expect(jsonText('\u009b')).toBe('"\\u009b"');
  });

  it('is indented JSON, as before', () => {
    expect(jsonText([{ a: 1 }])).toBe('[\n  {\n    "a": 1\n  }\n]');
  });
});
