import { requireConversation } from '../conversation-id.js';
import type { AppContext } from '../app-context.js';
import { parseAppLink } from '../app-links.js';
import type { MethodInput } from '../contract/inputs.js';
import type { LinkRequest } from '../contract/outputs.js';

/** How many links wait for a window at most; a flood of clicks keeps the newest. */
const MAX_WAITING = 20;

/**
 * Links handed to the app from outside (a `mailto:` clicked in a browser, a
 * `switchboard://conversation/…` in a chat), held until a window takes them. The desktop shell
 * opens them as the OS hands them over, which can be before any window listens (the link that
 * launched the app): so they wait here, a `links.waiting` event tells a window there are some,
 * and the window takes them (`links.take`) when it starts and on each event. Each is taken once.
 */
export class LinkService {
  private waiting: LinkRequest[] = [];

  constructor(private readonly app: AppContext) {}

  open(input: MethodInput<'links.open'>): LinkRequest {
    const request = parseAppLink(input.url);
    const link =
      request.kind === 'conversation'
        ? {
            ...request,
            conversationId: requireConversation(this.app.db(), request.conversationId, 'url'),
          }
        : request;
    this.waiting = [...this.waiting, link].slice(-MAX_WAITING);
    this.app.events.emit({ type: 'links.waiting', count: this.waiting.length });
    return link;
  }

  take(): LinkRequest[] {
    const taken = this.waiting;
    this.waiting = [];
    return taken;
  }
}
