// Sourcelight playground: glue only. The engine (the extension's wasm) runs in
// engine-worker.js; HTML is parsed here with DOMParser (inert: no scripts run,
// nothing loads) and copied by the extension's walker.js; the tooltip is the
// extension's tooltip.js and the colours its highlight.css. The reader's
// corrections are kept in local storage (corrections.js keeps their shape)
// and go to the engine with every request, which applies them.
import { download, downloadText, fileName, languageName, shareLines, sourceItem } from './export.js';

const C = globalThis.SourcelightCorrections;

const $ = (id) => document.getElementById(id);
const { PAINTED: LABELS } = globalThis.SourcelightNames;
const DEBOUNCE_MS = 250;
const SLICE_MS = 8; // rendering yields to the page after this much work: long pastes never block it
const STORE = 'sourcelight-playground-input';
const CORRECTIONS = 'sourcelight-playground-corrections';
const SAMPLES = {
  seed: { file: 'samples/seed-article.txt', mode: 'text' },
  harbour: { file: 'samples/harbour.html', mode: 'html' },
  council: { file: 'samples/council.txt', mode: 'text' },
};

// UI strings shared with the extension (_locales/en/messages.json).
let messages = {};
const t = (key, ...subs) => globalThis.SourcelightWalker.wordsFrom(messages)(key, subs);
const tooltip = globalThis.SourcelightTooltip.create(t);

const state = {
  result: null,
  spans: [], // sentence index -> <span>
  current: -1, // the sentence that holds the roving tab stop
  generation: 0, // bumps on every new result; stale renders stop
  hover: -1,
  corrections: C.empty(location.href),
  undo: [], // corrections made here, newest last: {key, before}
  keep: null, // after a correction: {key, note} of the sentence to show again
};

// ---- status -------------------------------------------------------------
function status(text, kind = 'done') {
  $('status').textContent = text;
  $('status').dataset.state = kind;
}

// ---- the engine ---------------------------------------------------------
// At most one request in flight and one waiting: typing fast never queues a
// backlog of stale work in the worker.
const worker = new Worker('engine-worker.js', { type: 'module' });
let engineReady = false;
let inFlight = null;
let waiting = null;
let nextId = 1;

worker.onmessage = ({ data }) => {
  if (data.type === 'ready') {
    engineReady = true;
    $('version').textContent = data.version;
    if (waiting) send();
    else status($('input').value.trim() ? 'Ready.' : 'Ready: paste an article or choose a sample.');
    return;
  }
  if (data.type === 'fatal') return status(`The engine could not start: ${data.error}`, 'error');
  if (data.type === 'export') return exportReplies.get(data.id)?.(data);
  if (data.type !== 'result' || data.id !== inFlight?.id) return;
  const request = inFlight;
  inFlight = null;
  if (waiting) return send(); // already stale: annotate the newer text instead
  if (data.error) return status(`Could not annotate this input: ${data.error}`, 'error');
  show(data.value, request, data.ms).catch((e) => status(`Could not show the result: ${e?.message ?? e}`, 'error'));
};
worker.onerror = (e) => status(`The engine stopped: ${e.message ?? 'unknown error'}`, 'error');

function send() {
  if (!engineReady || inFlight || !waiting) return;
  inFlight = { ...waiting, id: nextId++ };
  waiting = null;
  status('Annotating…', 'working');
  const { id, kind, text, snapshot, title } = inFlight;
  const corrections = C.flat(state.corrections);
  worker.postMessage(kind === 'snapshot' ? { id, kind, snapshot, corrections } : { id, kind, text, title, url: location.href, corrections });
}

function looksLikeHtml(s) {
  return /^\s*</.test(s) && /<\/?(html|body|article|main|p|div|h[1-6])\b/i.test(s);
}

/** Reads the input box and asks the engine to annotate it. */
function annotateInput() {
  const input = $('input').value;
  if (!input.trim()) {
    waiting = null;
    clearResult();
    return status(engineReady ? 'Ready: paste an article or choose a sample.' : 'Loading the engine…', engineReady ? 'done' : 'loading');
  }
  const mode = $('mode').value === 'auto' ? (looksLikeHtml(input) ? 'html' : 'text') : $('mode').value;
  if (mode === 'html') {
    const doc = new DOMParser().parseFromString(input, 'text/html');
    const { snapshot } = globalThis.SourcelightWalker.snapshot(doc.body, { url: location.href, title: doc.title, lang: doc.documentElement?.lang ?? '' });
    waiting = { kind: 'snapshot', snapshot, title: doc.title, size: input.length };
  } else {
    const title = input.trim().split('\n', 1)[0].slice(0, 120);
    waiting = { kind: 'text', text: input, title, size: input.length };
  }
  send();
}

