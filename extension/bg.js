// Sourcelight background: injects the content scripts, and is the engine's
// background route. The engine runs in the page where the content script may
// compile WebAssembly (engine.js chooses); where it may not (Chromium, a page
// whose CSP forbids it) or the page is very big, the wasm runs here, in the
// extension's own context (an MV3 service worker in Chromium, a background
// script in Firefox), whose CSP allows 'wasm-unsafe-eval': the page sends a
// DOM snapshot and gets back the annotation. Exports are made here on both
// routes. Page text never leaves the browser.
import init, { annotateSnapshot, loadLanguage, toCsv, toW3c } from './pkg/sourcelight.js';
import { csvArgs, w3cArgs } from './export.js';
import './walker.js'; // the snapshot writer, for the warm-up page
import './cues.js';
import './names.js';
import './platform.js';

const P = globalThis.SourcelightPlatform;
const { MSG } = globalThis.SourcelightNames;
let ready = null;

// A small page for the warm-up, written by the page walker itself (it reads
// only these few node properties), so the snapshot format has one writer.
const el = (tag, attrs, ...kids) => {
  kids.forEach((kid, i) => { kid.previousSibling = kids[i - 1] ?? null; });
  return {
    nodeType: 1, localName: tag, lastChild: kids.at(-1) ?? null,
    hasAttributes: () => Object.keys(attrs).length > 0, getAttributeNames: () => Object.keys(attrs), getAttribute: (n) => attrs[n],
  };
};
const tx = (data) => ({ nodeType: 3, data });
const WARM_UP = globalThis.SourcelightWalker.snapshot(
  el('body', {}, el('article', { class: 'story' }, el('h1', {}, tx('Bridge to reopen')),
    el('p', {}, tx('The council said on Monday that the bridge would reopen, according to a report. '),
      el('a', { href: 'https://example.com/r' }, tx('Officials')),
      tx(' reportedly want a second crossing. Traffic fell by a third. It may close again in May.')))),
  { url: 'https://example.org/warm-up', title: 'Warm-up' },
).snapshot;

function engine() {
  if (ready) return ready;
  // The language's data is fetched while the module compiles: the module's
  // code does not carry it, and without it nothing can be labeled (each
  // request then answers with the engine's error).
  const data = Promise.all([
    fetch(P.url('pkg/en.lexicon.txt')).then((r) => r.text()),
    fetch(P.url('pkg/en.student')).then((r) => r.arrayBuffer()),
  ]);
  data.catch(() => {}); // reported below, once the module is there
  ready = init({ module_or_path: P.url('pkg/sourcelight_bg.wasm') }).then(async (wasm) => {
    try {
      const [lexicon, student] = await data;
      loadLanguage(lexicon, new Uint8Array(student));
    } catch (e) {
      console.warn('Sourcelight: the language data did not load:', e);
    }
    // V8 compiles each wasm function on its first call: one small page
    // annotated here, while the real page is still taking its snapshot,
    // keeps most of that compile off the reader's first activation.
    try {
      annotateSnapshot(WARM_UP, [], '', []);
    } catch {
      // a warm-up only
    }
    return wasm;
  });
  return ready;
}

// The user's cue words, read once and kept until they change: a storage read
// on every activation costs more than the annotation of a short article.
// Flat, as the engine takes them: [section, phrase, section, phrase, ...].
let cuesRead = null;
function userCues() {
  cuesRead ??= P.sync.get('cues').then(({ cues }) => globalThis.SourcelightCues.flat(cues));
  return cuesRead;
}
P.onStorageChanged((changes) => {
  if ('cues' in changes) cuesRead = null;
});

/** Annotates a page snapshot with the reader's corrections for the page
 * (flat, as corrections.js keeps them); `ms` is the engine's own time, for
 * the benchmarks. */
async function annotate(msg) {
  const at = performance.timeOrigin + performance.now();
  const [, cues] = await Promise.all([engine(), userCues()]);
  const corrections = Array.isArray(msg.corrections) ? msg.corrections.map(String) : [];
  const t0 = performance.now();
  // Text both ways (the snapshot in, JSON out): see src/engine/src/snapshot.rs.
  const value = annotateSnapshot(String(msg.snapshot), cues, new Date().toISOString(), corrections);
  const ms = performance.now() - t0;
  // Wall-clock marks, so the benchmark can tell message transit from work.
  return { value, ms, at, done: performance.timeOrigin + performance.now() };
}

