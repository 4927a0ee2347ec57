// The reader's corrections as they are kept: one record per page, under
// the page's address without its fragment, holding per sentence key (the
// engine's hash of the sentence's text, src/engine/src/correction.rs) the reader's
// label, comment, time and the sentence's text. The engine applies them
// (annotateSnapshot / annotateText take them flat); this file only keeps
// them. Shared by the content script, the panel, the options page and the
// playground, which each bring their own storage.
(() => {
  'use strict';
  if (globalThis.SourcelightCorrections) return;
  const { LABELS } = globalThis.SourcelightNames;
  const PREFIX = 'corrections:';
  const KEY = /^[0-9a-f]{16}$/;
  const COMMENT_MAX = 500;

  /** The page a correction belongs to: its address without the fragment. */
  function pageOf(url) {
    const s = String(url ?? '');
    const hash = s.indexOf('#');
    return hash < 0 ? s : s.slice(0, hash);
  }

  const storageKey = (url) => PREFIX + pageOf(url);

  /** A correction entry as kept, or null if `c` is not one. */
  const entry = (key, c) => (KEY.test(key) && LABELS.includes(c?.label)
    ? { label: c.label, comment: String(c.comment ?? '').slice(0, COMMENT_MAX), at: String(c.at ?? ''), text: String(c.text ?? '') }
    : null);

  /** An empty record for `url`. */
  const empty = (url, title = '') => ({ url: pageOf(url), title: String(title), items: {} });

  /** A stored value as a record, whatever was stored (nothing, or something
   * damaged): entries that are not corrections are dropped, never thrown on. */
  function record(value, url) {
    const r = empty(url, value?.title);
    const items = value && typeof value.items === 'object' && value.items ? value.items : {};
    for (const [key, c] of Object.entries(items)) {
      const e = entry(key, c);
      if (e) r.items[key] = e;
    }
    return r;
  }

  /** The engine's argument: [key, text, label, comment, at, ...], oldest first. */
  function flat(r) {
    const out = [];
    const items = Object.entries(r?.items ?? {}).sort((a, b) => (a[1].at < b[1].at ? -1 : a[1].at > b[1].at ? 1 : 0));
    for (const [key, c] of items) out.push(key, c.text, c.label, c.comment, c.at);
    return out;
  }

  /** `r` with sentence `s` (an annotations@2 sentence) corrected to `label`,
   * or its correction removed when `label` is null; and what it had before
   * (for undo). */
  function withCorrection(r, s, label, comment = '') {
    const items = { ...r.items };
    const before = items[s.key] ?? null;
    if (label === null || label === undefined) delete items[s.key];
    else items[s.key] = { label, comment: String(comment).trim().slice(0, COMMENT_MAX), at: new Date().toISOString(), text: String(s.text) };
    return { record: { ...r, items }, before };
  }

  /** `r` with entry `key` put back as it was (`before`: an entry or null). */
  function restore(r, key, before) {
    const items = { ...r.items };
    if (before) items[key] = before;
    else delete items[key];
    return { ...r, items };
  }

  class ImportError extends Error {
    constructor(code, detail = '') {
      super(code + (detail ? ': ' + detail : ''));
      this.code = code; // not_json | not_annotations | other_page | no_corrections
      this.detail = detail;
    }
  }

  /** The corrections of an exported annotations file (`text`), for the page
   * at `url`; throws an ImportError saying what is wrong with the file. */
  function fromExport(text, url) {
    let a;
    try {
      a = JSON.parse(text);
    } catch (e) {
      throw new ImportError('not_json', String(e?.message ?? e));
    }
    const schema = String(a?.schema ?? '');
    if (!/^sourcelight\/annotations@[12]$/.test(schema) || !Array.isArray(a.sentences)) throw new ImportError('not_annotations', schema);
    if (pageOf(a.url) !== pageOf(url)) throw new ImportError('other_page', String(a.url ?? ''));
    const items = {};
    const kept = [...a.sentences.filter((s) => s?.correction).map((s) => ({ ...s.correction, key: s.key, text: s.text })),
      ...(Array.isArray(a.corrections_not_found) ? a.corrections_not_found : [])];
    for (const c of kept) {
      const e = entry(c?.key, c);
      if (e) items[c.key] = e;
    }
    if (!Object.keys(items).length) throw new ImportError('no_corrections', schema);
    return items;
  }

  /** `r` with `items` added (an import's entries replace the page's own for the same sentence). */
  const merged = (r, items) => ({ ...r, items: { ...r.items, ...items } });

  globalThis.SourcelightCorrections = Object.freeze({
    LABELS, PREFIX, COMMENT_MAX, pageOf, storageKey, empty, record, flat, withCorrection, restore, fromExport, merged, ImportError,
  });
})();
