import type * as Y from 'yjs';
import type { ConversationState, ConversationStatus, DraftMarker, LastReply } from './model.js';
import {
  decodeAssignee,
  decodeDraftMarker,
  decodeReply,
  decodeStatus,
  encodeAssignee,
  encodeReply,
  encodeStatus,
  latestReply,
  splitStateKey,
  STATE_FIELD,
  STATE_ROOT,
  stateKey,
} from './state-codec.js';
import { changedKeys } from './transaction-changes.js';

/** What the core document currently defines: tags and members outside these are not listed. */
export interface KnownIds {
  tags: ReadonlySet<string>;
  /** Active members: who follows and who is mentioned. */
  members: ReadonlySet<string>;
  /** Removed members too: whose replies are known (a reply stays sent when its author leaves). */
  allMembers: ReadonlySet<string>;
}

interface Collected {
  status?: unknown;
  assignee?: unknown;
  tags: string[];
  followers: string[];
  mentioned: string[];
  draft?: unknown;
  replies: Array<{ member: string; value: unknown }>;
}

function toState(conversationId: string, c: Collected, known: KnownIds): ConversationState {
  const { status, snoozedUntil } = decodeStatus(c.status);
  const assignee = decodeAssignee(c.assignee)?.assignee ?? null;
  return {
    conversationId,
    status,
    snoozedUntil,
    assignee,
    tags: c.tags.filter((t) => known.tags.has(t)).sort(),
    followers: c.followers.filter((m) => known.members.has(m)).sort(),
    mentioned: c.mentioned.filter((m) => known.members.has(m)).sort(),
    draft: decodeDraftMarker(c.draft),
    lastReply: latestReply(
      c.replies.flatMap(({ member, value }) => {
        const reply = known.allMembers.has(member) ? decodeReply(value) : undefined;
        return reply ? [{ member, ...reply }] : [];
      }),
    ),
  };
}

/**
 * One state document (`state-<i>-of-<n>`): typed access to the flat map described in
 * state-codec.ts. Writes are single map operations; the caller (Conversation) checks
 * permissions and logs the activity.
 */
export class StateShard {
  readonly map: Y.Map<unknown>;
  released = false;

  constructor(
    readonly doc: Y.Doc,
    readonly shard: number,
  ) {
    this.map = doc.getMap<unknown>(STATE_ROOT);
  }

  /** One conversation's state: a few direct lookups per defined tag and member, no scan. */
  state(conversationId: string, known: KnownIds): ConversationState {
    const c: Collected = {
      status: this.map.get(stateKey(conversationId, STATE_FIELD.status)),
      assignee: this.map.get(stateKey(conversationId, STATE_FIELD.assignee)),
      tags: [...known.tags].filter((t) =>
        this.map.has(stateKey(conversationId, STATE_FIELD.tag + t)),
      ),
      followers: [...known.members].filter((m) =>
        this.map.has(stateKey(conversationId, STATE_FIELD.follower + m)),
      ),
      mentioned: [...known.members].filter((m) =>
        this.map.has(stateKey(conversationId, STATE_FIELD.mention + m)),
      ),
      draft: this.map.get(stateKey(conversationId, STATE_FIELD.draft)),
      replies: [...known.allMembers].flatMap((member) => {
        const value = this.map.get(stateKey(conversationId, STATE_FIELD.reply + member));
        return value === undefined ? [] : [{ member, value }];
      }),
    };
    return toState(conversationId, c, known);
  }

  /** Every conversation of the shard that has any state stored, in one pass over the map. */
  snapshot(known: KnownIds): ConversationState[] {
    const all = new Map<string, Collected>();
    this.map.forEach((value, key) => {
      const split = splitStateKey(key);
      if (!split) return;
      let c = all.get(split.conversationId);
      if (!c)
        all.set(
          split.conversationId,
          (c = { tags: [], followers: [], mentioned: [], replies: [] }),
        );
      const { field } = split;
      if (field === STATE_FIELD.status) c.status = value;
      else if (field === STATE_FIELD.assignee) c.assignee = value;
      else if (field === STATE_FIELD.draft) c.draft = value;
      else if (field.startsWith(STATE_FIELD.tag)) c.tags.push(field.slice(STATE_FIELD.tag.length));
      else if (field.startsWith(STATE_FIELD.follower))
        c.followers.push(field.slice(STATE_FIELD.follower.length));
      else if (field.startsWith(STATE_FIELD.mention))
        c.mentioned.push(field.slice(STATE_FIELD.mention.length));
      else if (field.startsWith(STATE_FIELD.reply))
        c.replies.push({ member: field.slice(STATE_FIELD.reply.length), value });
    });
    return [...all].map(([id, c]) => toState(id, c, known));
  }