async function w3c(msg) {
  await engine();
  return JSON.parse(toW3c(...w3cArgs(msg.annotations, msg.articleText)));
}

/** Injects the content script (idempotent) and tells it what to do. */
async function activate(tabId, action) {
  // Wall clock, so the page can time the whole activation, injection included (benchmarks).
  const askedAt = performance.timeOrigin + performance.now();
  engine().catch(() => {}); // starts loading while the page is prepared; errors surface in annotate()
  const [injected] = await P.scripting.run(tabId, ['platform.js', 'names.js', 'walker.js', 'cues.js', 'port.js', 'engine.js', 'paint.js', 'corrections.js', 'tooltip.js', 'content.js']);
  // The style sheet goes in once per page, with the script (content.js is
  // false when it was already there): a sheet of ::highlight() rules makes the
  // browser restyle the whole page, 50-80 ms on a long article, and inserting
  // it again on every toggle would pay that each time, and stack copies.
  if (injected?.result !== false) await P.scripting.css(tabId, ['highlight.css']);
  return P.tabs.send(tabId, { type: MSG[action], askedAt });
}

// The highlight style sheet's text, for the open shadow roots and frames
// where content.js adopts a copy (the page itself gets it from insertCSS).
let sheet = null;
const sheetText = () => (sheet ??= fetch(P.url('highlight.css')).then((r) => r.text()));

/** The request's handler, or undefined. */
function handler(msg) {
  return {
    [MSG.annotate]: () => annotate(msg),
    [MSG.w3c]: async () => ({ value: await w3c(msg) }),
    [MSG.csv]: async () => (await engine(), { value: toCsv(...csvArgs(msg.annotations)) }),
    [MSG.css]: async () => ({ value: await sheetText() }),
    // The engine's memory (the wasm instance's linear memory), for the benchmarks.
    [MSG.stats]: async () => ({ value: { wasmMemory: (await engine()).memory.buffer.byteLength } }),
    [MSG.activate]: async () => ({ value: await activate(msg.tabId, msg.action ?? 'on') }),
  }[msg?.type];
}

const answer = (run, reply) => run().then(
  (value) => reply({ ok: true, ...value }),
  (err) => reply({ ok: false, error: String(err?.message ?? err) }),
);

P.onMessage((msg, sender, reply) => {
  const run = handler(msg);
  if (!run) return false;
  answer(run, reply);
  return true; // reply comes later
});

// Pages talk to the engine over one port each (content.js, `ask`): a
// one-off message opens and closes a channel every time. A big page's
// snapshot comes in parts ('sl:part', sent while the page is still being
// read), then the 'sl:annotate' that ends it.
P.onConnect((port) => {
  if (port.name !== MSG.port) return;
  const streams = new Map(); // stream id -> the snapshot parts received so far
  port.onMessage.addListener((msg) => {
    const reply = (r) => {
      try {
        port.postMessage({ ...r, id: msg?.id });
      } catch {
        // the page went away
      }
    };
    if (msg?.type === MSG.part) {
      if (!streams.has(msg.stream)) streams.set(msg.stream, []);
      streams.get(msg.stream).push(String(msg.text));
      return;
    }
    if (msg?.type === MSG.annotate && msg.stream !== undefined) {
      const parts = streams.get(msg.stream) ?? [];
      streams.delete(msg.stream);
      // Parts sent over an earlier port are gone: the page then sends it all at once.
      if (parts.length !== msg.parts) return reply({ ok: false, error: 'parts of the snapshot were lost' });
      msg = { ...msg, snapshot: parts.join('') + String(msg.snapshot) };
    }
    const run = handler(msg);
    if (run && msg.type !== MSG.activate) answer(run, reply);
    else reply({ ok: false, error: 'unknown request' });
  });
});

P.onCommand(async (command, tab) => {
  if (command !== 'toggle-highlights') return;
  const tabId = tab?.id ?? (await P.tabs.active())?.id;
  if (tabId !== undefined) activate(tabId, 'toggle').catch(() => {});
});

// Opt-in automatic annotation on sites the user listed (and granted).
P.tabs.onUpdated(async (tabId, info, tab) => {
  if (info.status !== 'complete' || !tab.url) return;
  const { autoSites = [] } = await P.sync.get('autoSites');
  let host;
  try { host = new URL(tab.url).hostname; } catch { return; }
  if (!autoSites.some((s) => host === s || host.endsWith('.' + s))) return;
  if (!(await P.permissions.hasOrigins([`*://${host}/*`]))) return;
  activate(tabId, 'on').catch(() => {});
});
