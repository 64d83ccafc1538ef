import { afterAll } from 'vitest';
import { builtinEnvironments } from 'vitest/runtime';

/*
 * A page's DOM (jsdom, as vitest's jsdom environment makes it) for a component test that also
 * opens the real app in its process. Such a test runs in the Node environment and imports this
 * first: the jsdom environment transforms modules for a browser, which rewrites
 * `new URL('./migrations/', import.meta.url)` (how the app finds files beside its modules) into
 * a web page's address.
 */
const dom = await builtinEnvironments.jsdom.setup(globalThis, {});
afterAll(() => dom.teardown(globalThis));

// jsdom lays nothing out: a range has no boxes. ProseMirror asks for them to scroll the caret
// into view; none is an answer it takes.
const noBoxes = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
Range.prototype.getClientRects = noBoxes;
Range.prototype.getBoundingClientRect = () => new DOMRect(0, 0, 0, 0);
// Nor a point in the page: a click's position in the text is then the selection's.
document.elementFromPoint = () => null;
// jsdom has no isContentEditable: in an editor, a letter is text, not a shortcut.
Object.defineProperty(HTMLElement.prototype, 'isContentEditable', {
  get(this: HTMLElement) {
    return this.closest('[contenteditable]:not([contenteditable="false"])') !== null;
  },
});
