import { UNSAFE_CHARACTER_CLASS } from '../app/index.js';

/*
 * Everything the CLI prints may hold a sender's text, and a terminal obeys what it is sent:
 * ESC/CSI/OSC sequences (colours, clearing the screen, the window title, on some terminals
 * worse), BEL, a CR that overwrites the line, bidi overrides that disguise text. Human output
 * shows each of them as a visible escape; JSON keeps every string exact.
 */

/** The unsafe characters but the line feed and tab that lay text out; a CRLF is a line break. */
const ACTIVE = new RegExp(`\\r\\n|(?![\\n\\t])[${UNSAFE_CHARACTER_CLASS}]`, 'g');
/**
 * What JSON.stringify leaves raw of them: it escapes U+0000–U+001F inside strings itself, so a raw
 * line feed is the indentation's, which stays.
 */
const RAW_IN_JSON = new RegExp(`(?!\\n)[${UNSAFE_CHARACTER_CLASS}]`, 'g');

const hex = (char: string, digits: number) => char.charCodeAt(0).toString(16).padStart(digits, '0');

/** `text` with every character a terminal would act on shown as `\xHH` or `\uHHHH`. */
export function terminalSafe(text: string): string {
  return text.replace(ACTIVE, (char) => {
    if (char === '\r\n') return '\n';
    return char.charCodeAt(0) <= 0xff ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`;
  });
}

/**
 * `value` as indented JSON that parses back to exactly the same strings, with the characters a
 * terminal acts on written as `\uHHHH` escapes (valid JSON: they only occur inside strings).
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(RAW_IN_JSON, (char) => `\\u${hex(char, 4)}`);
}

/** A message on one line: its lines (a quoted value's, a usage's) joined with "; ". */
export const oneLine = (text: string): string =>
  text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join('; ');
