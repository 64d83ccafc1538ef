import type { ConversationDetail, ConversationListItem } from '../queries/conversation-queries.js';
import type { SearchHit } from '../search/search-messages.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}

const clip = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

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
  detail: ConversationDetail & {
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
  for (const hit of hits)
    output.out(`${hit.conversationId}  ${clip(hit.subject, 50)}  ${hit.snippet}`);
}
