import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appLinksIn, handOffLinks, linkDoor } from '../../electron/main/deep-links.js';
import {
  createDispatcher,
  openSwitchboard,
  type AppEvent,
  type SecretStore,
  type Switchboard,
} from '../../src/app/index.js';
import { silentLogger } from '../../src/app/platform.js';
import { seedDemo } from '../../src/demo/seed-demo.js';

/*
 * The single-instance handoff: the links a second launch (or macOS's open-url) brings, found
 * among its arguments and handed to the real app, where they wait for the window.
 */

const NO_SECRETS: SecretStore = { resolve: () => undefined, readsEnvironment: false };

let root: string;
let app: Switchboard;
let conversationId: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'switchboard-links-'));
  const dataDir = join(root, 'demo');
  await seedDemo({ dataDir, clock: { now: () => Date.now() }, conversations: 5 });
  app = await openSwitchboard({ dataDir, secrets: NO_SECRETS });
  conversationId = (await app.mail.conversations({}))[0]!.id;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

/** A logger that keeps its warnings. */
function keptWarnings() {
  const lines: string[] = [];
  return { lines, logger: { warn: (line: string) => lines.push(line) } };
}

describe('the links among a launch’s arguments', () => {
  it('keeps mailto: and switchboard: arguments, never flags or the executable', () => {
    expect(
      appLinksIn([
        '/opt/Switchboard/switchboard',
        '--no-sandbox',
        '--open=switchboard://conversation/c1',
        ' switchboard://conversation/c2',
        'MAILTO:bo@example.com',
        'https://example.com',
        'notes.txt',
      ]),
    ).toEqual(['switchboard://conversation/c2', 'MAILTO:bo@example.com']);
  });
});

describe('handing links to the app', () => {
  it('a second launch’s links wait in the app for the window, told by an event, each taken once', async () => {
    const events: AppEvent[] = [];
    const stop = app.subscribe((event) => events.push(event));
    const { lines, logger } = keptWarnings();
    const argv = [
      '/usr/bin/switchboard',
      `switchboard://conversation/${conversationId}`,
      'mailto:ana@example.com?cc=bo@example.com&subject=Order%20%2342&body=Hi%0D%0Athere',
    ];
    await handOffLinks(appLinksIn(argv), createDispatcher(app, silentLogger), logger);
    stop();
    expect(lines).toEqual([]);
    expect(events.filter((event) => event.type === 'links.waiting')).toEqual([
      { type: 'links.waiting', count: 1 },
      { type: 'links.waiting', count: 2 },
    ]);
    expect(await app.links.take()).toEqual([
      { kind: 'conversation', conversationId },
      {
        kind: 'compose',
        to: [{ address: 'ana@example.com' }],
        cc: [{ address: 'bo@example.com' }],
        bcc: [],
        subject: 'Order #42',
        body: 'Hi\nthere',
      },
    ]);
    expect(await app.links.take()).toEqual([]);
  });

  it('refuses, in one logged line each, a link the app cannot open; the others still go', async () => {
    const { lines, logger } = keptWarnings();
    await handOffLinks(
      [
        'switchboard://conversation/c000000000000000000000000',
        'mailto:not-an-address',
        'switchboard://settings',
        'mailto:cy@example.com',
      ],
      createDispatcher(app, silentLogger),
      logger,
    );
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).toMatch(/^a link was not opened: /u);
      expect(line).not.toContain('\n');
    }
    expect(lines[0]).toContain('unknown conversation');
    expect(await app.links.take()).toMatchObject([
      { kind: 'compose', to: [{ address: 'cy@example.com' }] },
    ]);
  });

  it('holds the links that come before the app is open, then hands them over in order', async () => {
    const { lines, logger } = keptWarnings();
    const door = linkDoor(logger);
    await door.receive(['mailto:first@example.com']);
    await door.receive([`switchboard://conversation/${conversationId}`]);
    expect(await app.links.take()).toEqual([]);
    await door.open(createDispatcher(app, silentLogger));
    await door.receive(['mailto:third@example.com']);
    expect(lines).toEqual([]);
    expect(await app.links.take()).toMatchObject([
      { kind: 'compose', to: [{ address: 'first@example.com' }] },
      { kind: 'conversation', conversationId },
      { kind: 'compose', to: [{ address: 'third@example.com' }] },
    ]);
  });
});
