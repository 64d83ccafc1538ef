/**
 * What bench:ui runs inside the page (installed before the app's own scripts, on every
 * document): it times in the page's own clock, so the browser's driver (a CDP round trip, the
 * benchmark's process) is never in a figure.
 *
 * "Painted" is the end of the frame that first shows a change: the change is seen when the DOM
 * shows it (a MutationObserver, or an `input` event), then a requestAnimationFrame callback runs
 * in that frame's rendering step, and a message posted from it is handled once the frame's style,
 * layout and paint are done. A keystroke's time starts at its keydown event's timeStamp (when
 * the browser took the input, before any of the app's handlers), recorded by a capturing
 * listener installed first.
 *
 * Plain JavaScript in a string: the benchmark is compiled without the DOM's types, and the page
 * runs what it is given as it is.
 */
export const PAGE_PROBE = String.raw`(() => {
  if (window.__uiBench) return;
  const keys = [];
  window.addEventListener('keydown', (event) => keys.push({ key: event.key, at: event.timeStamp }), true);
  const longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}

  /** Calls back after the frame that is being prepared (or the next one) has been painted. */
  const afterPaint = (callback) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback(performance.now());
      channel.port2.postMessage(null);
    });

  /** Resolves with the time the frame that first shows check() true was painted. */
  const whenPainted = (check, timeoutMs) =>
    new Promise((resolve, reject) => {
      let done = false;
      const observer = new MutationObserver(() => test());
      const timer = setTimeout(() => finish(() => reject(new Error('not shown within ' + timeoutMs + ' ms'))), timeoutMs);
      function finish(then) {
        if (done) return;
        done = true;
        observer.disconnect();
        clearTimeout(timer);
        then();
      }
      function test() {
        if (done || !check()) return;
        observer.disconnect();
        afterPaint((at) => finish(() => resolve(at)));
      }
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      test();
    });

  const listbox = () => document.querySelector('[role="listbox"][aria-label="Conversations"]');
  const rowsShown = () =>
    [...(listbox()?.querySelectorAll('[role="option"] .conversation-row__subject') ?? [])].some(
      (subject) => subject.textContent.trim() !== '',
    );
  const dialogNamed = (name) =>
    [...document.querySelectorAll('[role="dialog"]')].some(
      (dialog) => document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent.trim() === name,
    );
  const conversationShows = (subject) => {
    const region = document.querySelector('[role="region"][aria-label="Conversation"]');
    return !!region && region.getAttribute('aria-busy') !== 'true' && region.textContent.includes(subject);
  };

  /** A keystroke's change, armed before the key is sent. */
  const armed = new Map();
  let nextArm = 0;
  const checks = {
    rowGone: (id) => () => document.getElementById(id) === null,
    dialog: (name) => () => dialogNamed(name),
    noDialog: () => () => document.querySelector('[role="dialog"]') === null,
    conversation: (subject) => () => conversationShows(subject),
    noConversation: () => () => document.querySelector('[role="region"][aria-label="Conversation"]') === null,
    searchbox: () => () => document.querySelector('[role="searchbox"][aria-label="Search"]') !== null,
  };

  /** What the search shows at a moment: the input's text and which query its results answer. */
  const searchState = () => {
    const input = document.querySelector('[role="searchbox"][aria-label="Search"]');
    if (!input) return null;
    const results = document.querySelector('[role="listbox"][aria-label="Search results"]');
    const none = document.querySelector('.search__none-title');
    // The guide is the answer to a text with nothing to ask yet (an operator without its value,
    // "from:"): drawn for that keystroke, which is then not charged the wait for the next one.
    const guide = document.querySelector('.search-guide');
    const resultsFor = results
      ? results.getAttribute('data-results-for')
      : none
        ? (/“(.*)”/.exec(none.textContent) ?? [])[1] ?? null
        : guide
          ? input.value
          : null;
    return { value: input.value, resultsFor, hits: results ? results.querySelectorAll('[role="option"]').length : 0 };
  };
  let searchSamples = null;
  const sampleSearch = () => {
    if (!searchSamples) return;
    const samples = searchSamples;
    afterPaint((at) => samples.push({ at, ...searchState() }));
  };
  const searchObserver = new MutationObserver(() => sampleSearch());
  document.addEventListener('input', () => sampleSearch(), true);

  let frames = null;
  const firstRender = whenPainted(rowsShown, 120000).then(
    (at) => ({ at, rows: listbox()?.querySelectorAll('[role="option"]').length ?? 0 }),
    (error) => ({ error: String(error) }),
  );

  window.__uiBench = {
    firstRender: () => firstRender,
    /** The DOM id of the list's selected row, and its subject. */
    selected: () => {
      const id = listbox()?.getAttribute('aria-activedescendant');
      const row = id ? document.getElementById(id) : null;
      return row ? { id, subject: row.querySelector('.conversation-row__subject')?.textContent ?? '' } : null;
    },
    arm: (kind, arg, timeoutMs) => {
      const id = nextArm++;
      const check = checks[kind](arg);
      if (check()) throw new Error(kind + ' ' + (arg ?? '') + ': already shown before the key');
      armed.set(id, { keysBefore: keys.length, painted: whenPainted(check, timeoutMs) });
      return id;
    },
    /** The armed change's time from its keystroke (the first keydown after arming) to its paint. */
    result: async (id) => {
      const { keysBefore, painted } = armed.get(id);
      armed.delete(id);
      const at = await painted;
      const key = keys[keysBefore];
      if (!key) throw new Error('no keydown reached the page');
      return { key: key.key, ms: at - key.at };
    },
    searchState,
    searchStart: () => {
      searchSamples = [];
      searchObserver.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      return keys.length;
    },
    searchEnd: (keysBefore) => {
      const samples = searchSamples ?? [];
      searchSamples = null;
      searchObserver.disconnect();
      return { keys: keys.slice(keysBefore), samples };
    },
    /** Records every frame's time (rAF) until framesEnd. */
    framesStart: () => {
      const record = { times: [], placeholders: 0, from: performance.now(), longFrom: longTasks.length };
      frames = record;
      const tick = (at) => {
        if (frames !== record) return;
        record.times.push(at);
        // Frames that show rows not loaded yet (the list's placeholders), if it has any.
        if (listbox()?.querySelector('.conversation-row--placeholder')) record.placeholders += 1;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    framesEnd: () => {
      const record = frames;
      frames = null;
      const deltas = record.times.slice(1).map((at, i) => at - record.times[i]);
      return {
        deltas,
        placeholderFrames: record.placeholders,
        longTasks: longTasks.slice(record.longFrom).map((task) => task.duration),
      };
    },
    /** Scrolls the list by setting scrollTop to far places, once a frame, for ms. */
    jumpScroll: (ms) =>
      new Promise((resolve) => {
        const list = listbox();
        // Read once: read in each frame, it would force that frame's layout early.
        const range = list.scrollHeight - list.clientHeight;
        const end = performance.now() + ms;
        let jumps = 0;
        const step = () => {
          if (performance.now() >= end) return resolve(jumps);
          // A fast drag of the scrollbar: anywhere in the list, each frame.
          list.scrollTop = Math.random() * range;
          jumps += 1;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    listHeight: () => {
      const list = listbox();
      const option = list?.querySelector('[role="option"][aria-setsize]');
      return list ? { scrollHeight: list.scrollHeight, clientHeight: list.clientHeight, setSize: Number(option?.getAttribute('aria-setsize') ?? 0) } : null;
    },
    longTasksSince: (from) => longTasks.filter((task) => task.start >= from).map((task) => task.duration),
  };
})();`;