  status(conversationId: string): { status: ConversationStatus; snoozedUntil: number | null } {
    return decodeStatus(this.map.get(stateKey(conversationId, STATE_FIELD.status)));
  }

  /** The stored assignment: which entry set it, and to whom. */
  assignment(conversationId: string): { entryId: string; assignee: string | null } | undefined {
    return decodeAssignee(this.map.get(stateKey(conversationId, STATE_FIELD.assignee)));
  }

  setStatus(conversationId: string, status: ConversationStatus, snoozedUntil: number | null): void {
    this.map.set(stateKey(conversationId, STATE_FIELD.status), encodeStatus(status, snoozedUntil));
  }

  setAssignee(conversationId: string, entryId: string, assignee: string | null): void {
    this.map.set(stateKey(conversationId, STATE_FIELD.assignee), encodeAssignee(entryId, assignee));
  }

  hasTag(conversationId: string, tag: string): boolean {
    return this.map.has(stateKey(conversationId, STATE_FIELD.tag + tag));
  }

  setTag(conversationId: string, tag: string, on: boolean): void {
    this.setFlag(stateKey(conversationId, STATE_FIELD.tag + tag), on);
  }

  hasFollower(conversationId: string, member: string): boolean {
    return this.map.has(stateKey(conversationId, STATE_FIELD.follower + member));
  }

  setFollower(conversationId: string, member: string, on: boolean): void {
    this.setFlag(stateKey(conversationId, STATE_FIELD.follower + member), on);
  }

  hasMention(conversationId: string, member: string): boolean {
    return this.map.has(stateKey(conversationId, STATE_FIELD.mention + member));
  }

  setMention(conversationId: string, member: string, at: number | null): void {
    const key = stateKey(conversationId, STATE_FIELD.mention + member);
    if (at === null) this.map.delete(key);
    else this.map.set(key, at);
  }

  draftMarker(conversationId: string): DraftMarker | null {
    return decodeDraftMarker(this.map.get(stateKey(conversationId, STATE_FIELD.draft)));
  }

  setDraftMarker(conversationId: string, marker: DraftMarker | null): void {
    const key = stateKey(conversationId, STATE_FIELD.draft);
    if (marker === null) this.map.delete(key);
    else this.map.set(key, { editors: marker.editors, at: marker.at });
  }

  /** The member's latest reply from the conversation, if any (see state-codec.ts). */
  reply(conversationId: string, member: string): LastReply | undefined {
    const reply = decodeReply(this.map.get(stateKey(conversationId, STATE_FIELD.reply + member)));
    return reply && { member, ...reply };
  }

  /** Records the member's latest reply; the conversation's last reply is read from all of them. */
  setReply(conversationId: string, member: string, at: number, messageId: string | null): void {
    this.map.set(stateKey(conversationId, STATE_FIELD.reply + member), encodeReply(at, messageId));
  }

  /** The conversations a transaction of this document touched. */
  changedConversations(transaction: Y.Transaction): Set<string> {
    const ids = new Set<string>();
    for (const key of changedKeys(transaction, this.map)) {
      const split = key === null ? undefined : splitStateKey(key);
      if (split) ids.add(split.conversationId);
    }
    return ids;
  }

  /**
   * A flag key: set to add, deleted to remove. A removal deletes only the value its author saw,
   * so an add made concurrently (a new value) survives it: add wins.
   */
  private setFlag(key: string, on: boolean): void {
    if (on) this.map.set(key, true);
    else this.map.delete(key);
  }
}
