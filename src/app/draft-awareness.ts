import type { Awareness } from 'y-protocols/awareness';
import type { AppEvents } from './app-events.js';
import type { DraftCaret, DraftCaretPosition, RelativePositionJson } from './contract/outputs.js';

/*
 * Teammates' carets in a shared draft: Yjs awareness (y-protocols) of the draft's own room, the
 * link the draft already syncs over (src/team/client/room-link.ts), which the sync server relays
 * to everyone with the draft open, as it relays the workspace's presence in the core room. The
 * draft's room rather than the core's: a caret is a position in the draft's document (Yjs
 * relative positions, valid in every replica), and only those with the draft open need it.
 * Like presence, never stored: it vanishes with the connection, or 30 s after its app stops
 * renewing it (y-protocols' own timeout).
 */

/** Who a caret is, as the workspace names its members. */
export interface CaretMember {
  id: string;
  name: string;
  email: string;
}

/** What an app announces in a draft's awareness. */
interface CaretState {
  member: CaretMember;
  caret: DraftCaretPosition | null;
}

/** Announces this app's caret (null: none, the editor not focused or closed). */
export function announceCaret(
  awareness: Awareness,
  member: CaretMember,
  caret: DraftCaretPosition | null,
): void {
  const state: CaretState = { member, caret };
  awareness.setLocalState(state);
}

/** Withdraws this app's caret from the draft (the composer closed). */
export function withdrawCaret(awareness: Awareness): void {
  if (awareness.getLocalState() !== null) awareness.setLocalState(null);
}

/** The carets of everyone else with the draft open (teammates, and this member's other apps). */
export function caretsIn(awareness: Awareness): DraftCaret[] {
  const carets: DraftCaret[] = [];
  for (const [clientId, raw] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const state = readState(raw);
    if (state?.caret) carets.push({ clientId, member: state.member, ...state.caret });
  }
  return carets.sort((a, b) => a.clientId - b.clientId);
}

/**
 * Tells `draft.awareness` for the draft whenever the carets in it change (a renewal that
 * changes nothing is not told). Returns the unsubscribe.
 */
export function watchCarets(
  awareness: Awareness,
  conversationId: string,
  events: AppEvents,
): () => void {
  let told = JSON.stringify(caretsIn(awareness));
  const onChange = (): void => {
    const carets = caretsIn(awareness);
    const picture = JSON.stringify(carets);
    if (picture === told) return;
    told = picture;
    events.emit({ type: 'draft.awareness', conversationId, carets });
  };
  awareness.on('change', onChange);
  return () => awareness.off('change', onChange);
}

/** Awareness states come from other apps: read them defensively. */
function readState(raw: unknown): CaretState | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const { member, caret } = raw as Partial<Record<keyof CaretState, unknown>>;
  if (!member || typeof member !== 'object') return undefined;
  const { id, name, email } = member as Partial<Record<keyof CaretMember, unknown>>;
  if (typeof id !== 'string' || typeof email !== 'string') return undefined;
  const position = caret && typeof caret === 'object' ? (caret as Record<string, unknown>) : {};
  const anchor = readPosition(position['anchor']);
  const head = readPosition(position['head']);
  return {
    member: { id, name: typeof name === 'string' ? name : email, email },
    caret: anchor && head ? { anchor, head } : null,
  };
}

/** A Yjs relative position as Y.relativePositionToJSON writes it. */
function readPosition(raw: unknown): RelativePositionJson | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const { type, tname, item, assoc } = raw as Record<string, unknown>;
  const position: RelativePositionJson = {};
  if (type !== undefined && type !== null) {
    const id = readId(type);
    if (!id) return undefined;
    position.type = id;
  }
  if (tname !== undefined && tname !== null) {
    if (typeof tname !== 'string') return undefined;
    position.tname = tname;
  }
  if (item !== undefined && item !== null) {
    const id = readId(item);
    if (!id) return undefined;
    position.item = id;
  }
  if (typeof assoc === 'number' && Number.isInteger(assoc)) position.assoc = assoc;
  return position;
}

function readId(raw: unknown): { client: number; clock: number } | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const { client, clock } = raw as Record<string, unknown>;
  return Number.isInteger(client) && Number.isInteger(clock)
    ? { client: client as number, clock: clock as number }
    : undefined;
}
