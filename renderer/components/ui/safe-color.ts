/** A plain hex colour (#rgb, #rgba, #rrggbb, #rrggbbaa). */
const HEX_COLOR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/**
 * A tag's colour is a teammate's input: only a plain hex colour ever reaches a style, anything
 * else (a url(), a second declaration) becomes undefined and the neutral colour shows.
 */
export function safeHexColor(color: string | undefined): string | undefined {
  return color !== undefined && HEX_COLOR.test(color) ? color : undefined;
}
