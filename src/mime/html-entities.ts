// HTML character references, decoded for text extraction (not for re-serialization).
// https://html.spec.whatwg.org/multipage/parsing.html#character-reference-state
//
// Only the named references mail actually uses are known (the full HTML5 table is ~2,200
// names and 40 KB); unknown ones are left as written, which is what a reader would see in a
// client that does not know them either.

// prettier-ignore
const LATIN1_NAMES = [
  'nbsp', 'iexcl', 'cent', 'pound', 'curren', 'yen', 'brvbar', 'sect',
  'uml', 'copy', 'ordf', 'laquo', 'not', 'shy', 'reg', 'macr',
  'deg', 'plusmn', 'sup2', 'sup3', 'acute', 'micro', 'para', 'middot',
  'cedil', 'sup1', 'ordm', 'raquo', 'frac14', 'frac12', 'frac34', 'iquest',
  'Agrave', 'Aacute', 'Acirc', 'Atilde', 'Auml', 'Aring', 'AElig', 'Ccedil',
  'Egrave', 'Eacute', 'Ecirc', 'Euml', 'Igrave', 'Iacute', 'Icirc', 'Iuml',
  'ETH', 'Ntilde', 'Ograve', 'Oacute', 'Ocirc', 'Otilde', 'Ouml', 'times',
  'Oslash', 'Ugrave', 'Uacute', 'Ucirc', 'Uuml', 'Yacute', 'THORN', 'szlig',
  'agrave', 'aacute', 'acirc', 'atilde', 'auml', 'aring', 'aelig', 'ccedil',
  'egrave', 'eacute', 'ecirc', 'euml', 'igrave', 'iacute', 'icirc', 'iuml',
  'eth', 'ntilde', 'ograve', 'oacute', 'ocirc', 'otilde', 'ouml', 'divide',
  'oslash', 'ugrave', 'uacute', 'ucirc', 'uuml', 'yacute', 'thorn', 'yuml',
] as const; // U+00A0 … U+00FF in order

// prettier-ignore
const GREEK_UPPER = [
  'Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta', 'Iota', 'Kappa',
  'Lambda', 'Mu', 'Nu', 'Xi', 'Omicron', 'Pi', 'Rho', '', 'Sigma', 'Tau', 'Upsilon', 'Phi',
  'Chi', 'Psi', 'Omega',
] as const; // U+0391 … U+03A9 (U+03A2 is unassigned)

// prettier-ignore
const GREEK_LOWER = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa',
  'lambda', 'mu', 'nu', 'xi', 'omicron', 'pi', 'rho', 'sigmaf', 'sigma', 'tau', 'upsilon',
  'phi', 'chi', 'psi', 'omega',
] as const; // U+03B1 … U+03C9

// prettier-ignore
const OTHER_NAMES: Readonly<Record<string, number>> = {
  amp: 0x26, lt: 0x3c, gt: 0x3e, quot: 0x22, apos: 0x27,
  AMP: 0x26, LT: 0x3c, GT: 0x3e, QUOT: 0x22,
  OElig: 0x152, oelig: 0x153, Scaron: 0x160, scaron: 0x161, Yuml: 0x178, fnof: 0x192,
  circ: 0x2c6, tilde: 0x2dc,
  ensp: 0x2002, emsp: 0x2003, thinsp: 0x2009, zwnj: 0x200c, zwj: 0x200d, lrm: 0x200e, rlm: 0x200f,
  ndash: 0x2013, mdash: 0x2014, horbar: 0x2015,
  lsquo: 0x2018, rsquo: 0x2019, sbquo: 0x201a, ldquo: 0x201c, rdquo: 0x201d, bdquo: 0x201e,
  dagger: 0x2020, Dagger: 0x2021, bull: 0x2022, hellip: 0x2026, permil: 0x2030,
  prime: 0x2032, Prime: 0x2033, lsaquo: 0x2039, rsaquo: 0x203a, oline: 0x203e, frasl: 0x2044,
  euro: 0x20ac, trade: 0x2122, TRADE: 0x2122, larr: 0x2190, uarr: 0x2191, rarr: 0x2192,
  darr: 0x2193, harr: 0x2194, rArr: 0x21d2, hArr: 0x21d4, minus: 0x2212, lowast: 0x2217,
  radic: 0x221a, infin: 0x221e, asymp: 0x2248, ne: 0x2260, equiv: 0x2261, le: 0x2264,
  ge: 0x2265, sdot: 0x22c5, loz: 0x25ca, spades: 0x2660, clubs: 0x2663, hearts: 0x2665,
  diams: 0x2666, check: 0x2713, cross: 0x2717, star: 0x2606, starf: 0x2605,
  Tab: 0x09, NewLine: 0x0a,
};

const NAMED: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  LATIN1_NAMES.forEach((name, i) => map.set(name, String.fromCharCode(0xa0 + i)));
  GREEK_UPPER.forEach((name, i) => name && map.set(name, String.fromCharCode(0x391 + i)));
  GREEK_LOWER.forEach((name, i) => map.set(name, String.fromCharCode(0x3b1 + i)));
  for (const [name, code] of Object.entries(OTHER_NAMES)) map.set(name, String.fromCharCode(code));
  return map;
})();

/**
 * Names browsers also decode without the trailing ";" (legacy, from the HTML spec's table).
 * Limited to the ones that are common in sloppy HTML mail; the rest need the ";".
 */
// prettier-ignore
const LEGACY_WITHOUT_SEMICOLON: ReadonlySet<string> = new Set([
  'amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg', 'AMP', 'LT', 'GT', 'QUOT',
]);

/**
 * Numeric references to 0x80-0x9F mean the windows-1252 character (HTML spec's replacement
 * table): old HTML writes curly quotes as &#147; and &#148;.
 */
// prettier-ignore
const C1_REPLACEMENTS: Readonly<Record<number, number>> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020,
  0x87: 0x2021, 0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152,
  0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022,
  0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a,
  0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

const ENTITY = /&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([a-zA-Z][a-zA-Z0-9]{0,31}))(;?)/g;

/**
 * Decodes character references in HTML text. References that stand for whitespace come out
 * as a plain space and control characters are dropped, so the result can be whitespace-
 * collapsed without a reference reintroducing structure the markup did not have.
 */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    ENTITY,
    (
      match,
      decimal: string | undefined,
      hex: string | undefined,
      name: string | undefined,
      semicolon: string,
    ) => {
      if (name !== undefined) {
        const decoded = NAMED.get(name);
        if (decoded === undefined) return match;
        if (!semicolon && !LEGACY_WITHOUT_SEMICOLON.has(name)) return match;
        return sanitize(decoded.charCodeAt(0));
      }
      const code = decimal !== undefined ? parseInt(decimal, 10) : parseInt(hex ?? '', 16);
      return sanitize(code);
    },
  );
}

function sanitize(code: number): string {
  if (
    !Number.isFinite(code) ||
    code === 0 ||
    code > 0x10ffff ||
    (code >= 0xd800 && code <= 0xdfff)
  ) {
    return '\uFFFD';
  }
  if (code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d || code === 0xa0) return ' ';
  if (code < 0x20 || code === 0x7f) return '';
  if (code >= 0x80 && code <= 0x9f) {
    const replacement = C1_REPLACEMENTS[code];
    return replacement === undefined ? '' : String.fromCharCode(replacement);
  }
  return String.fromCodePoint(code);
}
