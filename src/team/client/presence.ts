import type { Awareness } from 'y-protocols/awareness';

/** Who a presence entry is: a workspace member. */
export interface PresenceMember {
  id: string;
  name: string;
  email: string;
}

export const ACTIVITY_KINDS = ['reply', 'note'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** What one teammate's app announces (the awareness state of the workspace's core document). */
export interface PresenceState {
  member: PresenceMember;
  /** The conversation on screen, if any. */
  viewing: string | null;
  /** Writing a reply or a note in a conversation, until `until` (ms since the epoch). */
  typing: { conversationId: string; kind: ActivityKind; until: number } | null;
}

export interface TeammatePresence extends PresenceState {
  /** Awareness client id: one per app instance (a teammate may have two windows). */
  clientId: number;
}

/**
 * A typing announcement lasts this long unless renewed by more typing: an app that crashes or
 * goes offline mid-reply stops claiming the conversation soon, without waiting for awareness's
 * own 30 s timeout.
 */
export const TYPING_TTL_MS = 10_000;

/**
 * Presence for collision detection: who is online, who is looking at which conversation, who is
 * writing a reply or a note. Carried by Yjs awareness (y-protocols), which is never stored and
 * vanishes when an app disconnects or stops renewing it.
 */
export class Presence {
  private state: PresenceState;

  constructor(
    private readonly awareness: Awareness,
    member: PresenceMember,
    private readonly now: () => number = Date.now,
  ) {
    this.state = { member, viewing: null, typing: null };
    this.publish();
  }

  view(conversationId: string | null): void {
    this.state = { ...this.state, viewing: conversationId };
    this.publish();
  }

  /** Call on each keystroke (cheap when nothing changes but the deadline). */
  typing(conversationId: string, kind: ActivityKind): void {
    this.state = {
      ...this.state,
      typing: { conversationId, kind, until: this.now() + TYPING_TTL_MS },
    };
    this.publish();
  }

  /** No longer writing (`conversationId`: there; writing elsewhere since goes on). */
  stopTyping(conversationId?: string): void {
    if (!this.state.typing) return;
    if (conversationId !== undefined && this.state.typing.conversationId !== conversationId) return;
    this.state = { ...this.state, typing: null };
    this.publish();
  }

  /** Everyone else online now (other app instances, including this member's other ones). */
  others(): TeammatePresence[] {
    return othersIn(this.awareness, this.now());
  }

  /** Teammates with the conversation on screen. */
  viewers(conversationId: string): PresenceMember[] {
    return unique(this.others().filter((other) => other.viewing === conversationId));
  }

  /**
   * Teammates writing in the conversation: "Ana is replying". The sending code checks this
   * before a reply goes out (collision detection).
   */
  writers(conversationId: string, kind?: ActivityKind): PresenceMember[] {
    return unique(
      this.others().filter(
        (other) =>
          other.typing?.conversationId === conversationId && (!kind || other.typing.kind === kind),
      ),
    );
  }

  /** Calls back on any presence change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    const handler = (): void => listener();
    this.awareness.on('change', handler);
    return () => this.awareness.off('change', handler);
  }

  /** Announces leaving (also happens on its own when the connection closes). */
  leave(): void {
    this.awareness.setLocalState(null);
  }

  private publish(): void {
    this.awareness.setLocalState({ ...this.state });
  }
}

/**
 * Everyone else online in this awareness (a document's connection) at `now`: what an app shows
 * whether or not it announced itself yet.
 */
export function othersIn(awareness: Awareness, now: number): TeammatePresence[] {
  const result: TeammatePresence[] = [];
  for (const [clientId, raw] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const state = readState(raw);
    if (!state) continue;
    const typing = state.typing && state.typing.until > now ? state.typing : null;
    result.push({ ...state, typing, clientId });
  }
  return result;
}

/** Awareness states come from other apps: read them defensively. */
function readState(raw: unknown): PresenceState | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const state = raw as Partial<PresenceState>;
  const member = state.member;
  if (!member || typeof member.id !== 'string' || typeof member.email !== 'string')
    return undefined;
  const typing =
    state.typing &&
    typeof state.typing.conversationId === 'string' &&
    (ACTIVITY_KINDS as readonly string[]).includes(state.typing.kind) &&
    typeof state.typing.until === 'number'
      ? state.typing
      : null;
  return {
    member: {
      id: member.id,
      name: typeof member.name === 'string' ? member.name : member.email,
      email: member.email,
    },
    viewing: typeof state.viewing === 'string' ? state.viewing : null,
    typing,
  };
}

function unique(entries: TeammatePresence[]): PresenceMember[] {
  const byId = new Map<string, PresenceMember>();
  for (const entry of entries) byId.set(entry.member.id, entry.member);
  return [...byId.values()];
}
