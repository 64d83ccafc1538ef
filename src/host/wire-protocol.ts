import { z } from 'zod';
import type { AppEvent, CallResponse, WireError } from '../app/index.js';

/*
 * The browser host's wire protocol: the app's contract over one WebSocket, in JSON text frames.
 *
 *   page → host   {"id": 7, "method": "mail.search", "params": {...}}
 *   host → page   {"id": 7, "ok": true, "result": ...}
 *                 {"id": 7, "ok": false, "error": {"code", "message", "field"?}}
 *                 {"event": {"type": "conversations.changed", ...}}
 *
 * Answers carry their call's id and may come in any order. A frame that is no call is answered
 * with its id when one can be read (else `"id": null`) and the connection stays. The version is
 * the WebSocket subprotocol (RFC 6455 §1.9): a page that does not offer it gets no connection, so
 * a page built for another version fails at once instead of misreading frames.
 * renderer/transport/ is the page's side (it cannot import this file: src/ is not bundled).
 */

export const WIRE_PROTOCOL = 'switchboard.v1';

/** The one WebSocket endpoint; every other path is the renderer's. */
export const SOCKET_PATH = '/ws';

/** Close codes the host sends (RFC 6455 §7.4: 4000–4999 are the application's). */
export const CLOSE_CODES = {
  /** The host is shutting down. */
  GOING_AWAY: 1001,
  /** A binary frame: the protocol is text. */
  UNSUPPORTED_DATA: 1003,
  /** A frame over the size limit (sent by ws itself, as it reads the frame). */
  TOO_BIG: 1009,
  /** The page read too slowly: more than the bound was waiting for it. Reconnect and reload. */
  TOO_SLOW: 4008,
} as const;

const callFrame = z.strictObject({
  /** The page's number for the call, echoed in its answer. */
  id: z.int().min(0),
  method: z.string().min(1).max(200),
  params: z.unknown().optional(),
});

export type CallFrame = z.infer<typeof callFrame>;
export type AnswerFrame = { id: number | null } & CallResponse;
export interface EventFrame {
  event: AppEvent;
}

/** A received text frame: a call to run, or the refusal to send back. */
export function readCall(text: string): { call: CallFrame } | { refusal: AnswerFrame } {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return refusal(null, {
      code: 'invalid',
      message: 'a frame is one call in JSON: {id, method, params}',
    });
  }
  const parsed = callFrame.safeParse(frame);
  if (parsed.success) return { call: parsed.data };
  const id = (frame as { id?: unknown } | null)?.id;
  const readableId = typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
  const issue = parsed.error.issues[0]!;
  const field =
    issue.code === 'unrecognized_keys' ? (issue.keys[0] ?? '') : issue.path.map(String).join('.');
  return refusal(readableId, {
    code: 'invalid',
    message:
      issue.code === 'unrecognized_keys'
        ? `${field} is not part of a call: {id, method, params}`
        : `${field || 'the frame'}: ${issue.message}`,
    ...(field ? { field } : {}),
  });
}

const refusal = (id: number | null, error: WireError) => ({
  refusal: { id, ok: false as const, error },
});
