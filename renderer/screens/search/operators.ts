/*
 * The search operators, as the hints show them (the app's search language: the README's
 * `switchboard search`, src/search/parse-query.ts). `insert` is what a click adds to the query.
 */
export interface OperatorHint {
  insert: string;
  example: string;
  description: string;
}

export const OPERATOR_HINTS: readonly OperatorHint[] = [
  { insert: 'from:', example: 'from:ana@acme.com', description: 'Sender, or a note’s author' },
  { insert: 'to:', example: 'to:billing@acme.com', description: 'Recipient (To or Cc)' },
  { insert: 'subject:', example: 'subject:"late invoice"', description: 'Words in the subject' },
  { insert: 'in:notes', example: 'in:notes refund', description: 'Internal notes only' },
  { insert: 'is:unread', example: 'is:unread', description: 'Unread (or is:read, is:flagged)' },
  { insert: 'has:attachment', example: 'has:attachment', description: 'With a file attached' },
  { insert: 'in:', example: 'in:Archive', description: 'In a folder' },
  { insert: 'after:', example: 'after:2026-01-31', description: 'Received on or after a day' },
  { insert: 'before:', example: 'before:2026-03-01', description: 'Received before a day' },
  { insert: '"', example: '"exact phrase"', description: 'Words in this order' },
];

/** The query with an operator added at its end (a space first when needed). */
export function withOperator(query: string, insert: string): string {
  const base = query.trimEnd();
  return base === '' ? insert : `${base} ${insert}`;
}
