// Sourcelight page walker: turns the live DOM under <body> into the snapshot
// the engine reads, one string in the format src/engine/src/snapshot.rs describes and
// reads, and reads the engine's answer back (readAnswer, src/web/src/answer.rs). It
// keeps exactly what the native HTML front end keeps (src/engine/src/html.rs), so the
// extension and the CLI see the same article. No decisions are made here: it
// only copies.
(() => {
  'use strict';
  if (globalThis.SourcelightWalker) return;
  // Keep in step with KEPT_ATTRIBUTES and OPAQUE_TAGS in src/engine/src/dom.rs.
  const KEPT = ['id', 'class', 'role', 'itemprop', 'hidden', 'aria-hidden', 'style', 'href', 'rel', 'contenteditable'];
  // Elements whose content is never article text: their children are not copied.
  const OPAQUE = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title', 'head', 'nav', 'aside', 'footer', 'button', 'select', 'option', 'input', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'svg', 'math', 'dialog', 'menu', 'map']);
  const ELEMENT = 1, TEXT = 3, CDATA = 4;
  // An attribute is written as a letter: 'a' + its index in KEPT.
  const LETTER = new Map(KEPT.map((name, i) => [name, String.fromCharCode(97 + i)]));
  const str = (s) => s.length + ':' + s; // length-prefixed: page text is never escaped

  /** Copies the tree under `root` into `out.text` (the snapshot) and `nodes`
   * (node i's DOM node), pausing (yield) every 256 nodes so a caller can
   * spread a big page over several tasks. */
  function* walk(root, out, nodes) {
    if (!root) return;
    // Explicit stacks (node, parent index): pages can nest thousands deep.
    // The head's JSON-LD scripts follow the body as roots of their own, as
    // in src/engine/src/html.rs: they may declare the article's body.
    const stack = [...declarations(root).reverse(), root];
    const parents = stack.map(() => -1);
    let count = 0;
    let text = out.text;
    while (stack.length) {
      if ((++count & 255) === 0) {
        out.text = text;
        yield;
        text = out.text; // the caller may have taken what was written so far
      }
      const node = stack.pop();
      const parent = parents.pop();
      const id = nodes.length;
      const back = parent < 0 ? 0 : id - parent;
      const type = node.nodeType;
      if (type === TEXT || type === CDATA) {
        text += 'T' + back + ',' + str(node.data);
        nodes.push(node);
        continue;
      }
      if (type !== ELEMENT) continue;
      const tag = String(node.localName || '').toLowerCase();
      text += 'E' + back + ',' + str(tag);
      // The element's own few attributes, not ten lookups per element: this
      // loop is most of the time the page thread spends on us.
      if (node.hasAttributes()) {
        const names = node.getAttributeNames();
        for (let i = 0; i < names.length; i++) {
          const letter = LETTER.get(names[i]);
          if (letter) text += letter + str(node.getAttribute(names[i]) ?? '');
        }
      }
      nodes.push(node);
      // A same-origin frame's body stands as the frame element's one child
      // (a cross-origin frame cannot be read and stays opaque).
      if (tag === 'iframe') {
        const body = frameBody(node);
        if (body) {
          stack.push(body);
          parents.push(id);
        }
        continue;
      }
      // A JSON-LD script's text is copied: it may declare the article body
      // (is_json_ld in src/engine/src/dom.rs).
      if (OPAQUE.has(tag) && !(tag === 'script' && isJsonLd(node))) continue;
      // The tree as it renders: an open shadow root in place of the light
      // children (which come back through its slots), a slot's assigned
      // nodes in place of its fallback. Closed shadow roots read as null.
      const shadow = node.shadowRoot;
      const assigned = tag === 'slot' && typeof node.assignedNodes === 'function' ? node.assignedNodes() : null;
      if (assigned?.length) {
        for (let k = assigned.length - 1; k >= 0; k--) {
          stack.push(assigned[k]);
          parents.push(id);
        }
        continue;
      }
      // Last child first, so the first pops first. Sibling links, not
      // childNodes: that makes a NodeList object per element.
      for (let kid = (shadow ?? node).lastChild; kid; kid = kid.previousSibling) {
        stack.push(kid);
        parents.push(id);
      }
    }
    out.text = text;
  }

  /** The body of a same-origin frame, or null. */
  function frameBody(frame) {
    try {
      return frame.contentDocument?.body ?? null;
    } catch {
      return null; // cross-origin
    }
  }

  const isJsonLd = (el) => /^\s*application\/ld\+json\s*$/i.test(el.getAttribute('type') ?? '');

  /** The JSON-LD scripts of the head, when `root` is the body. */
  function declarations(root) {
    const doc = root.ownerDocument;
    if (!doc || root !== doc.body || !doc.head) return [];
    return Array.prototype.filter.call(doc.head.getElementsByTagName('script'), isJsonLd);
  }

  /** The page `root` belongs to; the playground names its own. */
  const here = () => ({ url: location.href, title: document.title, lang: document.documentElement?.lang ?? '' });
  // The format's version and the page: src/engine/src/snapshot.rs.
  const start = (page) => ({ text: 'SL2' + str(String(page.url ?? '')) + str(String(page.title ?? '')) + str(String(page.lang ?? '')) });

  /** Returns {snapshot, nodes}: the snapshot text, and nodes[i], the DOM node
   * of its node i. */
  function snapshot(root, page = here()) {
    const out = start(page);
    const nodes = [];
    const steps = walk(root, out, nodes);
    while (!steps.next().done);
    return { snapshot: out.text, nodes };
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
      /** A promise when the page's turn has come, else undefined. */
      next() {
        const spent = performance.now() - start;
        if (spent < sliceMs) return undefined;
        longest = Math.max(longest, spent);
        return pause().then(() => {
          start = performance.now();
        });
      },
      longest: () => Math.max(longest, performance.now() - start),
    };
  }

  /** The same snapshot taken in `slices` (a slicer), so a huge page never
   * blocks its thread for long. The DOM may change between slices: every node
   * copied is still a real node, and a change sets off a fresh pass through
   * the MutationObserver anyway. With `onPart`, whatever was written before
   * each of the page's turns is handed to it (so the caller can send it on
   * while the rest is taken), and `snapshot` is only the last part. */
  async function snapshotInSlices(root, slices, page = here(), onPart = null) {
    const out = start(page);
    const nodes = [];
    const steps = walk(root, out, nodes);
    while (!steps.next().done) {
      const turn = slices.next();
      if (onPart && turn) {
        onPart(out.text);
        out.text = '';
      }
      await turn;
    }
    return { snapshot: out.text, nodes };
  }

  /** A `word(key, args)` over a parsed `_locales/<lang>/messages.json`, as
   * the browser's `i18n.getMessage` words it (placeholders `$name$` whose
   * content is `$1`, `$2`, …): for the playground, which has no `i18n`. */
  const wordsFrom = (messages) => (key, args = []) => {
    const m = messages?.[key];
    if (!m) return key;
    return m.message.replace(/\$(\w+)\$/g, (_, name) => {
      const content = m.placeholders?.[name.toLowerCase()]?.content ?? '';
      return content.replace(/\$(\d)/g, (__, d) => args[Number(d) - 1] ?? '');
    });
  };

  /** A reason as the engine gives it (`[[key, arg, …], …]`: the `why_*`
   * messages of `_locales` and the page's words; src/engine/src/reason.rs)
   * in words, its messages one after the other. */
  const wordWhy = (why, word) => (Array.isArray(why) ? why.map(([key, ...args]) => word(String(key), args.map(String))).join(' ') : String(why ?? ''));

  /** A sentence of the answer with its text, and its cues' texts, cut back
   * out of the article text (the answer leaves them out: src/web/src/answer.rs),
   * and its reason worded; keys in the model's order. */
  const withText = (s, article, word) => ({
    id: s.id,
    text: article.slice(s.start, s.end),
    ...s,
    cues: (s.cues ?? []).map((c) => ({ kind: c.kind, text: article.slice(c.start, c.end), ...c })),
    why: wordWhy(s.why, word),
  });

  /** Reads the engine's answer (JSON lines: a head, then parts of up to
   * 1,000 sentences; src/web/src/answer.rs) back into {annotations,
   * articleText, anchors}, a line at a time: with `slices` (a slicer), the
   * page gets its turn between lines, so a huge answer never holds it long.
   * `word(key, args)` words the reasons (the extension's `i18n`, or
   * `wordsFrom` the playground's messages). */
  async function readAnswer(text, slices, word) {
    let end = text.indexOf('\n');
    if (end < 0) end = text.length;
    const answer = JSON.parse(text.slice(0, end));
    const sentences = answer.annotations.sentences; // empty in the head
    const anchors = (answer.anchors = []);
    while (end < text.length) {
      if (slices) await slices.next();
      const from = end + 1;
      end = text.indexOf('\n', from);
      if (end < 0) end = text.length;
      const part = JSON.parse(text.slice(from, end));
      for (const s of part.sentences) sentences.push(withText(s, answer.articleText, word));
      for (const a of part.anchors) anchors.push(a);
    }
    return answer;
  }

  globalThis.SourcelightWalker = Object.freeze({ snapshot, snapshotInSlices, slicer, readAnswer, wordsFrom });
})();
