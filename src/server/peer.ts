/**
 * The hub's view of one client connection, whatever carries it (the ws transport, or a fake in
 * tests). Messages are whole y-websocket frames.
 */
export interface Peer {
  send(message: Uint8Array): void;
  /** Closes the connection with a code of close-codes.ts; the transport then reports it gone. */
  close(code: number, reason: string): void;
  /** Names the connection in log lines (e.g. its remote address). */
  readonly label: string;
}
