// Sourcelight painter for the background route: makes the answer's ranges in
// the page from the snapshot's nodes and registers them with the CSS Custom
// Highlight API, which colours text without changing the page's DOM. On the
// in-page route the wasm does the same itself (src/web/src/page.rs, PageView);
// both give a view of the same shape, and the browser tests require the same
// highlights from both.
(() => {
  'use strict';
  if (globalThis.SourcelightPaint) return;
  const { PAINTED: LABELS } = globalThis.SourcelightNames;

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

  /** The view of an answer (`result`, from readAnswer) over the snapshot's
   * `nodes`, made in `slices` (a slicer: 100,000 ranges are made a few
   * hundred at a time). */
  async function view(result, nodes, slices) {
    const sentences = result.annotations.sentences;
    const ranges = new Array(result.anchors.length).fill(null);
    const byNode = new Map(); // Text node -> sentence indices touching it
    // One Highlight per label (per document), filled here: painting and
    // toggling then only register them (100,000 ranges added in one go took 51 ms).
    const highlights = new Map();
    const scopes = new Set(); // open shadow roots and frame documents holding ranges
    let lastParent = null;
    for (let i = 0; i < result.anchors.length; i++) {
      if ((i & 255) === 255) await slices.next();
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
    let painted = []; // [registry, name] of the highlights registered
    const clear = () => {
      for (const [reg, name] of painted) reg.delete(name);
      painted = [];
    };
    return {
      ranges,
      byNode,
      scopes: [...scopes],
      /** Registers the highlights of the labels in `show` (a bit per label,
       * in LABELS' order), names ending in `palette`, and sentence `focus`'s. */
      paint(show, palette, focus) {
        clear();
        const set = (doc, name, highlight) => {
          const full = 'sourcelight-' + name + palette;
          const reg = registry(doc);
          if (!reg) return;
          reg.set(full, highlight);
          painted.push([reg, full]);
        };
        for (const [doc, hs] of highlights) {
          LABELS.forEach((label, k) => {
            if (show & (1 << k)) set(doc, label, hs[label]);
          });
        }
        const f = ranges[focus];
        if (f) {
          const doc = f.startContainer.ownerDocument;
          const H = doc === document ? Highlight : doc.defaultView.Highlight;
          set(doc, 'focus', new H(f));
        }
      },
      clear,
      /** Moves sentence `i` into `label`'s highlight at once. */
      paintAs(i, label) {
        const r = ranges[i];
        if (!r) return;
        const hs = highlightsOf(highlights, r.startContainer.ownerDocument);
        for (const l of LABELS) hs[l].delete(r);
        hs[label]?.add(r);
      },
      free() {},
    };
  }

  globalThis.SourcelightPaint = Object.freeze({ view });
})();
