/**
 * Stock Hocuspocus (`@hocuspocus/server`, pinned), as its docs start it: no extensions, so no
 * persistence and no auth hook. Its own process, so the benchmark reads its RSS and CPU alone.
 * argv: HOST. Prints one JSON line {port} once listening; SIGTERM stops it.
 */
import { Server } from '@hocuspocus/server';

const host = process.argv[2] ?? '127.0.0.1';
// stopOnSignals off: its handler waits for every document to unload, we only need the process gone.
const server = new Server({ port: 0, address: host, quiet: true, stopOnSignals: false });
await server.listen();
process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`);
process.once('SIGTERM', () => process.exit(0));
