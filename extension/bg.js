// Sourcelight background: the one place that knows where the engine runs.
//
// Chromium will not compile WebAssembly in a content script on a page whose
// CSP forbids it, so the wasm always runs here, in the extension's own context
// (an MV3 service worker in Chromium, a background script in Firefox), whose
// CSP allows 'wasm-unsafe-eval'. Pages send a DOM snapshot and get back the
// annotation; page text never leaves the browser.
import init, { annotateSnapshot, toW3c } from './pkg/sourcelight.js';

const api = globalThis.browser ?? globalThis.chrome;
let ready = null;

function engine() {
  ready ??= init({ module_or_path: api.runtime.getURL('pkg/sourcelight_bg.wasm') });
  return ready;
}

async function userCues() {
  const { cues = [] } = await api.storage.sync.get('cues');
  return Array.isArray(cues) ? cues.filter((c) => Array.isArray(c) && c.length === 2) : [];
}

/** Annotates a page snapshot; `ms` is the engine's own time, for the benchmarks. */
async function annotate(msg) {
  await engine();
  const options = { cues: await userCues(), generatedAt: new Date().toISOString() };
  const t0 = performance.now();
  // JSON text both ways: see content.js.
  const value = JSON.stringify(annotateSnapshot(JSON.parse(msg.snapshot), options));
  return { value, ms: performance.now() - t0 };
}

async function w3c(msg) {
  await engine();
  return toW3c(msg.annotations, msg.articleText);
}

/** Injects the content script (idempotent) and tells it what to do. */
async function activate(tabId, action) {
  await api.scripting.insertCSS({ target: { tabId }, files: ['highlight.css'] });
  await api.scripting.executeScript({ target: { tabId }, files: ['walker.js', 'tooltip.js', 'content.js'] });
  return api.tabs.sendMessage(tabId, { type: 'sl:' + action });
}

api.runtime.onMessage.addListener((msg, sender, reply) => {
  const run = {
    'sl:annotate': () => annotate(msg),
    'sl:w3c': async () => ({ value: await w3c(msg) }),
    // The engine's memory (the wasm instance's linear memory), for the benchmarks.
    'sl:stats': async () => ({ value: { wasmMemory: (await engine()).memory.buffer.byteLength } }),
    'sl:activate': async () => ({ value: await activate(msg.tabId, msg.action ?? 'on') }),
  }[msg?.type];
  if (!run) return false;
  run().then(
    (answer) => reply({ ok: true, ...answer }),
    (err) => reply({ ok: false, error: String(err?.message ?? err) }),
  );
  return true; // reply comes later
});

api.commands?.onCommand.addListener(async (command, tab) => {
  if (command !== 'toggle-highlights') return;
  const tabId = tab?.id ?? (await api.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (tabId !== undefined) activate(tabId, 'toggle').catch(() => {});
});

// Opt-in automatic annotation on sites the user listed (and granted).
api.tabs.onUpdated.addListener(async (tabId, info, tab) => {
  if (info.status !== 'complete' || !tab.url) return;
  const { autoSites = [] } = await api.storage.sync.get('autoSites');
  let host;
  try { host = new URL(tab.url).hostname; } catch { return; }
  if (!autoSites.some((s) => host === s || host.endsWith('.' + s))) return;
  if (!(await api.permissions.contains({ origins: [`*://${host}/*`] }))) return;
  activate(tabId, 'on').catch(() => {});
});
