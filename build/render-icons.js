// `npm run icons`: renders build/icon.svg into the icons electron-builder packs (run after a
// change to the SVG; the results are committed). Debian's Chromium draws the SVG at each size
// (playwright-core); the .ico and .icns containers hold those PNGs as they are (both formats
// take PNG entries: ICO since Windows Vista, ICNS's ic07-ic14 and icp4-icp6 types).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(join(here, 'icon.svg'), 'utf8');
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS type codes of PNG entries by pixel size (Apple's 1x and 2x slots).
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const page = await browser.newPage();
const rendered = new Map();
for (const size of new Set([...LINUX_SIZES, ...ICO_SIZES])) {
  await page.setViewportSize({ width: size, height: size });
  const sized = svg.replace('width="1024" height="1024"', `width="${size}" height="${size}"`);
  await page.setContent(
    `<html><body style="margin:0;background:transparent;line-height:0">${sized}</body></html>`,
  );
  rendered.set(size, await page.screenshot({ omitBackground: true, type: 'png' }));
}
await browser.close();

mkdirSync(join(here, 'icons'), { recursive: true });
for (const size of LINUX_SIZES)
  writeFileSync(join(here, 'icons', `${size}x${size}.png`), rendered.get(size));
writeFileSync(join(here, 'icon.png'), rendered.get(1024));

// ICO: a 6-byte header, a 16-byte entry per image, then the images (PNG data as is).
const icoImages = ICO_SIZES.map((size) => rendered.get(size));
const header = Buffer.alloc(6 + 16 * ICO_SIZES.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(ICO_SIZES.length, 4);
let offset = header.length;
ICO_SIZES.forEach((size, index) => {
  const entry = 6 + 16 * index;
  header.writeUInt8(size >= 256 ? 0 : size, entry);
  header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
  header.writeUInt16LE(1, entry + 4);
  header.writeUInt16LE(32, entry + 6);
  header.writeUInt32LE(icoImages[index].length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += icoImages[index].length;
});
writeFileSync(join(here, 'icon.ico'), Buffer.concat([header, ...icoImages]));

// ICNS: 'icns' and the file's length, then entries of a type code, their length, their data.
const entries = ICNS_TYPES.map(([type, size]) => {
  const data = rendered.get(size);
  const head = Buffer.alloc(8);
  head.write(type, 0, 'ascii');
  head.writeUInt32BE(data.length + 8, 4);
  return Buffer.concat([head, data]);
});
const icnsHead = Buffer.alloc(8);
icnsHead.write('icns', 0, 'ascii');
icnsHead.writeUInt32BE(8 + entries.reduce((sum, entry) => sum + entry.length, 0), 4);
writeFileSync(join(here, 'icon.icns'), Buffer.concat([icnsHead, ...entries]));
console.log(`icons written: icon.png, icons/ (${LINUX_SIZES.join(', ')}), icon.ico, icon.icns`);
