// The reader's own cue words (options page, storage.sync `cues`), flat as
// the engine takes them: [section, phrase, section, phrase, ...]. Read by
// the engine's two hosts: bg.js and, on the in-page route, engine.js.
(() => {
  'use strict';
  if (globalThis.SourcelightCues) return;
  /** The stored list, checked: pairs of strings only. */
  const flat = (cues) => (Array.isArray(cues) ? cues : []).filter((c) => Array.isArray(c) && c.length === 2).flat().map(String);
  globalThis.SourcelightCues = Object.freeze({ flat });
})();
