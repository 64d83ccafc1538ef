/**
 * What a link clicked in the app (a mail's, a signature's, the help's) may open outside it: web
 * pages and mail links only, handed to the OS (`shell.openExternal`). Anything else is refused:
 * `file:` would open a local program or document, `javascript:`/`data:` would run in a browser,
 * and other schemes start whatever application registered them (the OS's "open with"), a way
 * out of the sandbox that Electron's security checklist closes
 * (https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content).
 */
const OPENABLE = ['https:', 'http:', 'mailto:'] as const;

/** Longer than any real link; a longer one is a payload, not an address. */
const MAX_LENGTH = 8192;

/**
 * The URL to hand to the OS for `raw`, normalized (as WHATWG URL writes it), or null when it may
 * not be opened: not http(s) or mailto, not a valid URL, credentials in it (`https://bank@evil`,
 * a disguise for the real host), no host for a web link, or absurdly long.
 */
export function externalUrl(raw: string): string | null {
  if (raw.length > MAX_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (!(OPENABLE as readonly string[]).includes(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && (url.hostname === '' || url.username || url.password))
    return null;
  return url.href;
}
