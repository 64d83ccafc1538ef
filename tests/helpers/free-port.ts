import { createServer } from 'node:net';

/**
 * Asks the kernel for an unused loopback port. The port is released before it is returned, so
 * another process can grab it in between: callers that bind it later should retry on EADDRINUSE.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('freePort: listening socket has no TCP address'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