let debounce = 0;
function scheduleAnnotate() {
  clearTimeout(debounce);
  debounce = setTimeout(annotateInput, DEBOUNCE_MS);
}

// ---- showing a result ---------------------------------------------------
const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

function clearResult() {
  state.generation++;
  state.result = null;
  state.spans = [];
  state.current = -1;
  tooltip.hide(true);
  for (const l of [...LABELS, 'focus']) CSS.highlights.delete('sourcelight-' + l);
  $('reading').replaceChildren();
  $('list').replaceChildren();
  $('summary').hidden = true;
}

function renderSummary(a) {
  for (const k of [...LABELS, 'none']) $('n-' + k).textContent = a.summary[k];
  const claims = a.summary.sourced + a.summary.unsourced + a.summary.speculative;
  const lines = shareLines(a.summary, t);
  $('share').textContent = claims ? lines.share : 'No claims found.';
  const missing = a.corrections_not_found?.length ?? 0;
  $('corrected').hidden = !a.summary.corrected && !missing;
  $('corrected').textContent = lines.corrected + (missing ? ` ${missing} kept for text that is not in this input.` : '');
  $('clear-corrections').hidden = !Object.keys(state.corrections.items).length;
  $('n-sources').textContent = a.sources.length;
  $('sources').replaceChildren(...a.sources.map((s) => sourceItem(s, t)));
  $('summary').hidden = false;
}

async function show(value, request, ms) {
  clearResult();
  const gen = state.generation;
  state.result = value;
  const a = value.annotations;
  const text = value.articleText;
  const reading = $('reading');
  if (a.unsupported_language) {
    // A language the engine has no data for: the text as it is, unlabeled.
    for (const part of text.split(/\n{2,}/)) {
      const p = document.createElement('p');
      p.textContent = part;
      reading.append(p);
    }
    return status(t('popup_language', languageName(a.unsupported_language, navigator.language), a.unsupported_language), 'done');
  }
  renderSummary(a);
  const list = $('list');
  const highlights = Object.fromEntries(LABELS.map((l) => [l, new Highlight()]));

  let para = document.createElement('p');
  reading.append(para);
  // Text between sentences: blank lines start a new paragraph.
  const addGap = (gap) => {
    gap.split(/\n{2,}/).forEach((part, k) => {
      if (k > 0) {
        para = document.createElement('p');
        reading.append(para);
      }
      if (part) para.append(part);
    });
  };
  let pos = 0;
  const n = a.sentences.length;
  status(`${n} sentences, annotated in ${Math.round(ms)} ms; showing…`, 'working');
  // Time-sliced: a slice adds sentences until SLICE_MS have passed, then the
  // page gets the main thread back (input, scrolling, painting).
  const items = document.createDocumentFragment();
  let i = 0;
  while (i < n) {
    if (i > 0) {
      await nextFrame();
      if (gen !== state.generation) return; // a newer result took over
    }
    const sliceEnd = performance.now() + SLICE_MS;
    do {
      const s = a.sentences[i];
      addGap(text.slice(pos, s.start));
      const span = document.createElement('span');
      span.className = 'sentence';
      span.id = 's' + i;
      span.dataset.i = i;
      span.dataset.label = s.label;
      span.tabIndex = -1;
      span.textContent = text.slice(s.start, s.end); // page text is only ever text
      para.append(span);
      if (s.label !== 'none') {
        // The label in words too, not colour alone.
        span.dataset.tag = t('label_' + s.label);
        const r = new Range();
        r.selectNodeContents(span);
        highlights[s.label].add(r);
        const li = document.createElement('li');
        li.dataset.label = s.label;
        const b = document.createElement('button');
        b.type = 'button';
        b.dataset.i = i;
        const tag = document.createElement('span');
        tag.className = 'tag ' + s.label;
        tag.textContent = t('label_' + s.label);
        b.append(tag, ' ', s.text.length > 140 ? s.text.slice(0, 139) + '…' : s.text);
        li.append(b);
        items.append(li);
      }
      state.spans[i] = span;
      pos = s.end;
      i++;
    } while (i < n && (i & 31 || performance.now() < sliceEnd));
  }
  // The side list goes in once: growing it slice by slice re-lays it out each time.
  list.append(items);
  for (const l of LABELS) CSS.highlights.set('sourcelight-' + l, highlights[l]);
  addGap(text.slice(pos));
  if (state.spans.length) setCurrent(0);
  status(n ? `${n} sentences, annotated in ${Math.round(ms)} ms.` : 'No sentences found in this input.', 'done');
  save();
  // After a correction: back on its sentence, with what happened.
  const keep = state.keep;
  state.keep = null;
  const at = keep ? a.sentences.findIndex((x) => x.key === keep.key) : -1;
  if (at >= 0) focusSentence(at, keep.note);
}

