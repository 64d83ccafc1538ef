import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo-root.js';
import { launchChromium, newDesktopContext } from '../e2e/support/chromium.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { spawnServe, stopAll, type ServeProcess } from './support/serve-process.js';

/*
 * `switchboard serve` with the built renderer (dist/renderer, npm run build), opened by Chromium
 * as a user opens the printed URL: what only a browser shows (its cookie rules, its CSP, the
 * Origin it sends and that no page can change).
 */

const RENDERER = join(repoRoot(import.meta.url), 'dist', 'renderer');

let dir: string;
let served: ServeProcess;
let browser: Browser;
let context: BrowserContext;
/** Another page of this machine, on another port: the same site, another origin. */
let neighbour: Server;
const processes: ServeProcess[] = [];

beforeAll(async () => {
  assertBuildIsCurrent();
  if (!existsSync(join(RENDERER, 'index.html')))
    throw new Error(`${RENDERER}/index.html is missing: run npm run build first`);
  dir = await mkdtemp(join(tmpdir(), 'switchboard-serve-browser-'));
  served = await spawnServe(['--data', join(dir, 'data'), '--port', '0']);
  processes.push(served);
  neighbour = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>a neighbour</title>');
  });
  await new Promise<void>((resolve) => neighbour.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
  context = await newDesktopContext(browser);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (neighbour ? neighbour.close(resolve) : resolve(undefined)));
  await stopAll(processes);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What a page's own WebSocket to the host gets: the answer to session.whoami, or why not. */
function whoamiFrom(page: Page, socketUrl: string): Promise<string> {
  return page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, ['switchboard.v1']);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'session.whoami' }));
        ws.onmessage = (message) => {
          resolve(String(message.data));
          ws.close();
        };
        ws.onclose = (event) => resolve(`closed ${event.code}`);
      }),
    socketUrl,
  );
}

describe('switchboard serve in Chromium', () => {
  it('opens from the printed URL: the key becomes a cookie and leaves the address bar; the app runs under its CSP', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(served.url.href);
    await page
      .locator('#root > *')
      .first()
      .waitFor({ timeout: 20_000 })
      .catch((error: Error) => {
        throw new Error(`the app did not render: ${problems.join('; ')}`, { cause: error });
      });
    expect(page.url()).toBe(`${served.origin}/`);
    expect(await page.evaluate('document.cookie')).toBe('');
    const cookies = await context.cookies(served.origin);
    expect(cookies).toEqual([
      expect.objectContaining({ value: served.key, httpOnly: true, sameSite: 'Strict' }),
    ]);
    // The built page's scripts and styles all load under the policy: no refusal anywhere.
    expect(problems.filter((text) => /Content Security Policy|Refused to/i.test(text))).toEqual([]);

    const answer = JSON.parse(await whoamiFrom(page, served.socketUrl)) as unknown;
    expect(answer).toMatchObject({ id: 1, ok: true, result: { solo: true } });
    // The address with the key was replaced in the history: Back does not return to it.
    await page.goBack();
    expect(page.url()).toBe('about:blank');
    await page.close();
  });

  it('opens from a link on another site too (where a redirect would lose the SameSite=Strict cookie)', async () => {
    const other = await newDesktopContext(browser);
    const page = await other.newPage();
    const port = (neighbour.address() as { port: number }).port;
    // localhost and 127.0.0.1 are two sites: a link from one to the other is a cross-site visit.
    await page.goto(`http://localhost:${port}/`);
    await page.setContent(`<a href="${served.url.href}">Switchboard</a>`);
    const refusals: number[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) refusals.push(response.status());
    });
    await page.getByRole('link', { name: 'Switchboard' }).click();
    await page.locator('#root > *').first().waitFor({ timeout: 10_000 });
    expect(page.url()).toBe(`${served.origin}/`);
    expect(refusals).toEqual([]);
    await other.close();
  });

  it('gives a page of another origin on this machine no WebSocket (the same site: its Origin tells it apart)', async () => {
    const page = await context.newPage();
    const port = (neighbour.address() as { port: number }).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    // SameSite is about sites, and a port does not make a site (nor a cookie's scope): the key's
    // cookie goes along with this page's upgrade. The Origin header is what refuses it.
    expect(await whoamiFrom(page, served.socketUrl)).toBe('closed 1006');
    await page.close();
  });
});
