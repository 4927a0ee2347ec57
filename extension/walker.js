// Sourcelight page walker: turns the live DOM under <body> into the flat
// snapshot the engine reads (Rust: src/dom.rs, `Snapshot`). It keeps exactly
// what the native HTML front end keeps (src/html.rs), so the extension and the
// CLI see the same article. No decisions are made here: it only copies.
(() => {
  'use strict';
  if (globalThis.SourcelightWalker) return;
  // Keep in step with KEPT_ATTRIBUTES and OPAQUE_TAGS in src/dom.rs.
  const KEPT = ['id', 'class', 'role', 'itemprop', 'hidden', 'aria-hidden', 'style', 'href', 'rel', 'contenteditable'];
  const OPAQUE = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title']);
  const ELEMENT = 1, TEXT = 3, CDATA = 4;

  /** Returns {snapshot, nodes}: nodes[i] is the DOM node of snapshot.nodes[i]. */
  function snapshot(root) {
    const out = [];
    const nodes = [];
    if (!root) return { snapshot: { url: location.href, title: document.title, nodes: out }, nodes };
    // Explicit stack: pages can nest thousands deep.
    const stack = [[root, -1]];
    while (stack.length) {
      const [node, parent] = stack.pop();
      const type = node.nodeType;
      if (type === TEXT || type === CDATA) {
        out.push({ p: parent, t: '#text', x: node.data });
        nodes.push(node);
        continue;
      }
      if (type !== ELEMENT) continue;
      const tag = String(node.localName || '').toLowerCase();
      const a = [];
      for (const name of KEPT) {
        const v = node.getAttribute(name);
        if (v !== null) a.push(name, v);
      }
      const id = out.length;
      out.push(a.length ? { p: parent, t: tag, a } : { p: parent, t: tag });
      nodes.push(node);
      if (OPAQUE.has(tag)) continue;
      const kids = node.childNodes;
      for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], id]);
    }
    return { snapshot: { url: location.href, title: document.title, nodes: out }, nodes };
  }

  globalThis.SourcelightWalker = Object.freeze({ snapshot });
})();
