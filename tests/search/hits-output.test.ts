import { describe, expect, it } from 'vitest';
import { printHits, printJson, type Output } from '../../src/cli/output.js';
import type { SearchHit } from '../../src/search/search-messages.js';

/* How `switchboard search` prints a hit in the team's notes beside a hit in mail. */

const HITS: SearchHit[] = [
  {
    conversationId: 'c1',
    subject: 'Printer jam',
    snippet: 'Paper jam again',
    kind: 'message',
  },
  {
    conversationId: 'c2',
    subject: 'Refund 1001',
    snippet: 'Refund approved by finance',
    kind: 'note',
    author: 'ana@example.com',
    noteId: 'n1',
  },
];

function printed(print: (output: Output) => void): string[] {
  const lines: string[] = [];
  print({ out: (line) => lines.push(line), err: (line) => lines.push(`stderr: ${line}`) });
  return lines;
}

describe('search output', () => {
  it('marks a note hit with its author in human output', () => {
    expect(printed((output) => printHits(output, HITS))).toEqual([
      `c1  ${'Printer jam'.padEnd(50)}  Paper jam again`,
      `c2  ${'Refund 1001'.padEnd(50)}  [note by ana@example.com] Refund approved by finance`,
    ]);
  });

  it('keeps the JSON contract ({conversationId, subject, snippet}) with kind and author added', () => {
    const [json] = printed((output) => printJson(output, HITS));
    expect(JSON.parse(json!)).toEqual(HITS);
  });
});