// ---- focus, tooltip, keyboard ---------------------------------------------
function setCurrent(i) {
  const old = state.spans[state.current];
  if (old) old.tabIndex = -1;
  state.current = i;
  if (state.spans[i]) state.spans[i].tabIndex = 0;
}

function tipFor(i, note) {
  const span = state.spans[i];
  const s = state.result?.annotations.sentences[i];
  if (!span || !s) return tooltip.hide();
  const actions = { correct: (label, comment) => correct(s, label, comment), undo: state.undo.length ? undo : undefined };
  tooltip.show(s, span.getClientRects()[0] ?? span.getBoundingClientRect(), actions, note);
}

function focusSentence(i, note) {
  const span = state.spans[i];
  if (!span) return;
  setCurrent(i);
  span.focus({ preventScroll: true });
  const rect = span.getBoundingClientRect();
  if (rect.top < 0 || rect.bottom > innerHeight) span.scrollIntoView({ block: 'center' });
  tipFor(i, note);
}

// ---- corrections ----------------------------------------------------------
function loadCorrections() {
  try {
    state.corrections = C.record(JSON.parse(localStorage.getItem(CORRECTIONS) ?? 'null'), location.href);
  } catch {
    state.corrections = C.empty(location.href);
  }
}

/** Keeps the corrections and annotates again; `key`'s sentence is shown after. */
function keepCorrections(record, key, note) {
  state.corrections = record;
  try {
    if (Object.keys(record.items).length) localStorage.setItem(CORRECTIONS, JSON.stringify(record));
    else localStorage.removeItem(CORRECTIONS);
  } catch (e) {
    note = t('tooltip_not_saved', String(e?.message ?? e));
  }
  state.keep = key ? { key, note } : null;
  annotateInput();
}

function correct(s, label, comment) {
  const { record, before } = C.withCorrection(state.corrections, s, label, comment);
  state.undo.push({ key: s.key, before });
  keepCorrections(record, s.key, t(label === null ? 'tooltip_removed' : 'tooltip_saved'));
}

function undo() {
  const last = state.undo.pop();
  if (last) keepCorrections(C.restore(state.corrections, last.key, last.before), last.key, t('tooltip_undone'));
}

function paintFocus(i) {
  CSS.highlights.delete('sourcelight-focus');
  const span = state.spans[i];
  if (!span) return;
  const r = new Range();
  r.selectNodeContents(span);
  CSS.highlights.set('sourcelight-focus', new Highlight(r));
}

const indexOf = (el) => Number(el?.closest?.('.sentence')?.dataset.i ?? -1);

$('reading').addEventListener('focusin', (ev) => {
  const i = indexOf(ev.target);
  if (i < 0) return;
  setCurrent(i);
  paintFocus(i);
  tipFor(i);
});
$('reading').addEventListener('focusout', () => {
  CSS.highlights.delete('sourcelight-focus');
  if (state.hover < 0) tooltip.hide();
});
$('reading').addEventListener('mouseover', (ev) => {
  if (tooltip.holds(ev)) return; // the text was redrawn under a resting pointer
  const i = indexOf(ev.target);
  if (i === state.hover) return;
  state.hover = i;
  if (i >= 0) tipFor(i);
  else if (!document.activeElement?.classList.contains('sentence')) tooltip.hide();
});
$('reading').addEventListener('mouseleave', (ev) => {
  state.hover = -1;
  if (ev.relatedTarget?.localName === 'sourcelight-ui') return; // on its way to the tooltip
  if (!document.activeElement?.classList.contains('sentence')) tooltip.hide();
});
$('reading').addEventListener('keydown', (ev) => {
  const sentences = state.result?.annotations.sentences ?? [];
  if (!sentences.length) return;
  const from = Math.max(0, state.current);
  const flagged = (i) => sentences[i].label === 'unsourced' || sentences[i].label === 'speculative';
  const find = (dir, ok) => {
    for (let i = from + dir; i >= 0 && i < sentences.length; i += dir) if (ok(i)) return i;
    return -1;
  };
  let to = -1;
  if (ev.key === 'Escape') {
    tooltip.hide(true);
    return;
  }
  if (ev.altKey && ev.shiftKey && (ev.code === 'KeyC' || ev.code === 'KeyZ')) {
    ev.preventDefault();
    if (ev.code === 'KeyZ') return undo();
    tipFor(from);
    tooltip.openForm();
    return;
  }
  if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
    const dir = ev.key === 'ArrowDown' ? 1 : -1;
    to = ev.altKey && ev.shiftKey ? find(dir, flagged) : find(dir, () => true);
  } else if (ev.key === 'Home') to = 0;
  else if (ev.key === 'End') to = sentences.length - 1;
  else return;
  ev.preventDefault();
  if (to >= 0) focusSentence(to);
});
addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape') tooltip.hide(true);
});
addEventListener('scroll', () => {
  const i = indexOf(document.activeElement);
  if (tooltip.isOpen() && i >= 0 && state.hover < 0) tipFor(i);
}, { passive: true });

