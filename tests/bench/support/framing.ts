import * as encoding from 'lib0/encoding';

/*
 * How each server frames the y-websocket messages (https://github.com/yjs/y-protocols,
 * PROTOCOL.md: a varuint message type, then its payload).
 *   - The stock y-websocket server and ours: one message per binary frame, as is; the room is
 *     the URL's path (ours: /<workspaceId>/<room>?token=…).
 *   - Hocuspocus (packages/server/src/OutgoingMessage.ts, IncomingMessage.ts): every frame starts
 *     with the document's name (a varstring), then the same message type and payload; it adds
 *     types of its own (2 auth, 4 sync reply, 8 sync status), and only accepts a document's
 *     messages after an auth message (types in packages/common/src/auth.ts), even when the
 *     server has no onAuthenticate hook.
 */

export const MESSAGE = { sync: 0, awareness: 1, auth: 2, syncReply: 4 } as const;
export const SYNC = { step1: 0, step2: 1, update: 2 } as const;

export interface Framing {
  /** Names the server in tables and errors. */
  readonly server: string;
  /** The WebSocket URL a client of `room` connects to. */
  url(room: string): string;
  /** Frames a client sends right after the socket opens, before its sync step 1. */
  hello(room: string): Uint8Array[];
  /** A y-websocket message framed for this server. */
  wrap(room: string, message: Uint8Array): Uint8Array;
  /** Bytes before the y-websocket message type in every frame the server sends for `room`. */
  prefixLength(room: string): number;
}

/** The stock y-websocket server: ws://HOST:PORT/<room>. */
export function yWebsocketFraming(baseUrl: string, server = 'y-websocket'): Framing {
  return {
    server,
    url: (room) => `${baseUrl}/${room}`,
    hello: () => [],
    wrap: (_room, message) => message,
    prefixLength: () => 0,
  };
}

/** Ours: the y-websocket framing, rooms inside a workspace, a member's token in the query. */
export function switchboardFraming(baseUrl: string, workspaceId: string, token: string): Framing {
  return {
    ...yWebsocketFraming(baseUrl, 'switchboard'),
    url: (room) => `${baseUrl}/${workspaceId}/${room}?token=${encodeURIComponent(token)}`,
  };
}

/** Hocuspocus: the document name before every message, an auth message first. */
export function hocuspocusFraming(baseUrl: string): Framing {
  const prefixes = new Map<string, Uint8Array>();
  const prefixOf = (room: string): Uint8Array => {
    let prefix = prefixes.get(room);
    if (!prefix) {
      const encoder = encoding.createEncoder();
      encoding.writeVarString(encoder, room);
      prefix = encoding.toUint8Array(encoder);
      prefixes.set(room, prefix);
    }
    return prefix;
  };
  const wrap = (room: string, message: Uint8Array): Uint8Array => {
    const prefix = prefixOf(room);
    const framed = new Uint8Array(prefix.length + message.length);
    framed.set(prefix, 0);
    framed.set(message, prefix.length);
    return framed;
  };
  return {
    server: 'hocuspocus',
    // The provider connects to the bare URL and names documents inside the messages.
    url: () => baseUrl,
    hello(room) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE.auth);
      encoding.writeVarUint(encoder, 0); // AuthMessageType.Token
      encoding.writeVarString(encoder, 'bench');
      return [wrap(room, encoding.toUint8Array(encoder))];
    },
    wrap,
    prefixLength: (room) => prefixOf(room).length,
  };
}
