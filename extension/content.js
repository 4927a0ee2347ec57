// Sourcelight content script: the reader's side of the page. engine.js
// annotates the page (in the page or in the background: it alone knows
// which) and gives back the answer and a view that paints it with the CSS
// Custom Highlight API, which colours text without changing the page's DOM.
// Here: toggling, hit-testing, keys, mutations and corrections. The tooltip
// is tooltip.js; the corrections are kept by corrections.js and applied by
// the engine.
(() => {
  'use strict';
  // Injected once per page; what the script evaluates to tells the background
  // whether this was the first time (bg.js, activate).
  if (globalThis.__sourcelight) return false;
  const P = globalThis.SourcelightPlatform;
  const E = globalThis.SourcelightEngine;
  const { PAINTED: LABELS, MSG } = globalThis.SourcelightNames;
  const { t } = P;
  const C = globalThis.SourcelightCorrections;

  // A view of no answer yet, in the shape engine.js gives.
  const NO_VIEW = { ranges: [], byNode: new Map(), scopes: [], paint() {}, clear() {}, paintAs() {}, free() {} };

  const state = {
    result: null, // engine output: {annotations, articleText, anchors}
    // The answer in the page (engine.js): ranges (per sentence, a DOM Range
    // or null), byNode (Text node -> sentence indices touching it), scopes
    // (open shadow roots and frame documents holding ranges), paint, clear, paintAs.
    view: NO_VIEW,
    shadows: [], // the open shadow roots among the view's scopes, for hit-testing
    enabled: false,
    show: new Set(LABELS),
    palette: '', // '' follows light/dark; or '-light', '-dark', '-contrast'
    focus: -1,
    error: null,
    pending: null,
    passes: 0, // annotation passes so far (the mutation batching is tested on it)
    timing: null,
    answerSlices: null, // time slices of the last answer, read once it is painted (timing)
    corrections: null, // this page's record (corrections.js), once read
    undo: [], // corrections made here, newest last: {key, before}
    writes: new Set(), // the items of our own writes to storage, until storage reports them
    stale: false, // corrections changed while the highlights were off
    tip: -1, // the sentence whose tooltip is on show
  };

  function safe(fn) {
    return (...args) => {
      try {
        return fn(...args);
      } catch (e) {
        state.error = String(e?.message ?? e);
      }
    };
  }

  /** Reads this page's corrections from storage.local. */
  async function loadCorrections() {
    const key = C.storageKey(location.href);
    const got = await P.local.get(key);
    state.corrections = C.record(got[key], location.href);
  }

  async function annotate() {
    // Read while the page is: the engine applies them to its answer.
    const fixes = state.corrections ? Promise.resolve() : loadCorrections().catch((e) => {
      state.error = String(e?.message ?? e);
      state.corrections = C.empty(location.href);
    });
    const { result, view, timing, slices } = await E.annotate(fixes.then(() => C.flat(state.corrections)));
    state.passes++;
    await adoptSheet(view.scopes);
    state.view.clear();
    state.view.free();
    state.view = view;
    state.shadows = view.scopes.filter((root) => root.nodeType === 11 && root.host); // for hit-testing
    if (state.enabled) watch();
    state.result = result;
    state.answerSlices = slices;
    // Where the time goes, for the benchmarks (./build.sh bench).
    state.timing = timing;
  }

  // ---- where a range paints ------------------------------------------
  // A range paints through the highlight registry of its own document, and
  // only where ::highlight() rules reach its tree: the page has our sheet
  // from bg.js; an open shadow root or a same-origin frame that holds
  // ranges adopts a constructed copy, once (adoptedStyleSheets changes no
  // markup).

  const adopted = new WeakSet();
  let sheetText = null;
  async function adoptSheet(scopes) {
    const todo = [...scopes].filter((root) => !adopted.has(root));
    if (!todo.length) return;
    sheetText ??= E.css();
    const css = await sheetText;
    for (const root of todo) {
      try {
        const doc = root.ownerDocument ?? root; // a shadow root's document, or the frame's
        const sheet = new doc.defaultView.CSSStyleSheet();
        sheet.replaceSync(css);
        if (typeof root.adoptedStyleSheets?.push === 'function') root.adoptedStyleSheets.push(sheet);
        else root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
        adopted.add(root);
      } catch (e) {
        state.error = String(e?.message ?? e); // painted without colours there; the rest still works
      }
    }
  }

  /** Whether the engine could read the page's language: a page in a
   * language it has no data for is labeled by the English rules, which the
   * reader is not shown as if they were right (the panel says why). */
  const readable = () => !state.result?.annotations?.unsupported_language;

  /** Registers the highlights of the labels on show, and the focus. */
  function paint() {
    clearPaint();
    if (!state.enabled || !readable()) return;
    const show = LABELS.reduce((bits, l, k) => bits | (state.show.has(l) ? 1 << k : 0), 0);
    state.view.paint(show, state.palette, state.focus);
  }

  const clearPaint = () => state.view.clear();

  // ---- tooltip (tooltip.js) -------------------------------------------
  const tooltip = globalThis.SourcelightTooltip.create(t);
  function showTip(i, rect, note) {
    state.tip = i;
    const s = state.result?.annotations.sentences[i];
    // By key, not index: a pass may end while the form is open, and the
    // index may then be another sentence's.
    const actions = { correct: (label, comment) => correct(s?.key, label, comment), undo: state.undo.length ? undo : undefined };
    tooltip.show(s, rect, actions, note);
  }
  /** Shows the tooltip under the first line of sentence `i`; hides it
   * when `i` has no range (any more). */
  function showTipOn(i, note) {
    const r = state.view.ranges[i];
    if (!r) return hideTip(true);
    showTip(i, r.getClientRects()[0] ?? r.getBoundingClientRect(), note);
  }
  const hideTip = (force) => {
    tooltip.hide(force);
    if (!tooltip.isOpen()) state.tip = -1;
  };

  // ---- corrections (corrections.js keeps them; the engine applies them) ----

  /** The index of the sentence with `key` now, or -1. */
  const indexOf = (key) => (key ? (state.result?.annotations.sentences ?? []).findIndex((s) => s.key === key) : -1);

  /** Corrects the sentence with `key` to `label` (null: back to the engine's label). */
  async function correct(key, label, comment) {
    const i = indexOf(key);
    const s = state.result?.annotations.sentences[i];
    if (!s) return;
    const { record, before } = C.withCorrection(state.corrections ?? C.empty(location.href), s, label, comment);
    state.undo.push({ key: s.key, before });
    repaintAs(i, label ?? s.engine_label);
    await keep(record, s.key, t(label === null ? 'tooltip_removed' : 'tooltip_saved'));
  }

  async function undo() {
    const last = state.undo.pop();
    if (!last) return;
    const i = indexOf(last.key);
    if (i >= 0) repaintAs(i, last.before?.label ?? state.result.annotations.sentences[i].engine_label);
    await keep(C.restore(state.corrections, last.key, last.before), last.key, t('tooltip_undone'));
  }

  /** Paints sentence `i` as `label` at once, before the pass that applies
   * the correction (which then paints everything as the engine says): on a
   * long article the pass takes a while, the reader's click should not. */
  const repaintAs = (i, label) => state.view.paintAs(i, label);

  /** Stores the page's corrections and annotates the page again with them;
   * the tooltip then shows sentence `key` as it now is, with `note`. A
   * failed write is said in the tooltip; the corrections still apply here. */
  async function keep(record, key, note) {
    state.corrections = { ...record, title: document.title };
    const storeKey = C.storageKey(location.href);
    state.writes.add(JSON.stringify(record.items));
    try {
      if (Object.keys(record.items).length) await P.local.set({ [storeKey]: state.corrections });
      else await P.local.remove(storeKey);
    } catch (e) {
      note = t('tooltip_not_saved', String(e?.message ?? e));
    }
    await reapply(key, note);
  }

  /** A fresh pass with the current corrections; the keyboard focus and the
   * tooltip stay on sentence `key` (indices may change with the page). */
  async function reapply(key, note) {
    if (!state.enabled) {
      state.stale = true;
      return;
    }
    await refresh(true);
    const i = indexOf(key);
    if (!state.view.ranges[i]) return hideTip(true);
    state.focus = i;
    paint();
    showTipOn(i, note);
  }

  /** Another tab, the panel's import or the options page changed this
   * page's corrections. */
  function correctionsChanged(changes) {
    const key = C.storageKey(location.href);
    if (!(key in changes)) return;
    const r = C.record(changes[key].newValue, location.href);
    const items = JSON.stringify(r.items);
    // Our own writes come back here too, maybe after a newer one of ours.
    if (state.writes.delete(items) || items === JSON.stringify(state.corrections?.items ?? {})) return;
    state.corrections = r;
    state.undo = [];
    reapply(state.result?.annotations.sentences[state.tip]?.key).catch((e) => { state.error = String(e?.message ?? e); });
  }

  function sentenceAt(x, y) {
    let node, offset;
    if (document.caretPositionFromPoint) {
      // Named open shadow roots are looked into (where the browser supports it).
      const p = document.caretPositionFromPoint(x, y, { shadowRoots: state.shadows });
      node = p?.offsetNode;
      offset = p?.offset;
    } else if (document.caretRangeFromPoint) {
      const r = document.caretRangeFromPoint(x, y);
      node = r?.startContainer;
      offset = r?.startOffset;
    }
    for (const i of state.view.byNode.get(node) ?? []) {
      const r = state.view.ranges[i];
      const label = state.result.annotations.sentences[i].label;
      if (r && state.show.has(label) && r.isPointInRange(node, offset)) return i;
    }
    return -1;
  }

  // Hit-testing runs at most once a frame, at the pointer's latest position.
  let pending = false;
  let pointer = null;
  const onMove = safe((ev) => {
    pointer = ev;
    if (!state.enabled || pending || !readable()) return;
    pending = true;
    requestAnimationFrame(safe(() => {
      pending = false;
      const ev = pointer;
      // The form is open, the tooltip shows what the reader just did, or
      // the pointer is on it: it stays as it is.
      if (tooltip.isPinned() || tooltip.holds(ev) || ev.target?.localName === 'sourcelight-ui') return;
      const i = sentenceAt(ev.clientX, ev.clientY);
      if (i < 0) return state.focus < 0 && hideTip();
      const rects = [...state.view.ranges[i].getClientRects()];
      const hit = rects.find((r) => ev.clientX >= r.left && ev.clientX <= r.right && ev.clientY >= r.top && ev.clientY <= r.bottom);
      // Under the line the pointer is on (or the nearest), never over it:
      // a tooltip that opened under the pointer would hold it.
      const gap = (r) => Math.abs((r.top + r.bottom) / 2 - ev.clientY);
      showTip(i, hit ?? rects.reduce((a, r) => (gap(r) < gap(a) ? r : a), rects[0]));
    }));
  });

  /** Moves the keyboard focus to the next/previous flagged sentence (or,
   * with `all`, any sentence). */
  function step(dir, all = false) {
    const s = state.result?.annotations.sentences ?? [];
    // Every sentence with `all`, the ones not painted too: a reader corrects
    // a missed claim, or takes back a correction to "not a claim", there.
    const flagged = (i) => state.view.ranges[i] && (all || ((s[i].label === 'unsourced' || s[i].label === 'speculative') && state.show.has(s[i].label)));
    for (let k = 1; k <= s.length; k++) {
      const i = (state.focus + dir * k + s.length * 2) % s.length;
      if (flagged(i)) {
        state.focus = i;
        paint();
        const r = state.view.ranges[i];
        const rect = r.getBoundingClientRect();
        if (rect.top < 0 || rect.bottom > window.innerHeight) {
          window.scrollBy({ top: rect.top - window.innerHeight / 3 });
        }
        showTipOn(i);
        return;
      }
    }
  }

  // Keys, all with Alt+Shift (the page keeps every plain key): ↓/↑ flagged
  // sentences, →/← every sentence, C corrects the one on show, Z
  // undoes the last correction. By code, not key: Alt changes the key on
  // some layouts.
  const onKey = safe((ev) => {
    if (!state.enabled || !readable()) return;
    if (ev.key === 'Escape' && (state.focus >= 0 || tooltip.isOpen())) {
      state.focus = -1;
      hideTip(true);
      paint();
      return;
    }
    if (!ev.altKey || !ev.shiftKey) return;
    const arrows = { ArrowDown: [1, false], ArrowUp: [-1, false], ArrowRight: [1, true], ArrowLeft: [-1, true] };
    if (arrows[ev.key]) {
      ev.preventDefault();
      step(...arrows[ev.key]);
    } else if (ev.code === 'KeyC') {
      ev.preventDefault();
      if (state.tip < 0 && state.focus >= 0) showTipOn(state.focus);
      tooltip.openForm();
    } else if (ev.code === 'KeyZ') {
      ev.preventDefault();
      undo().catch((e) => { state.error = String(e?.message ?? e); });
    }
  });

  // ---- dynamic pages ---------------------------------------------------
  // Live blogs and "load more" add text after we ran. Mutations are batched:
  // a quiet spell of QUIET ms, or at most one pass every MAX_WAIT ms while the
  // page keeps changing, so a page that mutates constantly costs a bounded
  // amount of work. Our own UI is outside <body>, so it never triggers this.
  const QUIET = 300;
  const MAX_WAIT = 1000;
  let timer = 0;
  let firstPending = 0;
  const observer = new MutationObserver(safe(() => {
    const now = performance.now();
    if (!firstPending) firstPending = now;
    clearTimeout(timer);
    const wait = Math.max(0, Math.min(QUIET, firstPending + MAX_WAIT - now));
    timer = setTimeout(() => refresh().catch((e) => { state.error = String(e?.message ?? e); }), wait);
  }));

  /** A fresh pass. Changes that arrive while a pass is running get a pass
   * of their own after it (the snapshot is taken in slices, so a pass can
   * take a while); mutations that pile up meanwhile share one, but a pass
   * `after` a change of corrections always runs once the others are done
   * (they may have read the corrections before the change). */
  async function refresh(after = false) {
    firstPending = 0;
    if (state.pending) await state.pending.catch(() => {});
    while (after && state.pending) await state.pending.catch(() => {});
    if (!state.enabled || state.pending) return;
    const focused = state.result?.annotations.sentences[state.focus]?.key;
    const onShow = tooltip.isOpen() ? tooltip.current()?.key : null;
    state.pending = annotate().finally(() => { state.pending = null; });
    await state.pending;
    state.stale = false;
    // Indices change with the page: the keyboard focus and the tooltip
    // (with a form the reader may be filling in) follow their sentence to
    // where it is now, or go if it is gone.
    state.focus = indexOf(focused);
    paint();
    if (onShow && tooltip.isOpen()) showTipOn(indexOf(onShow));
  }

  /** Observes the page and every open shadow root and frame that holds
   * our ranges: a mutation inside a shadow tree or a frame does not reach an
   * observer on the page's body. (Observing a node again only renews it.) */
  function watch() {
    const opts = { childList: true, subtree: true, characterData: true };
    if (document.body) observer.observe(document.body, opts);
    for (const root of state.view.scopes) {
      const target = root.nodeType === 9 ? root.body : root; // a frame's document, or a shadow root
      if (target) observer.observe(target, opts);
    }
  }

  function setEnabled(on) {
    state.enabled = on;
    if (on) {
      addEventListener('mousemove', onMove, { passive: true });
      addEventListener('keydown', onKey);
      watch();
    } else {
      removeEventListener('mousemove', onMove);
      removeEventListener('keydown', onKey);
      observer.disconnect();
      clearTimeout(timer);
      firstPending = 0;
      state.focus = -1;
      hideTip(true);
    }
    paint();
    if (on && state.stale) refresh().catch((e) => { state.error = String(e?.message ?? e); });
  }

  function status() {
    const a = state.result?.annotations;
    return {
      page: location.href,
      notFound: (a?.corrections_not_found ?? []).map((c) => ({ text: c.text, label: c.label })),
      enabled: state.enabled,
      found: Boolean(a && a.sentences.length),
      summary: a?.summary ?? null,
      coverage: a?.coverage ?? null,
      sources: a?.sources ?? [],
      title: a?.title ?? document.title,
      error: state.error,
      // The page's language where the engine has no data for it (nothing painted).
      language: a?.unsupported_language ?? null,
      passes: state.passes,
      timing: state.timing,
    };
  }

  async function loadPrefs() {
    const { labels, palette } = await P.sync.get(['labels', 'palette']);
    if (Array.isArray(labels)) state.show = new Set(labels.filter((l) => LABELS.includes(l)));
    state.palette = ['light', 'dark', 'contrast'].includes(palette) ? '-' + palette : '';
  }

  async function handle(msg) {
    switch (msg.type) {
      case MSG.on:
      case MSG.toggle:
        if (!state.result) {
          const started = performance.now();
          const first = !state.pending;
          // One annotation at a time: the popup and the shortcut may both ask.
          // Preferences load while the page is read and annotated.
          state.pending ??= Promise.all([loadPrefs(), annotate()]).finally(() => { state.pending = null; });
          await state.pending;
          setEnabled(true);
          const timing = state.timing;
          if (first && timing) {
            // Highlights set now; painted at the next frame.
            timing.startedAt = started;
            timing.totalMs = performance.now() - started;
            // The answer's last slice ran on to here (painting included).
            timing.longestTaskMs = Math.max(timing.longestTaskMs, state.answerSlices.longest());
            requestAnimationFrame(() => setTimeout(() => {
              timing.paintedMs = performance.now() - started;
              // From the background's receiving the request: our style sheet and this script's injection too.
              if (Number.isFinite(msg.askedAt)) timing.fromAskedMs = performance.timeOrigin + performance.now() - msg.askedAt;
            }));
          }
        } else {
          setEnabled(msg.type === MSG.on ? true : !state.enabled);
        }
        return status();
      case MSG.set:
        if (msg.enabled && !state.result) return handle({ type: MSG.on });
        setEnabled(Boolean(msg.enabled));
        return status();
      case MSG.status:
        return status();
      case MSG.pass: {
        // A fresh pass, as a mutation gets, timed (for the benchmarks).
        const t0 = performance.now();
        await refresh();
        return { ms: performance.now() - t0, timing: state.timing };
      }
      case MSG.export: {
        if (!state.result) return null;
        const { annotations, articleText } = state.result;
        if (msg.csv) return { annotations, csv: await E.csv(annotations) };
        if (!msg.w3c) return { annotations };
        return { annotations, w3c: await E.w3c(annotations, articleText) };
      }
      case MSG.import: {
        // Entries the panel read from an exported file (corrections.js, fromExport).
        if (!state.corrections) await loadCorrections();
        const items = C.record({ items: msg.items }, location.href).items;
        await keep(C.merged(state.corrections, items), null, null);
        if (state.stale) {
          // Highlights off: annotate now anyway, so the panel's counts follow.
          await (state.pending ?? annotate());
          state.stale = false;
        }
        return status();
      }
      default:
        return undefined;
    }
  }

  // Options changed: repaint with the new labels and palette; new cue words
  // need a fresh annotation.
  P.onStorageChanged(safe((changes, area) => {
    if (!state.result) return;
    if (area === 'local') return correctionsChanged(changes);
    const again = 'cues' in changes ? refresh : async () => paint();
    loadPrefs().then(again).catch((e) => { state.error = String(e?.message ?? e); });
  }));

  P.onMessage((msg, sender, reply) => {
    if (typeof msg?.type !== 'string' || !msg.type.startsWith('sl:')) return false;
    handle(msg).then(
      (value) => reply(value),
      (e) => {
        state.error = String(e?.message ?? e);
        reply(status());
      },
    );
    return true;
  });

  try {
    E.connect();
  } catch {
    // opened again on the first request
  }
  globalThis.__sourcelight = true;
  return true;
})();
