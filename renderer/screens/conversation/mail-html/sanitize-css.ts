import { imageUrlKind } from './remote-urls.js';

/*
 * A mail's CSS, kept for its look and stripped of what loads or hides things. DOMPurify leaves
 * CSS alone, and a `url()` in it is a remote image as much as an <img> is. The text is read by
 * the browser's own CSS parser (CSSOM), and judged in the form the browser serializes it:
 * escapes (`u\72l(`), comments and odd spacing are gone by then, so what is checked is what
 * would apply. The frame's own Content Security Policy is the second wall behind this one.
 */

export interface CssPolicy {
  /** Remote images allowed (the reader asked for them): `url(https://…)` kept. */
  allowRemote: boolean;
  /** Called for each remote image left out, so the reader can be offered them. */
  onBlocked: () => void;
}

/** `url("…")`, `url('…')` or `url(…)`, as a declaration's value serializes. */
const URL_TOKEN = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)'"\s]*))\s*\)/gi;
/**
 * Values the checks below cannot see through: substitutions resolved later (`var()`, `env()`,
 * `attr()`, whose text may hold an escaped url), images named without `url()` (`image-set("x")`,
 * `image()`, `cross-fade()`), and any escape the serializer kept.
 */
const OPAQUE_VALUE = /\b(?:var|env|attr|image-set|-webkit-image-set|image|cross-fade)\(|\\/i;
/** Old engines' ways to run code from CSS; no browser the app runs in has them, kept out anyway. */
const REFUSED_PROPERTY = /^(?:behavior|-moz-binding|-ms-behavior)$/i;

function unescapeCssString(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** Whether a declaration's value may stay, counting the remote images it would load. */
function valueAllowed(value: string, policy: CssPolicy): boolean {
  if (OPAQUE_VALUE.test(value)) return false;
  const urls = [...value.matchAll(URL_TOKEN)];
  // A `url(` the pattern did not read whole is something not understood: not kept.
  if (urls.length !== (value.match(/url\(/gi) ?? []).length) return false;
  let allowed = true;
  for (const match of urls) {
    const url = unescapeCssString(match[1] ?? match[2] ?? match[3] ?? '');
    const kind = imageUrlKind(url);
    if (kind === 'inline') continue;
    if (kind === 'remote' && policy.allowRemote) continue;
    if (kind === 'remote') policy.onBlocked();
    allowed = false;
  }
  return allowed;
}

/** Removes the declarations of a rule or an element's style that may not stay. */
export function cleanDeclarations(style: CSSStyleDeclaration, policy: CssPolicy): void {
  for (let i = style.length - 1; i >= 0; i -= 1) {
    const name = style.item(i);
    // Custom properties are raw text until used through var(): nothing to judge them by.
    if (
      name.startsWith('--') ||
      REFUSED_PROPERTY.test(name) ||
      !valueAllowed(style.getPropertyValue(name), policy)
    )
      style.removeProperty(name);
  }
}

interface RuleContainer {
  readonly cssRules: CSSRuleList;
  deleteRule(index: number): void;
}

/**
 * Keeps style rules and the groups of them (`@media`, `@supports`) and animations; drops the
 * rules that load (`@import`, `@font-face`), and every other at-rule, which a mail never needs.
 */
function cleanRules(container: RuleContainer, policy: CssPolicy): void {
  for (let i = container.cssRules.length - 1; i >= 0; i -= 1) {
    const rule = container.cssRules[i]!;
    if (rule instanceof CSSStyleRule) cleanDeclarations(rule.style, policy);
    else if (rule instanceof CSSMediaRule || rule instanceof CSSSupportsRule)
      cleanRules(rule, policy);
    else if (rule instanceof CSSKeyframesRule) {
      for (const frame of Array.from(rule.cssRules))
        if (frame instanceof CSSKeyframeRule) cleanDeclarations(frame.style, policy);
    } else container.deleteRule(i);
  }
}

/** A `<style>` element's text, cleaned; '' when nothing of it may stay. */
export function sanitizeStyleSheet(text: string, policy: CssPolicy): string {
  const sheet = new CSSStyleSheet();
  try {
    sheet.replaceSync(text);
  } catch {
    return '';
  }
  cleanRules(sheet, policy);
  return Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n');
}

/**
 * A `style` attribute's text, cleaned. Parsed on a detached element's style (CSSOM), which no
 * Content Security Policy stops and which loads nothing while the element is in no document.
 */
export function sanitizeInlineStyle(text: string, policy: CssPolicy): string {
  const probe = document.createElement('div').style;
  probe.cssText = text;
  cleanDeclarations(probe, policy);
  return probe.cssText;
}
