import { isWorkspaceId } from '../../team/workspace/identifiers.js';

/*
 * Room addressing. The y-websocket client connects to `<serverUrl>/<roomname>?<params>`, the room
 * name appended as is (not percent-encoded), so a workspace's rooms are `<workspaceId>` (its main
 * document) and `<workspaceId>/<name>`. Names are restricted to characters that need no encoding
 * and cannot be rewritten on the way (dot-only names like `..` would be normalised away by URL
 * parsers and proxies, so they are refused).
 */

const ROOM_NAME = /^[A-Za-z0-9._-]{1,128}$/;

export interface RoomAddress {
  workspaceId: string;
  /** The key of the room's document: `<workspaceId>` or `<workspaceId>/<name>`. */
  room: string;
}

/** The room a request path names, or undefined when the path is not a room's. */
export function parseRoomPath(pathname: string): RoomAddress | undefined {
  const segments = pathname.split('/');
  if (segments[0] !== '' || segments.length < 2 || segments.length > 3) return undefined;
  const [, workspaceId = '', name] = segments;
  if (!isWorkspaceId(workspaceId)) return undefined;
  if (name === undefined) return { workspaceId, room: workspaceId };
  if (!ROOM_NAME.test(name) || /^\.+$/.test(name)) return undefined;
  return { workspaceId, room: `${workspaceId}/${name}` };
}
