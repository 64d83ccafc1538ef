import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxyOptions {
  /**
   * Sever the first connection once exactly this many bytes went server→client (the client still
   * receives those bytes, then sees the connection close). Later connections pass through.
   */
  cutAfterServerBytes?: number;
}

export interface TcpProxy {
  port: number;
  /** Severs every live connection at once with a TCP reset, like a network drop mid-sync. */
  cutAll(): void;
  /** Severs everything and stops listening. */
  stop(): Promise<void>;
  /** Bytes forwarded server→client so far, over all connections. */
  serverBytes(): number;
}

/** Loopback proxy in front of 127.0.0.1:targetPort; point the client under test at `port`. */
export async function startTcpProxy(
  targetPort: number,
  options: TcpProxyOptions = {},
): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let total = 0;
  let connections = 0;

  const sever = (client: Socket, upstream: Socket): void => {
    // A reset (not a FIN) reaches the client as ECONNRESET, as a dropped link or killed server does.
    if (!client.destroyed) client.resetAndDestroy();
    if (!upstream.destroyed) upstream.destroy();
  };

  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    const pair = { client, upstream };
    pairs.add(pair);
    let budget = connections++ === 0 ? options.cutAfterServerBytes : undefined;
    let draining = false;

    upstream.on('data', (chunk: Buffer) => {
      if (draining) return;
      if (budget === undefined) {
        total += chunk.length;
        client.write(chunk);
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
      if (!upstream.destroyed) upstream.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    const close = (): void => {
      pairs.delete(pair);
      if (!client.destroyed && !draining) client.destroy();
      if (!upstream.destroyed) upstream.destroy();
    };
    // Errors on either side just end the pair; the test looks at what the client saw.
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
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
  };

  return {
    port: address.port,
    cutAll,
    serverBytes: () => total,
    stop: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}
