import type { FromFacade, MessagePortLike, ToFacade } from './facade-protocol.js';
import { runFacadeProcess } from './facade-process.js';

/*
 * The entry of the facade's process (out/main/facade.js). In the app, Electron's utilityProcess
 * runs it and `process.parentPort` is main; under Node (the tests, `npm run bench:shell`),
 * `child_process.fork` runs the same file and Node's IPC channel is main.
 */

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  off(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function mainPort(): MessagePortLike<ToFacade, FromFacade> {
  const electronPort = (process as { parentPort?: ParentPort }).parentPort;
  if (electronPort)
    return {
      post: (message) => electronPort.postMessage(message),
      onMessage(listener) {
        const onEvent = (event: { data: unknown }) => listener(event.data as ToFacade);
        electronPort.on('message', onEvent);
        return () => electronPort.off('message', onEvent);
      },
    };
  if (!process.send) throw new Error('the facade process runs under Electron or Node’s fork only');
  return {
    post: (message) => void process.send!(message),
    onMessage(listener) {
      const onMessage = (message: unknown) => listener(message as ToFacade);
      process.on('message', onMessage);
      return () => process.off('message', onMessage);
    },
  };
}

// Main gone (killed, crashed) leaves nothing to serve: Node's channel closes with it.
process.on('disconnect', () => process.exit(0));
runFacadeProcess(mainPort(), (code) => {
  // Let the last message (closed, failed) leave before the process does.
  setTimeout(() => process.exit(code), 50);
});
