import { describe, expect, it } from 'vitest';
import {
  facadeClient,
  type FromFacade,
  type MessagePortLike,
  type ToFacade,
} from '../../electron/facade/facade-protocol.js';

/** Main's end of a channel whose other end the test plays, message by message. */
function channel() {
  const sent: ToFacade[] = [];
  const listeners = new Set<(message: FromFacade) => void>();
  const port: MessagePortLike<FromFacade, ToFacade> = {
    post: (message) => void sent.push(message),
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const answer = (message: FromFacade) => {
    for (const listener of listeners) listener(message);
  };
  return { port, sent, answer, listeners };
}

describe('main’s end of the facade’s process', () => {
  it('matches answers to calls by id, in whatever order they come', async () => {
    const client = facadeClient();
    const { port, sent, answer } = channel();
    client.attach(port);
    const first = client.handle({ method: 'accounts.list' });
    const second = client.handle({ method: 'team.status' });
    const [a, b] = sent as Array<Extract<ToFacade, { type: 'call' }>>;
    expect(a!.request).toEqual({ method: 'accounts.list' });
    answer({ type: 'answer', id: b!.id, response: { ok: true, result: 'second' } });
    answer({ type: 'answer', id: a!.id, response: { ok: true, result: 'first' } });
    expect(await first).toEqual({ ok: true, result: 'first' });
    expect(await second).toEqual({ ok: true, result: 'second' });
  });

  it('answers unreachable while no process runs, and hears only the process attached now', async () => {
    const client = facadeClient();
    expect(await client.handle({ method: 'accounts.list' })).toMatchObject({
      ok: false,
      error: { code: 'unreachable' },
    });
    const old = channel();
    client.attach(old.port);
    const pending = client.handle({ method: 'accounts.list' });
    const heard: string[] = [];
    client.subscribe((event) => heard.push(event.type));
    client.lost();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    expect(old.listeners.size).toBe(0);
    const fresh = channel();
    client.attach(fresh.port);
    old.answer({ type: 'event', event: { type: 'sync.state', running: true } });
    fresh.answer({ type: 'event', event: { type: 'sync.state', running: false } });
    expect(heard).toEqual(['sync.state']);
  });
});
