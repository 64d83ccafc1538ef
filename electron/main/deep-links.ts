import { looksLikeAppLink, type Dispatcher, type Logger } from '../../src/app/index.js';

/**
 * The app links among a launch's arguments (a second instance's `argv`, as Electron hands it to
 * the first through `second-instance`, or this launch's own): on Windows and Linux the OS passes
 * a clicked link as an argument. Flags (`--…`) and the executable's own path are never links.
 */
export function appLinksIn(argv: readonly string[]): string[] {
  return argv
    .filter((arg) => !arg.startsWith('-') && looksLikeAppLink(arg))
    .map((arg) => arg.trim());
}

/**
 * Hands links to the app (`links.open`), where they wait for the window to take them: the app
 * parses them (a `mailto:`'s fields, a conversation that exists here) and refuses the rest in
 * one line, which goes to the log (the user clicked it elsewhere; there is nothing to answer).
 * Resolves once each is handed over or refused.
 */
export async function handOffLinks(
  links: readonly string[],
  dispatcher: Pick<Dispatcher, 'handle'>,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  for (const url of links) {
    const response = await dispatcher.handle({ method: 'links.open', params: { url } });
    if (!response.ok) logger.warn(`a link was not opened: ${response.error.message}`);
  }
}

/** Where the OS's links go: held until the app is open, then handed over in order. */
export interface LinkDoor {
  /** Links from a launch's arguments or macOS's `open-url`; resolves once they are handed over. */
  receive(links: readonly string[]): Promise<void>;
  /** The app is open: the links held so far go, and every later one at once. */
  open(dispatcher: Pick<Dispatcher, 'handle'>): Promise<void>;
}

/**
 * The links' way in, from the first moment: macOS sends the link that launched the app
 * (`open-url`) before the app is ready, and a second launch may hand its arguments over while
 * the first is still opening its cache. Held links are never dropped, and go in the order given.
 */
export function linkDoor(logger: Pick<Logger, 'warn'>): LinkDoor {
  let dispatcher: Pick<Dispatcher, 'handle'> | undefined;
  let held: string[] = [];
  let handing = Promise.resolve();
  const receive = (links: readonly string[]) => {
    if (!dispatcher) {
      held = [...held, ...links];
      return Promise.resolve();
    }
    const to = dispatcher;
    handing = handing.then(() => handOffLinks(links, to, logger));
    return handing;
  };
  return {
    receive,
    open(opened) {
      dispatcher = opened;
      const waiting = held;
      held = [];
      return receive(waiting);
    },
  };
}
