/*
 * A plain-text message's own words and what it quotes. Replies carry the whole thread below
 * them; shown folded, a conversation reads as what each person said.
 */

export type TextBlock =
  | { kind: 'text'; text: string }
  /** `folded`: hidden until asked (the quoted history at the end, or a long inline quote). */
  | { kind: 'quote'; text: string; folded: boolean };

/** "On Mon, 3 Jun 2024, Ana <ana@x> wrote:" and its translations, ending the line. */
const ATTRIBUTION = /(?:wrote|écrit|schrieb|escribió|scrisse|escreveu|schreef|skrev)\s*:\s*$/i;
/** Outlook's separator: everything after it is the message replied to. */
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*(?:Original Message|Forwarded message|Message d'origine)/i;
/** An inline quote longer than this is folded too. */
const LONG_QUOTE = 6;

function isQuoted(line: string): boolean {
  return /^\s*>/.test(line);
}

/** Where the quoted history at the end starts (its attribution line, if any), or -1. */
function historyStart(lines: string[]): number {
  const separator = lines.findIndex((line) => ORIGINAL_MESSAGE.test(line));
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end -= 1;
  let start = end;
  while (start > 0 && (isQuoted(lines[start - 1]!) || lines[start - 1]!.trim() === '')) start -= 1;
  // Only quoted lines at the end, at least one of them.
  if (start < end && lines.slice(start, end).some(isQuoted)) {
    while (start < end && lines[start]!.trim() === '') start += 1;
    let above = start - 1;
    while (above >= 0 && lines[above]!.trim() === '') above -= 1;
    if (above >= 0 && ATTRIBUTION.test(lines[above]!)) start = above;
    // A wrapped attribution ("On …, Ana <ana@x>\nwrote:") starts a line earlier.
    else if (above >= 1 && /^\s*wrote:\s*$/i.test(lines[above]!)) start = above - 1;
  } else start = -1;
  if (separator >= 0 && (start < 0 || separator < start)) return separator;
  return start;
}

export function foldQuotes(text: string): TextBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const history = historyStart(lines);
  const body = history >= 0 ? lines.slice(0, history) : lines;
  const blocks: TextBlock[] = [];
  let run: string[] = [];
  let quoting = false;
  const flush = () => {
    if (run.length === 0) return;
    const joined = run.join('\n').replace(/^\n+|\n+$/g, '');
    if (quoting) blocks.push({ kind: 'quote', text: joined, folded: run.length > LONG_QUOTE });
    else if (joined.trim()) blocks.push({ kind: 'text', text: joined });
    run = [];
  };
  for (const line of body) {
    const quoted = isQuoted(line);
    if (quoted !== quoting && line.trim() !== '') {
      flush();
      quoting = quoted;
    }
    run.push(line);
  }
  flush();
  if (history >= 0) {
    const rest = lines.slice(history).join('\n').trim();
    if (rest) blocks.push({ kind: 'quote', text: rest, folded: true });
  }
  return blocks;
}
