/*
 * What the page may open of an attachment in a window of its own. The window shows the bytes
 * under the app's origin (a blob: URL is its creator's), so only types that cannot run anything
 * open there: images (not SVG, a document that may hold script), PDF (the browser's viewer),
 * plain text. Everything else, HTML first, is only downloaded.
 */
const OPENABLE = /^(?:image\/(?:png|gif|jpeg|webp|avif|bmp)|application\/pdf|text\/plain)$/i;

export function canOpenInBrowser(contentType: string): boolean {
  return OPENABLE.test(contentType.split(';')[0]!.trim());
}

const UNITS = ['bytes', 'KB', 'MB', 'GB'] as const;

/** "812 bytes", "14 KB", "2.4 MB" (powers of 1024, as file managers show them). */
export function fileSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${shown} ${UNITS[unit]}`;
}