$('list').addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-i]');
  if (b) focusSentence(Number(b.dataset.i));
});
$('filter').addEventListener('change', (ev) => {
  $('list').dataset.filter = ev.target.value;
});

// ---- export -------------------------------------------------------------
$('download-json').addEventListener('click', () => {
  const a = state.result?.annotations;
  if (a) download(a, fileName(a.title, 'sourcelight'));
});
// The W3C and CSV forms are built on demand: for a long text the W3C form
// is several times its size.
const exportReplies = new Map();
async function exported(kind) {
  const r = state.result;
  if (!r) return null;
  const id = nextId++;
  const reply = await new Promise((resolve) => {
    exportReplies.set(id, resolve);
    worker.postMessage({ kind, id, annotations: r.annotations, articleText: r.articleText });
  });
  exportReplies.delete(id);
  if (reply.error) {
    status(`Could not build the ${kind === 'w3c' ? 'W3C annotations' : 'CSV'}: ${reply.error}`, 'error');
    return null;
  }
  return reply.value;
}
$('download-w3c').addEventListener('click', async () => {
  const value = await exported('w3c');
  if (value) download(value, fileName(state.result.annotations.title, 'w3c'));
});
$('download-csv').addEventListener('click', async () => {
  const value = await exported('csv');
  if (value) downloadText(value, fileName(state.result.annotations.title, 'sourcelight', 'csv'), 'text/csv;charset=utf-8');
});
// An exported JSON of this playground's text gives back its corrections.
$('import-file').addEventListener('change', async () => {
  const input = $('import-file');
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  try {
    const items = C.fromExport(await file.text(), location.href);
    keepCorrections(C.merged(state.corrections, items), null, null);
    status(t('popup_imported', String(Object.keys(items).length)));
  } catch (e) {
    status(e instanceof C.ImportError ? t('import_' + e.code, e.detail) : `Could not import: ${e?.message ?? e}`, 'error');
  }
});
$('clear-corrections').addEventListener('click', () => {
  state.undo = [];
  keepCorrections(C.empty(location.href), null, null);
});
$('copy').addEventListener('click', async () => {
  const a = state.result?.annotations;
  if (!a) return;
  try {
    await navigator.clipboard.writeText(JSON.stringify(a, null, 2));
    status(t('popup_copied'));
  } catch (e) {
    status(`Could not copy (${e?.message ?? e}); use Download JSON instead.`, 'error');
  }
});

// ---- input --------------------------------------------------------------
// The text is kept in this browser's storage so a reload loses nothing.
function save() {
  try {
    localStorage.setItem(STORE, JSON.stringify({ input: $('input').value, mode: $('mode').value }));
  } catch {
    // Storage full or disabled: the text stays in the box, just not kept.
  }
}

async function loadSample(name) {
  const sample = SAMPLES[name];
  if (!sample) return;
  try {
    const res = await fetch(sample.file);
    if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
    $('input').value = await res.text();
    $('mode').value = sample.mode;
    annotateInput();
  } catch (e) {
    status(`This sample is not part of this build (${sample.file}: ${e.message}).`, 'error');
  }
}

$('input').addEventListener('input', scheduleAnnotate);
$('mode').addEventListener('change', () => {
  save();
  annotateInput();
});
$('sample').addEventListener('change', (ev) => loadSample(ev.target.value));
$('clear').addEventListener('click', () => {
  $('input').value = '';
  $('sample').value = '';
  try {
    localStorage.removeItem(STORE);
  } catch {
    // nothing kept
  }
  annotateInput();
  $('input').focus();
});

(async () => {
  loadCorrections();
  try {
    messages = await (await fetch('_locales/en/messages.json')).json();
  } catch {
    // Keys stand in for strings; the page still works.
  }
  let kept = null;
  try {
    kept = JSON.parse(localStorage.getItem(STORE) ?? 'null');
  } catch {
    kept = null;
  }
  if (kept?.input && !$('input').value) {
    $('input').value = kept.input;
    if (['auto', 'text', 'html'].includes(kept.mode)) $('mode').value = kept.mode;
  }
  if ($('input').value.trim()) annotateInput();
})();
