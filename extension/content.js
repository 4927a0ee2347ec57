// Sourcelight content script: glue between the page and the engine. It
// snapshots the DOM (walker.js), asks the background engine to annotate it,
// and paints the answer with the CSS Custom Highlight API, which colours
// text without changing the page's DOM. The tooltip is tooltip.js; the
// reader's corrections are kept by corrections.js and applied by the engine.
(() => {
  'use strict';
  // Injected once per page; what the script evaluates to tells the background
  // whether this was the first time (bg.js, activate).
  if (globalThis.__sourcelight) return false;
  const api = globalThis.browser ?? globalThis.chrome;
  const LABELS = ['sourced', 'unsourced', 'speculative'];
  const SLICE_MS = 8; // page-thread work yields after about this long
  const t = (key, ...subs) => api.i18n.getMessage(key, subs) || key;
  const C = globalThis.SourcelightCorrections;

  const state = {
    result: null, // engine output: {annotations, articleText, anchors}
    ranges: [], // per sentence: DOM Range or null
    highlights: new Map(), // Document -> {label -> Highlight of its sentences' ranges}, built with them
    byNode: new Map(), // Text node -> sentence indices touching it
    scopes: [], // open shadow roots and frame documents holding ranges
    shadows: [], // the shadow roots among them
    enabled: false,
    show: new Set(LABELS),
    palette: '', // '' follows light/dark; or '-light', '-dark', '-contrast'
    painted: [], // [registry, name] of the highlights we set
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

  // ---- the engine (bg.js) ------------------------------------------------
  // One port, opened when the script is injected (while the background is
  // still telling us what to do) and kept while the page is in use: a one-off
  // runtime.sendMessage opens and closes a channel on every call. It closes
  // after a quiet minute, so an idle tab does not keep the background alive.
  // The background may also stop, which closes the port: a request in flight
  // then fails over to a fresh port once.
  const PORT_IDLE_MS = 60_000;
  let port = null;
  let idle = 0;
  const waiting = new Map(); // request id -> {resolve, reject}
  let lastId = 0;

  function connect() {
    if (port) return port;
    const p = api.runtime.connect({ name: 'sl:engine' });
    p.onMessage.addListener((m) => {
      const w = waiting.get(m?.id);
      if (!w) return;
      waiting.delete(m.id);
      w.resolve(m);
    });
    p.onDisconnect.addListener(() => {
      if (port === p) port = null;
      for (const w of waiting.values()) w.reject(new Error('the engine stopped'));
      waiting.clear();
    });
    port = p;
    return p;
  }

  function closeWhenIdle() {
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (waiting.size) return closeWhenIdle();
      port?.disconnect();
      port = null;
    }, PORT_IDLE_MS);
  }

  /** Sends without waiting for an answer; false if there is no port to send
   * on. (A lost snapshot part is noticed when the request that needs it is
   * answered.) */
  function post(msg) {
    try {
      connect().postMessage(msg);
      return true;
    } catch {
      port = null;
      return false;
    }
  }

  function send(msg) {
    closeWhenIdle();
    return new Promise((resolve, reject) => {
      const id = ++lastId;
      waiting.set(id, { resolve, reject });
      if (!post({ ...msg, id })) {
        waiting.delete(id);
        reject(new Error('no connection to the engine'));
      }
    });
  }

  /** Asks the engine; the answer is {ok, ...} as bg.js gives it. */
  async function ask(msg) {
    let reply;
    try {
      reply = await send(msg);
    } catch {
      reply = await send(msg); // once more, on a fresh port
    }
    if (!reply?.ok) throw new Error(reply?.error ?? 'no answer from the engine');
    return reply;
  }

  function safe(fn) {
    return (...args) => {
      try {
        return fn(...args);
      } catch (e) {
        state.error = String(e?.message ?? e);
      }
    };
  }

  let lastStream = 0;

  /** Reads this page's corrections from storage.local. */
  async function loadCorrections() {
    const key = C.storageKey(location.href);
    const got = await api.storage.local.get(key);
    state.corrections = C.record(got[key], location.href);
  }

  async function annotate() {
    const t0 = performance.now();
    // Read while the page is: the engine applies them to its answer.
    const fixes = state.corrections ? null : loadCorrections().catch((e) => {
      state.error = String(e?.message ?? e);
      state.corrections = C.empty(location.href);
    });
    // In slices: a big page's snapshot must not hold the page's thread. What
    // is written before each of the page's turns goes to the engine at once,
    // so it travels while the rest is taken.
    const slices = globalThis.SourcelightWalker.slicer(SLICE_MS);
    const stream = ++lastStream;
    const parts = [];
    const { snapshot: last, nodes } = await globalThis.SourcelightWalker.snapshotInSlices(document.body, slices, undefined, (text) => {
      post({ type: 'sl:part', stream, text });
      parts.push(text);
    });
    state.passes++;
    const t1 = performance.now();
    const sentAt = performance.timeOrigin + t1;
    // Strings, not object graphs, cross the message boundary both ways: one
    // string is copied in one piece, where a large object graph is walked
    // node by node (seconds on a 5 MB page in Firefox).
    const snapshotTaskMs = slices.longest();
    await fixes;
    const corrections = C.flat(state.corrections);
    let reply;
    try {
      reply = await ask({ type: 'sl:annotate', stream, parts: parts.length, snapshot: last, corrections });
    } catch (e) {
      if (!parts.length) throw e;
      // A part was lost (the engine restarted): the whole snapshot at once.
      reply = await ask({ type: 'sl:annotate', snapshot: parts.join('') + last, corrections });
    }
    const t2 = performance.now();
    const gotAt = performance.timeOrigin + t2;
    // The answer is handled in slices too, from its arrival to painting (a
    // 5 MB page has about 100,000 sentences); the state changes only once all
    // ranges are made.
    const answer = globalThis.SourcelightWalker.slicer(SLICE_MS);
    const result = await globalThis.SourcelightWalker.readAnswer(reply.value, answer);
    const sentences = result.annotations.sentences;
    const ranges = new Array(result.anchors.length).fill(null);
    const byNode = new Map();
    // One Highlight per label (per document: a same-origin frame has its
    // own registry), filled here in slices: painting and toggling then only
    // register them (100,000 ranges added in one go took 51 ms).
    const highlights = new Map();
    const scopes = new Set(); // open shadow roots and frame documents holding ranges
    let lastParent = null;
    for (let i = 0; i < result.anchors.length; i++) {
      if ((i & 255) === 255) await answer.next();
      const a = result.anchors[i];
      if (!a) continue;
      try {
        const start = nodes[a[0]];
        const doc = start.ownerDocument;
        const r = doc === document ? new Range() : doc.createRange();
        r.setStart(start, a[1]);
        r.setEnd(nodes[a[2]], a[3]);
        ranges[i] = r;
        highlightsOf(highlights, doc)[sentences[i]?.label]?.add(r);
        // Sentences in a row share their text's parent: ask for its tree once.
        if (start.parentNode !== lastParent) {
          lastParent = start.parentNode;
          const root = start.getRootNode();
          if (root !== document) scopes.add(root);
        }
      } catch {
        continue; // the page changed under us; skip this sentence
      }
      for (let n = a[0]; n <= a[2]; n++) {
        const node = nodes[n];
        if (node?.nodeType !== 3) continue;
        if (!byNode.has(node)) byNode.set(node, []);
        byNode.get(node).push(i);
      }
    }
    await adoptSheet(scopes);
    state.scopes = [...scopes];
    state.shadows = state.scopes.filter((root) => root.nodeType === 11 && root.host); // for hit-testing
    if (state.enabled) watch();
    state.result = result;
    state.ranges = ranges;
    state.highlights = highlights;
    state.byNode = byNode;
    state.answerSlices = answer;
    // Where the time goes, for the benchmarks (./build.sh bench).
    state.timing = { nodes: nodes.length, snapshotMs: t1 - t0, engineMs: t2 - t1, wasmMs: reply.ms ?? null, anchorMs: performance.now() - t2,
      toEngineMs: reply.at - sentAt, fromEngineMs: gotAt - reply.done, longestTaskMs: Math.max(snapshotTaskMs, answer.longest()) };
  }

  // ---- where a range paints ------------------------------------------
  // A range paints through the highlight registry of its own document, and
  // only where ::highlight() rules reach its tree: the page has our sheet
  // from bg.js; an open shadow root or a same-origin frame that holds
  // ranges adopts a constructed copy, once (adoptedStyleSheets changes no
  // markup).

  /** The label -> Highlight map of `doc`, made with that document's own
   * constructor (a frame's registry takes only its own). */
  function highlightsOf(map, doc) {
    let hs = map.get(doc);
    if (!hs) {
      const H = doc === document ? Highlight : doc.defaultView.Highlight;
      hs = Object.fromEntries(LABELS.map((l) => [l, new H()]));
      map.set(doc, hs);
    }
    return hs;
  }

  const registry = (doc) => (doc === document ? CSS.highlights : doc.defaultView?.CSS?.highlights);

  const adopted = new WeakSet();
  let sheetText = null;
  async function adoptSheet(scopes) {
    const todo = [...scopes].filter((root) => !adopted.has(root));
    if (!todo.length) return;
    sheetText ??= ask({ type: 'sl:css' }).then((r) => String(r.value));
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

  function paint() {
    clearPaint();
    if (!state.enabled || !state.result) return;
    const set = (doc, name, highlight) => {
      const full = 'sourcelight-' + name + state.palette;
      const reg = registry(doc);
      if (!reg) return;
      reg.set(full, highlight);
      state.painted.push([reg, full]);
    };
    for (const [doc, hs] of state.highlights) {
      for (const label of LABELS) {
        if (state.show.has(label)) set(doc, label, hs[label]);
      }
    }
    const f = state.ranges[state.focus];
    if (f) {
      const doc = f.startContainer.ownerDocument;
      const H = doc === document ? Highlight : doc.defaultView.Highlight;
      set(doc, 'focus', new H(f));
    }
  }

  function clearPaint() {
    for (const [reg, name] of state.painted) reg.delete(name);
    state.painted = [];
  }

  // ---- tooltip (tooltip.js) -------------------------------------------
  const tooltip = globalThis.SourcelightTooltip.create(t);
  function showTip(i, rect, note) {
    state.tip = i;
    const actions = { correct: (label, comment) => correct(i, label, comment), undo: state.undo.length ? undo : undefined };
    tooltip.show(state.result?.annotations.sentences[i], rect, actions, note);
  }
  const hideTip = (force) => {
    tooltip.hide(force);
    if (!tooltip.isOpen()) state.tip = -1;
  };

  // ---- corrections (corrections.js keeps them; the engine applies them) ----

  /** Corrects sentence `i` to `label` (null: back to the engine's label). */
  async function correct(i, label, comment) {
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
    const i = state.result?.annotations.sentences.findIndex((s) => s.key === last.key) ?? -1;
    if (i >= 0) repaintAs(i, last.before?.label ?? state.result.annotations.sentences[i].engine_label);
    await keep(C.restore(state.corrections, last.key, last.before), last.key, t('tooltip_undone'));
  }

  /** Paints sentence `i` as `label` at once, before the pass that applies
   * the correction (which then paints everything as the engine says): on a
   * long article the pass takes a while, the reader's click should not. */
  function repaintAs(i, label) {
    const r = state.ranges[i];
    const hs = r && state.highlights.get(r.startContainer.ownerDocument);
    if (!hs) return;
    for (const l of LABELS) hs[l].delete(r);
    hs[label]?.add(r);
  }

  /** Stores the page's corrections and annotates the page again with them;
   * the tooltip then shows sentence `key` as it now is, with `note`. A
   * failed write is said in the tooltip; the corrections still apply here. */
  async function keep(record, key, note) {
    state.corrections = { ...record, title: document.title };
    const storeKey = C.storageKey(location.href);
    state.writes.add(JSON.stringify(record.items));
    try {
      if (Object.keys(record.items).length) await api.storage.local.set({ [storeKey]: state.corrections });
      else await api.storage.local.remove(storeKey);
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
    const i = key ? (state.result?.annotations.sentences ?? []).findIndex((s) => s.key === key) : -1;
    const r = state.ranges[i];
    if (!r) return hideTip(true);
    state.focus = i;
    paint();
    showTip(i, r.getClientRects()[0] ?? r.getBoundingClientRect(), note);
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
    for (const i of state.byNode.get(node) ?? []) {
      const r = state.ranges[i];
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
    if (!state.enabled || pending) return;
    pending = true;
    requestAnimationFrame(safe(() => {
      pending = false;
      const ev = pointer;
      // The form is open, the tooltip shows what the reader just did, or
      // the pointer is on it: it stays as it is.
      if (tooltip.isPinned() || tooltip.holds(ev) || ev.target?.localName === 'sourcelight-ui') return;
      const i = sentenceAt(ev.clientX, ev.clientY);
      if (i < 0) return state.focus < 0 && hideTip();
      const rects = [...state.ranges[i].getClientRects()];
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
    const flagged = (i) => state.ranges[i] && (all || ((s[i].label === 'unsourced' || s[i].label === 'speculative') && state.show.has(s[i].label)));
    for (let k = 1; k <= s.length; k++) {
      const i = (state.focus + dir * k + s.length * 2) % s.length;
      if (flagged(i)) {
        state.focus = i;
        paint();
        const r = state.ranges[i];
        const rect = r.getBoundingClientRect();
        if (rect.top < 0 || rect.bottom > window.innerHeight) {
          window.scrollBy({ top: rect.top - window.innerHeight / 3 });
        }
        showTip(i, r.getClientRects()[0] ?? r.getBoundingClientRect());
        return;
      }
    }
  }

  // Keys, all with Alt+Shift (the page keeps every plain key): ↓/↑ flagged
  // sentences, →/← every sentence, C corrects the one on show, Z
  // undoes the last correction. By code, not key: Alt changes the key on
  // some layouts.
  const onKey = safe((ev) => {
    if (!state.enabled) return;
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
      if (state.tip < 0 && state.focus >= 0) {
        const r = state.ranges[state.focus];
        showTip(state.focus, r.getClientRects()[0] ?? r.getBoundingClientRect());
      }
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
    state.pending = annotate().finally(() => { state.pending = null; });
    await state.pending;
    state.stale = false;
    state.focus = -1; // sentence indices changed
    paint();
  }

  /** Observes the page and every open shadow root and frame that holds
   * our ranges: a mutation inside a shadow tree or a frame does not reach an
   * observer on the page's body. (Observing a node again only renews it.) */
  function watch() {
    const opts = { childList: true, subtree: true, characterData: true };
    if (document.body) observer.observe(document.body, opts);
    for (const root of state.scopes) {
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
      passes: state.passes,
      timing: state.timing,
    };
  }

  async function loadPrefs() {
    const { labels, palette } = await api.storage.sync.get(['labels', 'palette']);
    if (Array.isArray(labels)) state.show = new Set(labels.filter((l) => LABELS.includes(l)));
    state.palette = ['light', 'dark', 'contrast'].includes(palette) ? '-' + palette : '';
  }

  async function handle(msg) {
    switch (msg.type) {
      case 'sl:on':
      case 'sl:toggle':
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
          setEnabled(msg.type === 'sl:on' ? true : !state.enabled);
        }
        return status();
      case 'sl:set':
        if (msg.enabled && !state.result) return handle({ type: 'sl:on' });
        setEnabled(Boolean(msg.enabled));
        return status();
      case 'sl:status':
        return status();
      case 'sl:export': {
        if (!state.result) return null;
        const { annotations, articleText } = state.result;
        if (msg.csv) return { annotations, csv: (await ask({ type: 'sl:csv', annotations, articleText })).value };
        if (!msg.w3c) return { annotations };
        const reply = await ask({ type: 'sl:w3c', annotations, articleText });
        return { annotations, w3c: reply.value };
      }
      case 'sl:import': {
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
  api.storage.onChanged.addListener(safe((changes, area) => {
    if (!state.result) return;
    if (area === 'local') return correctionsChanged(changes);
    const again = 'cues' in changes ? refresh : async () => paint();
    loadPrefs().then(again).catch((e) => { state.error = String(e?.message ?? e); });
  }));

  api.runtime.onMessage.addListener((msg, sender, reply) => {
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
    connect();
  } catch {
    // opened again on the first request
  }
  globalThis.__sourcelight = true;
  return true;
})();
