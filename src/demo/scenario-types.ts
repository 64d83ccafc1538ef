import type { DemoMailbox } from './demo-people.js';

/*
 * What a demo conversation is made from: a scenario is a story a customer and the team go
 * through, told in turns. Texts are bodies only (greetings and sign-offs are added per message,
 * demo-mail.ts) with `{placeholders}` filled per conversation (demo-plan.ts): `{first}`,
 * `{name}`, `{company}`, `{agent}` (the teammate answering) and the details of DETAIL_NAMES.
 * Each text is a list of variants, one picked per conversation.
 */

/** Files a message may carry (demo-files.ts makes them). */
export const DEMO_FILE_KINDS = ['screenshot', 'invoice', 'csv', 'log', 'dpa', 'form'] as const;
export type DemoFileKind = (typeof DEMO_FILE_KINDS)[number];

export interface Turn {
  from: 'customer' | 'team';
  text: readonly string[];
  attachment?: DemoFileKind;
  /** The matter is settled once this turn is sent (a thank-you, a final answer): closed. */
  settles?: boolean;
}

/**
 * An internal note a teammate may leave after turn `after` (0: after the first message).
 * `by`: the teammate answering (`handler`) or another (`other`); `{@handler}`, `{@other}` and
 * `{@maya}` in its text mention them (as `@email`).
 */
export interface NoteIdea {
  after: number;
  by: 'handler' | 'other';
  text: readonly string[];
}

export interface Scenario {
  id: string;
  mailbox: DemoMailbox;
  /** How often it comes up against the other scenarios of its mailbox. */
  weight: number;
  subject: readonly string[];
  /** Tag names (demo-team.ts defines them with their colours). */
  tags: readonly string[];
  turns: readonly Turn[];
  notes?: readonly NoteIdea[];
}
