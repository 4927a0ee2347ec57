// The names every script of the extension and the playground shares,
// declared once: the labels, and the messages between the page, the panel
// and the background. A classic script (content scripts cannot import), so
// the modules import it for its global.
(() => {
  'use strict';
  if (globalThis.SourcelightNames) return;
  /** Every label, in the model's order (src/engine/src/annotation.rs). */
  const LABELS = Object.freeze(['sourced', 'unsourced', 'speculative', 'none']);
  /** The labels that are painted; each has a ::highlight(sourcelight-<label>) style. */
  const PAINTED = Object.freeze(LABELS.slice(0, 3));
  const MSG = Object.freeze({
    // to the page (content.js)
    on: 'sl:on', toggle: 'sl:toggle', set: 'sl:set', status: 'sl:status', export: 'sl:export', import: 'sl:import', pass: 'sl:pass',
    // to the background (bg.js)
    activate: 'sl:activate', annotate: 'sl:annotate', part: 'sl:part', w3c: 'sl:w3c', csv: 'sl:csv', css: 'sl:css', stats: 'sl:stats',
    /** The name of the page's port to the background engine. */
    port: 'sl:engine',
  });
  globalThis.SourcelightNames = Object.freeze({ LABELS, PAINTED, MSG });
})();
