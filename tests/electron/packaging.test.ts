import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPackage, statFile } from '@electron/asar';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo-root.js';

/*
 * The packaging (electron-builder.yml, build/), as far as this machine can run it: electron-builder
 * itself packs the app for Linux's `dir` target, with its configuration loaded and checked
 * against its schema as `npm run package` does. Two things need Electron's release server, which
 * is not reachable here: the Electron binary (a stand-in directory takes its place, so what is
 * checked is the app's own files as packed, not Electron) and the rebuild of better-sqlite3 for
 * Electron's ABI (npmRebuild, left on in the configuration, off for this run only).
 */

const root = repoRoot();
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

let dir: string;
let resources: string;
let asar: string;
let files: Set<string>;

beforeAll(() => {
  if (!existsSync(join(root, 'out', 'main', 'facade.js')))
    throw new Error('out/ is missing: run `npm run build`');
  dir = mkdtempSync(join(tmpdir(), 'switchboard-package-'));
  const standIn = join(dir, 'electron-dist');
  mkdirSync(standIn);
  writeFileSync(join(standIn, 'electron'), '#!/bin/sh\necho "a stand-in for Electron"\n');
  chmodSync(join(standIn, 'electron'), 0o755);
  writeFileSync(join(standIn, 'version'), ELECTRON_VERSION);
  const run = spawnSync(
    join(root, 'node_modules', '.bin', 'electron-builder'),
    [
      '--linux',
      'dir',
      '--config',
      'electron-builder.yml',
      `-c.electronDist=${standIn}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${join(dir, 'release')}`,
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 240_000 },
  );
  if (run.status !== 0)
    throw new Error(`electron-builder failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  resources = join(dir, 'release', 'linux-unpacked', 'resources');
  asar = join(resources, 'app.asar');
  files = new Set(listPackage(asar, { isPack: false }).map((path) => path.replaceAll('\\', '/')));
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packaged app', () => {
  it('has a configuration electron-builder’s own schema takes, with the app’s links and targets', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.protocols).toEqual([
      { name: 'Switchboard link', schemes: ['switchboard'] },
      { name: 'Email', schemes: ['mailto'] },
    ]);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toMatchObject([{ target: 'nsis' }]);
    expect(config.mac?.target).toMatchObject([{ target: 'dmg' }]);
    expect(config.mac?.notarize).toBe(false);
    expect(config.npmRebuild).toBe(true);
    // A mistake is refused, naming it: the check is real.
    await expect(
      validateConfiguration(
        { ...config, asarUnpak: ['**/*.node'] } as typeof config,
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/asarUnpak/u);
  });

  it('packs main, the facade’s process, the preload, the page and the compiled core, and no sources', () => {
    for (const path of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/facade.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/dist/src/app/index.js',
      '/dist/src/store/cache-worker.js',
      '/dist/src/db/migrations/001-initial.sql',
    ])
      expect(files.has(path), path).toBe(true);
    const packed = [...files];
    expect(packed.filter((path) => path.startsWith('/src/') || path.startsWith('/tests/'))).toEqual(
      [],
    );
    expect(
      packed.filter((path) => !path.startsWith('/node_modules/') && /\.(map|ts)$/u.test(path)),
    ).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(files.has(manifest.main.replace(/^\./u, ''))).toBe(true);
  });

  it('takes the production dependencies and none of the tools', () => {
    for (const name of ['better-sqlite3', 'imapflow', 'electron-updater', 'yjs', 'zod'])
      expect(files.has(`/node_modules/${name}/package.json`), name).toBe(true);
    for (const name of ['electron', 'electron-builder', 'vitest', 'typescript', 'playwright-core'])
      expect(files.has(`/node_modules/${name}/package.json`), name).toBe(false);
  });

  it('unpacks the native module beside the archive, where the OS can load it', () => {
    const node = '/node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(files.has(node)).toBe(true);
    expect(statFile(asar, node.slice(1))).toMatchObject({ unpacked: true });
    expect(existsSync(join(resources, 'app.asar.unpacked', node))).toBe(true);
    expect(statFile(asar, 'dist/src/app/index.js')).not.toMatchObject({ unpacked: true });
  });

  it('configures electron-updater’s feed (checked only when the user asks: Help > Check for Updates…)', () => {
    const feed = readFileSync(join(resources, 'app-update.yml'), 'utf8');
    expect(feed).toMatch(/^provider: github$/mu);
    expect(feed).toMatch(/^updaterCacheDirName: switchboard-updater$/mu);
  });
});

describe('the icons in build/', () => {
  /** A PNG's width and height, from its IHDR chunk. */
  const pngSize = (data: Buffer) => {
    expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
    return [data.readUInt32BE(16), data.readUInt32BE(20)];
  };

  it('has Linux’s sizes, a 1024 px icon, an .ico of PNGs and an .icns up to 1024 px', () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024])
      expect(pngSize(readFileSync(join(root, 'build', 'icons', `${size}x${size}.png`)))).toEqual([
        size,
        size,
      ]);
    expect(pngSize(readFileSync(join(root, 'build', 'icon.png')))).toEqual([1024, 1024]);

    const ico = readFileSync(join(root, 'build', 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const icoSizes = Array.from({ length: ico.readUInt16LE(4) }, (_, index) => {
      const entry = 6 + 16 * index;
      const image = ico
        .subarray(ico.readUInt32LE(entry + 12))
        .subarray(0, ico.readUInt32LE(entry + 8));
      return pngSize(image)[0];
    });
    expect(icoSizes).toContain(256);

    const icns = readFileSync(join(root, 'build', 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types = new Map<string, number>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.set(icns.subarray(at, at + 4).toString('ascii'), pngSize(icns.subarray(at + 8))[0]!);
    expect(types.get('ic10')).toBe(1024);
    expect(types.get('ic07')).toBe(128);
  });
});
