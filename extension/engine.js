// Sourcelight engine seam: the one place in the page that knows where the
// engine runs. Two routes, one wasm module:
//  - in the page: the module loads into this content script and reads and
//    paints the live page itself (annotatePage, src/web/src/page.rs). Only
//    where the content script may compile WebAssembly: Firefox always,
//    Chromium unless the page's CSP forbids it, which a tiny probe module
//    tells once per page;
//  - in the background: the page is copied into a snapshot (walker.js) that
//    goes to the engine in the extension's own context (bg.js) over a port,
//    and paint.js paints the answer.
// A page's first pass takes the background route, whose engine is already
// warm: a module started cold in the page costs several times more
// (BENCHMARKS.md). The module then loads and warms up here while the page
// is idle, and the passes after (mutations, corrections) run in the page
// where the last pass says one takes no longer than a slice of the
// background route's page work.
// Both routes give the content script the same thing: the answer and a view
// of it (ranges, hit-testing map, paint/clear/paintAs).
(() => {
  'use strict';
  if (globalThis.SourcelightEngine) return;
  const P = globalThis.SourcelightPlatform;
  const { MSG } = globalThis.SourcelightNames;
  const SLICE_MS = 8; // page-thread work yields after about this long
  /** Words the engine's reasons in the reader's language (the `why_*` messages of _locales). */
  const { word } = P;
  // The in-page engine reads and annotates in one go on the page's thread,
  // where the background route's page work is cut into slices: a pass runs
  // in the page only if the last one says it will take no longer than one
  // of those slices, and never again on a page where one took twice that
  // (see BENCHMARKS.md, "The two routes").
  const IN_PAGE_BUDGET_MS = SLICE_MS;
  // The smallest valid module: compiling it tells whether the page's CSP
  // lets this content script compile WebAssembly.
  const PROBE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

  // ---- the background route ---------------------------------------------
  const { post, ask } = globalThis.SourcelightPort;

  let lastStream = 0;

  /** The background route: snapshot in slices, the engine in bg.js, the
   * answer read and painted in slices. */
  async function inBackground(corrections) {
    const W = globalThis.SourcelightWalker;
    const t0 = performance.now();
    // What is written before each of the page's turns goes to the engine at
    // once, so it travels while the rest is taken.
    const slices = W.slicer(SLICE_MS);
    const stream = ++lastStream;
    const parts = [];
    const { snapshot: last, nodes } = await W.snapshotInSlices(document.body, slices, undefined, (text) => {
      post({ type: MSG.part, stream, text });
      parts.push(text);
    });
    const t1 = performance.now();
    const sentAt = performance.timeOrigin + t1;
    const snapshotTaskMs = slices.longest();
    // Strings, not object graphs, cross the message boundary both ways: one
    // string is copied in one piece, where a large object graph is walked
    // node by node (seconds on a 5 MB page in Firefox).
    let reply;
    try {
      reply = await ask({ type: MSG.annotate, stream, parts: parts.length, snapshot: last, corrections: await corrections });
    } catch (e) {
      if (!parts.length) throw e;
      // A part was lost (the engine restarted): the whole snapshot at once.
      reply = await ask({ type: MSG.annotate, snapshot: parts.join('') + last, corrections: await corrections });
    }
    const t2 = performance.now();
    const gotAt = performance.timeOrigin + t2;
    const answer = W.slicer(SLICE_MS);
    const result = await W.readAnswer(reply.value, answer, word);
    const view = await globalThis.SourcelightPaint.view(result, nodes, answer);
    const timing = { route: 'background', nodes: nodes.length, snapshotMs: t1 - t0, engineMs: t2 - t1, wasmMs: reply.ms ?? null,
      anchorMs: performance.now() - t2, toEngineMs: reply.at - sentAt, fromEngineMs: gotAt - reply.done,
      longestTaskMs: Math.max(snapshotTaskMs, answer.longest()) };
    return { result, view, timing, slices: answer };
  }

  // ---- the in-page route ------------------------------------------------

  /** Whether this content script may compile WebAssembly here. */
  function mayCompile() {
    try {
      return new WebAssembly.Module(PROBE) instanceof WebAssembly.Module;
    } catch {
      return false; // the page's CSP forbids it (Chromium)
    }
  }

  // The user's cue words, flat as the engine takes them (bg.js reads them
  // the same way for the background route).
  let cuesRead = null;
  const userCues = () => (cuesRead ??= P.sync.get('cues').then(({ cues }) => globalThis.SourcelightCues.flat(cues)));

  let glue = null;
  /** The module, loaded into this content script once per page, or null
   * where it cannot be. */
  function loadInPage() {
    glue ??= (async () => {
      if (!mayCompile()) return null;
      const m = await import(P.url('pkg/sourcelight.js'));
      const [, lexicon, student] = await Promise.all([
        m.default({ module_or_path: P.url('pkg/sourcelight_bg.wasm') }),
        fetch(P.url('pkg/en.lexicon.txt')).then((r) => r.text()),
        fetch(P.url('pkg/en.student')).then((r) => r.arrayBuffer()),
      ]);
      // Without the language's data the module cannot label: then the
      // background route serves every pass.
      m.loadLanguage(lexicon, new Uint8Array(student));
      return m;
    })().catch(() => null);
    return glue;
  }

  /** Wraps the wasm's PageView in the view's shape. */
  function wasmView(v) {
    return {
      ranges: v.ranges,
      byNode: v.byNode,
      scopes: v.scopes,
      paint: (show, palette, focus) => v.paint(show, palette, focus),
      clear: () => v.clear(),
      paintAs: (i, label) => v.paintAs(i, label),
      free: () => v.free(),
    };
  }

  async function inPage(m, corrections) {
    const [cues, fixes] = await Promise.all([userCues(), corrections]);
    const t0 = performance.now();
    const v = m.annotatePage(document.body, cues, new Date().toISOString(), fixes);
    const t1 = performance.now();
    const [nodes, readMs, wasmMs, rangesMs] = v.timing;
    // The answer is read a line at a time, so a long one never holds the page.
    const slices = globalThis.SourcelightWalker.slicer(SLICE_MS);
    const result = await globalThis.SourcelightWalker.readAnswer(v.takeAnswer(), slices, word);
    const timing = { route: 'page', nodes, snapshotMs: readMs, engineMs: t1 - t0, wasmMs, rangesMs, anchorMs: performance.now() - t1,
      longestTaskMs: Math.max(t1 - t0, slices.longest()) };
    return { result, view: wasmView(v), timing, slices };
  }

  // A small article of our own, in a document of its own (never the
  // page's), for the warm-up.
  function warmUpBody() {
    const doc = document.implementation.createHTMLDocument('');
    const p = doc.createElement('p');
    p.textContent = 'The council said on Monday that the bridge would reopen, according to a report. '
      + 'Officials reportedly want a second crossing. Traffic fell by a third. It may close again in May.';
    const article = doc.createElement('article');
    article.append(p);
    doc.body.append(article);
    return doc.body;
  }

  let warm = null; // the module, once loaded here and warmed up
  let warming = null;
  /** Loads the module here and warms it up when the page is idle: the first
   * call builds the engine (lexicons, model) and compiles most of the code,
   * which is what makes a cold in-page pass slow. */
  function warmUp() {
    warming ??= new Promise((resolve) => {
      const idle = globalThis.requestIdleCallback ?? ((f) => setTimeout(f, 50));
      idle(() => loadInPage().then((m) => {
        if (m) {
          try {
            m.annotatePage(warmUpBody(), [], '', []).free();
            warm = m;
          } catch {
            // the background route stays in use
          }
        }
        resolve(warm);
      }), { timeout: 2000 });
    });
    return warming;
  }

  /** The module for this pass, or null for the background route. A page's
   * first pass goes to the background, whose engine is warm, while the
   * module loads and warms up here; later passes (mutations, corrections)
   * run here if the last pass says this one fits in `IN_PAGE_BUDGET_MS`:
   * its reading of the page plus its engine time, which is what an in-page
   * pass does in one task (reading through web-sys costs more than the
   * snapshot, hence `overBudget`). The
   * `engineRoute` preference, for troubleshooting and the tests: 'page' runs
   * here whenever it may (cold, and whatever the size), 'background' never. */
  async function routeFor(force, cost) {
    if (force === 'background' || !document.body) return null;
    if (force === 'page') return loadInPage();
    if (warm && !overBudget && cost <= IN_PAGE_BUDGET_MS) return warm;
    return null;
  }

  // The `engineRoute` preference, read once and kept up to date.
  let forced = P.local.get('engineRoute').then((got) => got.engineRoute, () => undefined);
  let lastCost = Infinity; // what the last pass says an in-page pass would hold the thread for, ms
  let overBudget = false; // an in-page pass here took twice the budget

  /** Annotates the page with `corrections` (a promise of them, flat as
   * corrections.js gives them: the page is read meanwhile): {result, view,
   * timing, slices}. */
  async function annotate(corrections) {
    const m = await routeFor(await forced, lastCost);
    let out = null;
    let failed = null;
    if (m) {
      try {
        out = await inPage(m, corrections);
      } catch (e) {
        failed = String(e?.message ?? e); // the background route has the same engine
      }
    }
    out ??= await inBackground(corrections);
    const t = out.timing;
    if (failed) t.inPageError = failed; // for the benchmarks and bug reports
    lastCost = t.route === 'page' ? t.engineMs : t.snapshotMs + (t.wasmMs ?? Infinity);
    if (t.route === 'page' && t.engineMs > 2 * IN_PAGE_BUDGET_MS) overBudget = true;
    // No module for pages whose passes will not fit here anyway.
    if (t.route === 'background' && lastCost <= 4 * IN_PAGE_BUDGET_MS && (await forced) !== 'background') warmUp();
    return out;
  }

  // Exports and the style sheet's text come from the background on either
  // route: they are rare, and the background has the module warm.
  const w3c = async (annotations, articleText) => (await ask({ type: MSG.w3c, annotations, articleText })).value;
  const csv = async (annotations) => (await ask({ type: MSG.csv, annotations })).value;

  /** The highlight style sheet's text (for shadow roots and frames). */
  const css = async () => String((await ask({ type: MSG.css })).value);

  P.onStorageChanged((changes) => {
    if ('cues' in changes) cuesRead = null;
    if ('engineRoute' in changes) forced = Promise.resolve(changes.engineRoute.newValue);
  });

  globalThis.SourcelightEngine = Object.freeze({ connect: globalThis.SourcelightPort.connect, annotate, w3c, csv, css });
})();
