// Sourcelight page walker: turns the live DOM under <body> into the flat
// snapshot the engine reads (Rust: src/dom.rs, `Snapshot`). It keeps exactly
// what the native HTML front end keeps (src/html.rs), so the extension and the
// CLI see the same article. No decisions are made here: it only copies.
(() => {
  'use strict';
  if (globalThis.SourcelightWalker) return;
  // Keep in step with KEPT_ATTRIBUTES and OPAQUE_TAGS in src/dom.rs.
  const KEPT = ['id', 'class', 'role', 'itemprop', 'hidden', 'aria-hidden', 'style', 'href', 'rel', 'contenteditable'];
  // Elements whose content is never article text: their children are not copied.
  const OPAQUE = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title', 'head', 'nav', 'aside', 'footer', 'form', 'button', 'select', 'option', 'input', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'svg', 'math', 'dialog', 'menu', 'map']);
  const ELEMENT = 1, TEXT = 3, CDATA = 4;
  const KEEP = new Set(KEPT);

  /** Copies the tree under `root` into `out` (snapshot nodes) and `nodes`
   * (their DOM nodes), pausing (yield) every 256 nodes so a caller can
   * spread a big page over several tasks. */
  function* walk(root, out, nodes) {
    if (!root) return;
    // Explicit stacks (node, parent index): pages can nest thousands deep.
    const stack = [root];
    const parents = [-1];
    let count = 0;
    while (stack.length) {
      if ((++count & 255) === 0) yield;
      const node = stack.pop();
      const parent = parents.pop();
      const type = node.nodeType;
      if (type === TEXT || type === CDATA) {
        out.push({ p: parent, t: '#text', x: node.data });
        nodes.push(node);
        continue;
      }
      if (type !== ELEMENT) continue;
      const tag = String(node.localName || '').toLowerCase();
      // The element's own few attributes, not ten lookups per element: this
      // loop is most of the time the page thread spends on us.
      const a = [];
      if (node.hasAttributes()) {
        const attrs = node.attributes;
        for (let i = 0; i < attrs.length; i++) {
          const at = attrs[i];
          if (KEEP.has(at.name)) a.push(at.name, at.value);
        }
      }
      const id = out.length;
      out.push(a.length ? { p: parent, t: tag, a } : { p: parent, t: tag });
      nodes.push(node);
      if (OPAQUE.has(tag)) continue;
      const kids = node.childNodes;
      for (let i = kids.length - 1; i >= 0; i--) {
        stack.push(kids[i]);
        parents.push(id);
      }
    }
  }

  const result = (out, nodes) => ({ snapshot: { url: location.href, title: document.title, nodes: out }, nodes });

  /** Returns {snapshot, nodes}: nodes[i] is the DOM node of snapshot.nodes[i]. */
  function snapshot(root) {
    const out = [];
    const nodes = [];
    const steps = walk(root, out, nodes);
    while (!steps.next().done);
    return result(out, nodes);
  }

  /** Gives the page's own work a turn. */
  const pause = () => (globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((r) => setTimeout(r, 0)));

  /** Time slices for a long loop on the page's thread: call `await
   * slices.next()` often; it gives the page a turn once about `sliceMs` have
   * passed. `longest()` is the longest slice so far, the current one included
   * (what the benchmarks report as our longest stretch on the page's thread). */
  function slicer(sliceMs) {
    let start = performance.now();
    let longest = 0;
    return {
      async next() {
        const spent = performance.now() - start;
        if (spent < sliceMs) return;
        longest = Math.max(longest, spent);
        await pause();
        start = performance.now();
      },
      longest: () => Math.max(longest, performance.now() - start),
    };
  }

  /** The same snapshot taken in `slices` (a slicer), so a huge page never
   * blocks its thread for long. The DOM may change between slices: every node
   * copied is still a real node, and a change sets off a fresh pass through
   * the MutationObserver anyway. */
  async function snapshotInSlices(root, slices) {
    const out = [];
    const nodes = [];
    const steps = walk(root, out, nodes);
    while (!steps.next().done) await slices.next();
    return result(out, nodes);
  }

  globalThis.SourcelightWalker = Object.freeze({ snapshot, snapshotInSlices, slicer });
})();
