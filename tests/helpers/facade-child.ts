import { fork, type ChildProcess } from 'node:child_process';
import type { FromFacade } from '../../electron/facade/facade-protocol.js';
import type { FacadeChild } from '../../electron/main/facade-supervisor.js';

/**
 * The facade's process (the built out/main/facade.js) forked by Node, as the supervisor's child:
 * what electron/main/index.ts makes of Electron's utilityProcess, which is such a Node process
 * exchanging structured clones (`serialization: 'advanced'`). `started` is given each process.
 */
export function forkFacade(
  entry: string,
  stdio: 'ignore' | 'inherit',
  started: (child: ChildProcess) => void = () => {},
): FacadeChild {
  const child = fork(entry, [], { serialization: 'advanced', stdio });
  started(child);
  return {
    post: (message) => void child.send(message),
    onMessage(listener) {
      const onMessage = (message: unknown) => listener(message as FromFacade);
      child.on('message', onMessage);
      return () => child.off('message', onMessage);
    },
    onExit: (listener) => child.once('exit', (code) => listener(code ?? -1)),
    kill: () => void child.kill('SIGKILL'),
  };
}
