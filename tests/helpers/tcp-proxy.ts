import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxyOptions {
  /**
   * Sever the first connection once exactly this many bytes went server→client (the client still
   * receives those bytes, then sees the connection close). Later connections pass through.
   */
  cutAfterServerBytes?: number;
  /**
   * Freeze, like a server that hangs (SIGSTOP, a dead disk): once this many bytes went
   * server→client on connection `onConnection` (0 = the first accepted; all of them when not
   * given), nothing more is forwarded either way on any connection, and later connections are
   * accepted but never answered. Sockets stay open: no FIN, no reset, just silence.
   */
  freeze?: { afterServerBytes: number; onConnection?: number };
  /** Slows server→client down to about this many bytes per second (a slow link or server). */
  serverBytesPerSecond?: number;
  /**
   * Holds each server→client chunk of connection `connection` (0 = the first accepted) and
   * every later one for `ms` before passing it on: one slow connection among fast ones.
   */
  lag?: { fromConnection: number; ms: number };
}

export interface TcpProxy {
  port: number;
  /** Severs every live connection at once with a TCP reset, like a network drop mid-sync. */
  cutAll(): void;
  /** Freezes now (see TcpProxyOptions.freeze). */
  freeze(): void;
  /** When the proxy froze (Date.now()), if it did. */
  frozenAt(): number | undefined;
  /** Severs everything and stops listening. */
  stop(): Promise<void>;
  /** Bytes forwarded server→client so far, over all connections. */
  serverBytes(): number;
  /** Everything the clients sent so far, over all connections, as latin1 text. */
  clientText(): string;
}

/** Loopback proxy in front of 127.0.0.1:targetPort; point the client under test at `port`. */
export async function startTcpProxy(
  targetPort: number,
  options: TcpProxyOptions = {},
): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  const silent = new Set<Socket>();
  let total = 0;
  let connections = 0;
  let frozenAt: number | undefined;
  let sent = '';

  const sever = (client: Socket, upstream: Socket): void => {
    // A reset (not a FIN) reaches the client as ECONNRESET, as a dropped link or killed server does.
    if (!client.destroyed) client.resetAndDestroy();
    if (!upstream.destroyed) upstream.destroy();
  };

  const freeze = (): void => {
    if (frozenAt !== undefined) return;
    frozenAt = Date.now();
    // Nothing is read any more: the kernel buffers fill and both ends just wait.
    for (const { client, upstream } of pairs) {
      client.pause();
      upstream.pause();
    }
  };

  /** Writes server bytes to the client, paced to `serverBytesPerSecond` or `lag` when set. */
  const pace = (upstream: Socket, client: Socket, chunk: Buffer, lagged: boolean): void => {
    if (lagged) {
      // Paused meanwhile, so that chunks keep their order.
      upstream.pause();
      setTimeout(() => {
        if (frozenAt !== undefined || client.destroyed) return;
        client.write(chunk);
        upstream.resume();
      }, options.lag!.ms);
      return;
    }
    client.write(chunk);
    const rate = options.serverBytesPerSecond;
    if (!rate) return;
    upstream.pause();
    setTimeout(
      () => {
        if (frozenAt === undefined) upstream.resume();
      },
      Math.ceil((chunk.length / rate) * 1000),
    );
  };

  const server = createServer((client) => {
    const index = connections++;
    if (frozenAt !== undefined) {
      // A hung server's kernel still completes the handshake; nothing ever answers.
      silent.add(client);
      client.pause();
      client.on('error', () => undefined);
      client.on('close', () => silent.delete(client));
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    const pair = { client, upstream };
    pairs.add(pair);
    let budget = index === 0 ? options.cutAfterServerBytes : undefined;
    let draining = false;
    let connectionBytes = 0;
    const lagged = options.lag !== undefined && index >= options.lag.fromConnection;
    const freezeAt = options.freeze;
    const countsForFreeze =
      freezeAt !== undefined &&
      (freezeAt.onConnection === undefined || freezeAt.onConnection === index);

    upstream.on('data', (chunk: Buffer) => {
      if (draining || frozenAt !== undefined) return;
      if (countsForFreeze) {
        const counted = freezeAt.onConnection === undefined ? total : connectionBytes;
        const left = freezeAt.afterServerBytes - counted;
        if (left <= chunk.length) {
          const part = chunk.subarray(0, Math.max(0, left));
          total += part.length;
          connectionBytes += part.length;
          client.write(part);
          freeze();
          return;
        }
      }
      connectionBytes += chunk.length;
      if (budget === undefined) {
        total += chunk.length;
        pace(upstream, client, chunk, lagged);
        return;
      }
      const part = chunk.subarray(0, budget);
      budget -= part.length;
      total += part.length;
      if (budget > 0) {
        client.write(part);
        return;
      }
      // Deliver exactly the allowed bytes, then close: a FIN after flushing, so the cut point is
      // deterministic (a reset could discard bytes still in flight).
      draining = true;
      upstream.destroy();
      client.end(part, () => client.destroy());
    });
    client.on('data', (chunk: Buffer) => {
      if (frozenAt !== undefined) return;
      if (sent.length < 1_000_000) sent += chunk.toString('latin1');
      if (!upstream.destroyed) upstream.write(chunk);
    });
    client.on('end', () => {
      if (frozenAt === undefined) upstream.end();
    });
    upstream.on('end', () => {
      if (frozenAt === undefined) client.end();
    });
    const close = (): void => {
      pairs.delete(pair);
      if (!client.destroyed && !draining) client.destroy();
      if (!upstream.destroyed) upstream.destroy();
    };
    // Errors on either side just end the pair; the test looks at what the client saw.
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', () => {
      // A frozen server does not close anything the client can see.
      if (frozenAt === undefined) close();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('tcp proxy has no port');

  const cutAll = (): void => {
    for (const { client, upstream } of pairs) sever(client, upstream);
    pairs.clear();
    for (const client of silent) client.destroy();
    silent.clear();
  };

  return {
    port: address.port,
    cutAll,
    freeze,
    frozenAt: () => frozenAt,
    serverBytes: () => total,
    clientText: () => sent,
    stop: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}
