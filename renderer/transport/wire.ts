import type { AppEvent, WireError } from '../../src/app/index.js';

/*
 * The page's side of the browser host's wire protocol (the host's side: src/host/wire-protocol.ts,
 * which the page cannot import: src/ is not bundled). JSON text frames over one WebSocket:
 *
 *   page → host   {"id": 7, "method": "mail.search", "params": {...}}
 *   host → page   {"id": 7, "ok": true, "result": ...} | {"id": 7, "ok": false, "error": {...}}
 *                 {"event": {"type": "conversations.changed", ...}}
 *
 * The version is the WebSocket subprotocol: a host that does not speak it refuses the page.
 */

export const WIRE_PROTOCOL = 'switchboard.v1';

/** The host's WebSocket endpoint, on the page's own origin. */
export const SOCKET_PATH = '/ws';

export type AnswerFrame =
  | { id: number | null; ok: true; result: unknown }
  | { id: number | null; ok: false; error: WireError };

export interface EventFrame {
  event: AppEvent;
}

/** The WebSocket URL of the host that served a page at `location`. */
export function socketUrlOf(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SOCKET_PATH}`;
}

/**
 * A frame from the host, told apart by its shape, or undefined for one that is neither (the
 * host is trusted to send what the contract says; this only keeps a stray frame from breaking
 * the page).
 */
export function readHostFrame(data: unknown): AnswerFrame | EventFrame | undefined {
  if (typeof data !== 'string') return undefined;
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof frame !== 'object' || frame === null) return undefined;
  if ('event' in frame) {
    const { event } = frame;
    return typeof event === 'object' && event !== null && 'type' in event
      ? (frame as EventFrame)
      : undefined;
  }
  return 'id' in frame && 'ok' in frame ? (frame as AnswerFrame) : undefined;
}
