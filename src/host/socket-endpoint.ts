import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Dispatcher } from '../app/index.js';
import { SocketConnection, type SocketLimits } from './socket-connection.js';
import { CLOSE_CODES, WIRE_PROTOCOL, type EventFrame } from './wire-protocol.js';

/**
 * The host's one WebSocket endpoint: the pages' connections (each allowed in by the HTTP side
 * first), the app's events pushed to each of them, pings for the dead ones.
 */
export class SocketEndpoint {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<SocketConnection>();
  private readonly unsubscribe: () => void;
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly limits: SocketLimits,
    private readonly log: (line: string) => void,
  ) {
    // No compression: inflating a hostile frame costs memory and time before any check.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.maxFrameBytes,
      perMessageDeflate: false,
      handleProtocols: () => WIRE_PROTOCOL,
    });
    // Serialized once, sent to every page.
    this.unsubscribe = dispatcher.subscribe((event) => {
      const text = JSON.stringify({ event } satisfies EventFrame);
      for (const connection of this.connections) connection.send(text);
    });
    // One timer for every connection. Browsers answer pings by themselves: a page that does not
    // is gone (a laptop closed, a network dropped) and is cut off without a closing handshake.
    this.pinger = setInterval(() => {
      for (const connection of this.connections) {
        if (connection.alive) connection.ping();
        else {
          this.connections.delete(connection);
          connection.terminate();
        }
      }
    }, limits.pingIntervalMs);
    this.pinger.unref();
  }

  /** Makes the WebSocket of an upgrade the HTTP side has allowed. */
  accept(request: IncomingMessage, socket: Duplex, head: Buffer, label: string): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new SocketConnection(ws, this.dispatcher, this.limits, label, this.log);
      this.connections.add(connection);
      ws.on('close', () => this.connections.delete(connection));
    });
  }

  /** Closes every page's connection as going away; cuts off those that do not finish closing. */
  async close(): Promise<void> {
    this.unsubscribe();
    clearInterval(this.pinger);
    for (const connection of this.connections)
      connection.close(CLOSE_CODES.GOING_AWAY, 'Switchboard is shutting down');
    const deadline = Date.now() + 2000;
    while (this.connections.size > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    for (const connection of this.connections) connection.terminate();
    this.connections.clear();
  }
}
