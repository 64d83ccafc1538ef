import type { ConversationListItem, ConversationView, SearchCut, SearchHit } from '../app/index.js';
import { jsonText, terminalSafe } from './terminal-text.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/**
 * `output` with every line shown, never obeyed, by the terminal (terminal-text.ts): runCli prints
 * through it, so no line of a sender's (or anyone's) text reaches the terminal raw.
 */
export function terminalOutput(output: Output): Output {
  return {
    out: (text) => output.out(terminalSafe(text)),
    err: (text) => output.err(terminalSafe(text)),
  };
}

/** `--json`: exact strings, with what a terminal would act on escaped as JSON allows. */
export function printJson(output: Output, value: unknown): void {
  output.out(jsonText(value));
}

/** `text` as shown (escapes included), cut or padded to `width` columns. */
export const clip = (text: string, width: number) => {
  const shown = terminalSafe(text);
  return shown.length > width ? `${shown.slice(0, width - 1)}…` : shown.padEnd(width);
};

export function printConversations(output: Output, rows: ConversationListItem[]): void {
  for (const row of rows) {
    const marker = row.unread ? '●' : ' ';
    const when = row.lastMessageAt.slice(0, 16).replace('T', ' ');
    const team = [
      row.status === 'open' ? '' : row.status,
      row.assignee ? `→ ${row.assignee}` : '',
      ...row.tags.map((tag) => `#${tag}`),
    ]
      .filter(Boolean)
      .join(' ');
    output.out(
      `${marker} ${row.id}  ${when}  ${clip(row.participants.slice(0, 2).join(', '), 30)}  ${clip(row.subject, 60)} (${row.messageCount})${team ? `  ${team}` : ''}`,
    );
  }
}

export function printConversation(
  output: Output,
  detail: Omit<ConversationView, 'notes'> & {
    notes?: Array<{ author: string; text: string; createdAt: string }>;
  },
): void {
  output.out(`# ${detail.subject}  [${detail.id}]`);
  output.out(
    `Status: ${detail.status}  Assignee: ${detail.assignee ?? '(none)'}${detail.tags.length ? `  Tags: ${detail.tags.join(', ')}` : ''}`,
  );
  for (const note of detail.notes ?? [])
    output.out(
      `Note (${note.author}, ${note.createdAt.slice(0, 16).replace('T', ' ')}): ${note.text}`,
    );
  for (const message of detail.messages) {
    output.out('');
    output.out(`From: ${message.from}`);
    if (message.to.length) output.out(`To: ${message.to.join(', ')}`);
    if (message.cc.length) output.out(`Cc: ${message.cc.join(', ')}`);
    output.out(`Date: ${message.date}`);
    output.out(`Subject: ${message.subject}`);
    for (const attachment of message.attachments) {
      output.out(
        `Attachment: ${attachment.filename ?? '(unnamed)'} (${attachment.contentType}, ${attachment.size} bytes)`,
      );
    }
    output.out('');
    output.out(message.text ?? '(text not downloaded yet)');
  }
}

export function printHits(output: Output, hits: SearchHit[]): void {
  for (const hit of hits) {
    // A hit in the team's internal notes says so, and whose note it is.
    const where = hit.kind === 'note' ? `[note by ${hit.author}] ` : '';
    output.out(`${hit.conversationId}  ${clip(hit.subject, 50)}  ${where}${hit.snippet}`);
  }
}

/**
 * Says that a search shows fewer results than there are: after the results in human output;
 * on stderr with `--json`, whose stdout stays the array of hits a program parses.
 */
export function printSearchCut(output: Output, cut: SearchCut, json: boolean): void {
  if (!cut) return;
  const line =
    cut.reason === 'limit'
      ? `… more results: use --limit N (showing ${cut.shown})`
      : `… only the newest ${cut.ranked} matching messages were searched: narrow the search (from:, in:, after:, "a phrase")`;
  if (json) output.err(`switchboard: ${line.replace(/^… /, '')}`);
  else output.out(line);
}
