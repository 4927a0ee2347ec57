// The playground's engine: the same wasm as the extension, in a worker so
// that annotating a long paste never blocks typing or scrolling.
import init, { annotateSnapshot, annotateText, loadLanguage, toCsv, toW3c, version } from './pkg/sourcelight.js';
import { csvArgs, w3cArgs } from './export.js';
import './walker.js'; // readAnswer

// The reasons are worded from the same messages as the extension's (the
// engine answers keys; readAnswer words them).
let word = (key) => key;
const ready = Promise.all([
  init({ module_or_path: new URL('./pkg/sourcelight_bg.wasm', import.meta.url) }),
  fetch(new URL('./_locales/en/messages.json', import.meta.url)).then(async (r) => {
    if (!r.ok) throw new Error(`the messages did not load (${r.status})`);
    word = globalThis.SourcelightWalker.wordsFrom(await r.json());
  }),
  fetch(new URL('./pkg/en.lexicon.txt', import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`the lexicon did not load (${r.status})`);
    return r.text();
  }),
  fetch(new URL('./pkg/en.student', import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`the student's weights did not load (${r.status})`);
    return r.arrayBuffer();
  }),
])
  .then(([, , lexicon, student]) => loadLanguage(lexicon, new Uint8Array(student)))
  .then(() => postMessage({ type: 'ready', version: version() }))
  .catch((e) => postMessage({ type: 'fatal', error: String(e?.message ?? e) }));

onmessage = async ({ data }) => {
  await ready;
  const started = performance.now();
  if (data.kind === 'w3c' || data.kind === 'csv') {
    try {
      const value = data.kind === 'w3c' ? JSON.parse(toW3c(...w3cArgs(data.annotations, data.articleText))) : toCsv(...csvArgs(data.annotations));
      postMessage({ type: 'export', id: data.id, value });
    } catch (e) {
      postMessage({ type: 'export', id: data.id, error: String(e?.message ?? e) });
    }
    return;
  }
  try {
    const generatedAt = new Date().toISOString();
    // The engine answers JSON lines; read here, off the page's thread.
    // The reader's corrections, flat (corrections.js): the engine applies them.
    const corrections = Array.isArray(data.corrections) ? data.corrections.map(String) : [];
    const value = await globalThis.SourcelightWalker.readAnswer(data.kind === 'snapshot'
      ? annotateSnapshot(data.snapshot, [], generatedAt, corrections)
      : annotateText(data.text, data.url, data.title, [], generatedAt, corrections), undefined, word);
    postMessage({ type: 'result', id: data.id, value, ms: performance.now() - started });
  } catch (e) {
    postMessage({ type: 'result', id: data.id, error: String(e?.message ?? e) });
  }
};
