import { isIPv6, type Socket } from 'node:net';

/**
 * Counts, per remote address, the sockets that have not completed their WebSocket upgrade
 * (connected and silent, in the TLS handshake, sending their request head, or plain HTTP), so
 * that one address cannot hold thousands of them (slowloris) before anyone is authenticated.
 * A socket counts from its TCP connection until it upgrades or closes.
 */
export class PendingSockets {
  private readonly perAddress = new Map<string, number>();
  /** Each counted socket and its address's key, by `remoteAddress:remotePort`. */
  private readonly counted = new Map<string, { socket: Socket; address: string }>();

  constructor(private readonly maxPerAddress: number) {}

  /**
   * A new TCP connection: counted, or false when its address already holds the maximum (the
   * caller refuses it; it is not counted).
   */
  admit(socket: Socket): boolean {
    const address = addressKey(socket.remoteAddress);
    const held = this.perAddress.get(address) ?? 0;
    if (held >= this.maxPerAddress) return false;
    const connection = connectionKey(socket);
    this.perAddress.set(address, held + 1);
    this.counted.set(connection, { socket, address });
    socket.once('close', () => this.settle(connection));
    return true;
  }

  /**
   * The socket upgraded: it no longer counts. Given the socket the request came on, which over
   * TLS wraps the TCP socket `admit` saw: the two share their remote address and port.
   */
  upgraded(socket: Pick<Socket, 'remoteAddress' | 'remotePort'>): void {
    this.settle(connectionKey(socket));
  }

  /**
   * Destroys every socket still counted (the server is closing): the http server's
   * `closeAllConnections` does not know those still in their TLS handshake.
   */
  destroyAll(): void {
    for (const { socket } of this.counted.values()) socket.destroy();
  }

  private settle(connection: string): void {
    const { address } = this.counted.get(connection) ?? {};
    if (address === undefined) return;
    this.counted.delete(connection);
    const held = (this.perAddress.get(address) ?? 1) - 1;
    if (held > 0) this.perAddress.set(address, held);
    else this.perAddress.delete(address);
  }
}

/**
 * Whose socket it is: an IPv4 address (also when IPv4-mapped), or an IPv6 /64, the block a single
 * host or home gets (RFC 6177), which it can spread its sockets across.
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined) return '?';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const groups = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group]));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const full = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${full
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

const connectionKey = (socket: Pick<Socket, 'remoteAddress' | 'remotePort'>) =>
  `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
